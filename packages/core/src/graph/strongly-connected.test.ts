import graphology from 'graphology';
import { stronglyConnectedComponents } from 'graphology-components';
import { describe, expect, it } from 'vitest';
import { stronglyConnected } from './strongly-connected.js';

const DirectedGraph = (graphology as unknown as { DirectedGraph: typeof graphology.DirectedGraph }).DirectedGraph;
const normal = (components: string[][]) => components.map((c) => [...c].sort()).sort((a, b) => (a.join() < b.join() ? -1 : 1));

describe('stronglyConnected', () => {
  it('agrees with graphology-components on random graphs', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 50; round++) {
      const n = 1 + Math.floor(random() * 40);
      const edges = new Map<string, string[]>();
      const graph = new DirectedGraph();
      for (let i = 0; i < n; i++) (edges.set(`m${i}`, []), graph.addNode(`m${i}`));
      for (let e = 0; e < n * 2 * random(); e++) {
        const [a, b] = [`m${Math.floor(random() * n)}`, `m${Math.floor(random() * n)}`];
        if (a === b || graph.hasEdge(a, b)) continue;
        edges.get(a)!.push(b);
        graph.addEdge(a, b);
      }
      expect(normal(stronglyConnected(edges))).toEqual(normal(stronglyConnectedComponents(graph)));
    }
  });

  it('walks a chain and a cycle of 10,000 modules without overflowing the stack', () => {
    const chain = new Map(Array.from({ length: 10_000 }, (_, i) => [`m${i}`, i < 9_999 ? [`m${i + 1}`] : []]));
    expect(stronglyConnected(chain)).toHaveLength(10_000);
    const cycle = new Map(Array.from({ length: 10_000 }, (_, i) => [`m${i}`, [`m${(i + 1) % 10_000}`]]));
    expect(stronglyConnected(cycle).map((c) => c.length)).toEqual([10_000]);
  });
});
