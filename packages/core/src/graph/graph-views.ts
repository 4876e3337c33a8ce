/**
 * Views of the module graph for `preflight graph`: the whole project, the neighbourhood of one module
 * (`focus`, `depth`, `reverse`), what one service imports at startup, only the import cycles, and
 * packages collapsed to a depth. Each returns a plain `GraphView` the serialisers turn into text.
 */
import { createRequire } from 'node:module';
import type { stronglyConnectedComponents as StronglyConnected } from 'graphology-components';
import type { ImportEdgeSite, ModuleGraph, ModuleNodeKind } from './module-graph.js';

export interface ViewNode {
  id: string;
  kind: ModuleNodeKind;
  file?: string;
  /** Error findings located in the module (or, collapsed, in its package). */
  errors: number;
}

export interface ViewEdge {
  from: string;
  to: string;
  /** `missing` when any import between them is broken (drawn red). */
  status: 'resolved' | 'missing' | 'external';
  /** Number of import statements. */
  imports: number;
}

export interface GraphView {
  nodes: ViewNode[];
  edges: ViewEdge[];
}

export interface ViewOptions {
  /** Only these modules (e.g. what a service imports at startup). */
  only?: ReadonlySet<string>;
  /** The neighbourhood of a module: what it imports (or, `reverse`, what imports it), `depth` steps away. */
  focus?: { module: string; depth: number; reverse: boolean };
  /** Only modules in import cycles (strongly connected components of two or more, or importing themselves). */
  cycles?: boolean;
  /** Keep third-party and standard-library modules (left out by default). */
  external?: boolean;
  /** Collapse modules to their package of this depth (`a.b.c` → `a.b` at 2). */
  collapse?: number;
  /** Error findings per module. */
  errors?: ReadonlyMap<string, number>;
}

export function graphView(graph: ModuleGraph, options: ViewOptions = {}): GraphView {
  const g = graph.graph;
  let keep = new Set(g.nodes().filter((n) => options.external || g.getNodeAttribute(n, 'kind') !== 'external'));
  if (options.only) keep = new Set([...keep].filter((n) => options.only!.has(n)));
  if (options.focus) {
    const { module, depth, reverse } = options.focus;
    const reached = new Set<string>(g.hasNode(module) ? [module] : []);
    let frontier = [...reached];
    for (let d = 0; d < depth && frontier.length > 0; d++) {
      const next: string[] = [];
      for (const n of frontier) for (const m of reverse ? g.inNeighbors(n) : g.outNeighbors(n)) if (keep.has(m) && !reached.has(m)) (reached.add(m), next.push(m));
      frontier = next;
    }
    keep = reached;
  }
  if (options.cycles) {
    const inCycle = new Set<string>();
    const { stronglyConnectedComponents } = createRequire(import.meta.url)('graphology-components') as { stronglyConnectedComponents: typeof StronglyConnected };
    for (const component of stronglyConnectedComponents(g)) {
      if (component.length > 1 || g.hasEdge(component[0]!, component[0]!)) for (const n of component) inCycle.add(n);
    }
    keep = new Set([...keep].filter((n) => inCycle.has(n)));
  }
  const name = (n: string) => (options.collapse ? n.split('.').slice(0, options.collapse).join('.') : n);
  const nodes = new Map<string, ViewNode>();
  for (const n of [...keep].sort()) {
    const id = name(n);
    const attributes = g.getNodeAttributes(n);
    const existing = nodes.get(id);
    const errors = options.errors?.get(n) ?? 0;
    if (existing) existing.errors += errors;
    else nodes.set(id, { id, kind: id === n ? attributes.kind : 'package', ...(id === n && attributes.file ? { file: attributes.file } : {}), errors });
  }
  const edges = new Map<string, ViewEdge>();
  g.forEachEdge((_edge, attributes, from, to) => {
    if (!keep.has(from) || !keep.has(to)) return;
    const a = name(from);
    const b = name(to);
    if (a === b && options.collapse) return;
    const key = `${a}\0${b}`;
    const edge = edges.get(key) ?? { from: a, to: b, status: 'resolved' as ViewEdge['status'], imports: 0 };
    edge.imports += attributes.sites.length;
    edge.status = worst(edge.status, attributes.sites);
    edges.set(key, edge);
  });
  return { nodes: [...nodes.values()], edges: [...edges.values()].sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : x.to < y.to ? -1 : x.to > y.to ? 1 : 0)) };
}

function worst(status: ViewEdge['status'], sites: readonly ImportEdgeSite[]): ViewEdge['status'] {
  if (status === 'missing' || sites.some((s) => s.status === 'missing' && !s.guarded)) return 'missing';
  return sites.every((s) => s.status === 'external') ? 'external' : status;
}
