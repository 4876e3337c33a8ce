/**
 * `preflight graph` output: a GraphView as DOT (Graphviz), Mermaid, JSON, GEXF (Gephi, via
 * graphology-gexf) or GraphML. Broken imports are red edges; modules with errors are red nodes.
 */
import type graphology from 'graphology';
import { createRequire } from 'node:module';
import type { GraphView } from '@preflight/core';

export const GRAPH_FORMATS = ['dot', 'mermaid', 'json', 'gexf', 'graphml'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export function formatGraph(view: GraphView, format: GraphFormat): string {
  switch (format) {
    case 'dot':
      return dot(view);
    case 'mermaid':
      return mermaid(view);
    case 'json':
      return `${JSON.stringify(view, null, 2)}\n`;
    case 'gexf':
      return gexfText(view);
    case 'graphml':
      return graphml(view);
  }
}

function dot(view: GraphView): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n|\r/g, '\\n')}"`;
  const lines = ['digraph preflight {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];'];
  for (const n of view.nodes) {
    const style = [
      n.errors > 0 ? 'color=red, fontcolor=red' : '', n.kind === 'missing' ? 'style=dashed, color=red' : '', n.kind === 'external' ? 'color=gray' : '',
      n.kind === 'package' ? 'shape=folder' : '',
    ].filter(Boolean).join(', ');
    lines.push(`  ${q(n.id)} [label=${q(n.errors > 0 ? `${n.id} (${n.errors} error${n.errors === 1 ? '' : 's'})` : n.id)}${style ? `, ${style}` : ''}];`);
  }
  for (const e of view.edges) lines.push(`  ${q(e.from)} -> ${q(e.to)}${e.status === 'missing' ? ' [color=red, penwidth=2]' : e.status === 'external' ? ' [color=gray]' : ''};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function mermaid(view: GraphView): string {
  const ids = new Map(view.nodes.map((n, i) => [n.id, `n${i}`]));
  const label = (s: string) => s.replace(/"/g, '#quot;').replace(/[\r\n]+/g, ' ');
  const lines = ['flowchart LR'];
  for (const n of view.nodes) lines.push(`  ${ids.get(n.id)}["${label(n.errors > 0 ? `${n.id} (${n.errors} error${n.errors === 1 ? '' : 's'})` : n.id)}"]`);
  const red: number[] = [];
  view.edges.forEach((e, i) => {
    lines.push(`  ${ids.get(e.from)} --> ${ids.get(e.to)}`);
    if (e.status === 'missing') red.push(i);
  });
  const flagged = view.nodes.filter((n) => n.errors > 0 || n.kind === 'missing').map((n) => ids.get(n.id)!);
  if (flagged.length > 0) lines.push('  classDef error stroke:#d00,color:#d00', `  class ${flagged.join(',')} error`);
  if (red.length > 0) lines.push(`  linkStyle ${red.join(',')} stroke:#d00,stroke-width:2px`);
  return `${lines.join('\n')}\n`;
}

function gexfText(view: GraphView): string {
  // Loaded here, not with the module: only `graph --format gexf` needs graphology.
  const { DirectedGraph } = createRequire(import.meta.url)('graphology') as typeof graphology;
  const g = new DirectedGraph();
  for (const n of view.nodes) g.addNode(n.id, { label: n.id, kind: n.kind, errors: n.errors, ...(n.file ? { file: n.file } : {}) });
  for (const e of view.edges) g.addEdge(e.from, e.to, { status: e.status, imports: e.imports });
  const gexf = createRequire(import.meta.url)('graphology-gexf') as { write: (graph: unknown) => string };
  return `${gexf.write(g)}\n`;
}

function graphml(view: GraphView): string {
  const x = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="file" for="node" attr.name="file" attr.type="string"/>',
    '  <key id="errors" for="node" attr.name="errors" attr.type="int"/>',
    '  <key id="status" for="edge" attr.name="status" attr.type="string"/>',
    '  <key id="imports" for="edge" attr.name="imports" attr.type="int"/>',
    '  <graph id="preflight" edgedefault="directed">',
  ];
  for (const n of view.nodes) {
    lines.push(`    <node id="${x(n.id)}"><data key="kind">${n.kind}</data>${n.file ? `<data key="file">${x(n.file)}</data>` : ''}<data key="errors">${n.errors}</data></node>`);
  }
  view.edges.forEach((e, i) => lines.push(`    <edge id="e${i}" source="${x(e.from)}" target="${x(e.to)}"><data key="status">${e.status}</data><data key="imports">${e.imports}</data></edge>`));
  lines.push('  </graph>', '</graphml>');
  return `${lines.join('\n')}\n`;
}
