/**
 * The module graph: one node per module (keyed by its dotted name), one directed edge per importer →
 * imported pair carrying every import site between them. Built once per check; the explorer, graph
 * export and startup analysis read it through this small typed API.
 */
import { createRequire } from 'node:module';
import type graphology from 'graphology';
import type { Scope } from '../model/module-facts.js';

export type ModuleNodeKind = 'module' | 'package' | 'namespace' | 'stub' | 'extension' | 'external' | 'missing';

export interface ModuleNode {
  kind: ModuleNodeKind;
  /** The file that defines it, relative to the analysed root (first-party modules only). */
  file?: string;
}

export interface ImportEdgeSite {
  file: string;
  line: number;
  scope: Scope;
  guarded: boolean;
  /** `missing` marks the edges of broken imports (unresolved module or name). */
  status: 'resolved' | 'missing' | 'external';
}

export interface ImportEdge {
  sites: ImportEdgeSite[];
}

// Loaded on first use: a run answered from the result cache builds no graph and never pays for it.
let DirectedGraph: typeof graphology.DirectedGraph | undefined;
const directedGraph = () => (DirectedGraph ??= (createRequire(import.meta.url)('graphology') as typeof graphology).DirectedGraph);

export class ModuleGraph {
  readonly graph = new (directedGraph())<ModuleNode, ImportEdge>();

  addModule(name: string, node: ModuleNode): void {
    if (!this.graph.hasNode(name)) this.graph.addNode(name, node);
    else if (this.graph.getNodeAttribute(name, 'kind') === 'missing' && node.kind !== 'missing') this.graph.replaceNodeAttributes(name, node);
  }

  addImport(from: string, to: string, site: ImportEdgeSite): void {
    this.addImports(from, to, [site]);
  }

  /** Every site of `from` importing `to` at once (the edge's key is the pair: no generated keys). */
  addImports(from: string, to: string, sites: ImportEdgeSite[]): void {
    if (!this.graph.hasNode(to)) this.addModule(to, { kind: sites[0]?.status === 'missing' ? 'missing' : 'external' });
    if (!this.graph.hasNode(from)) this.addModule(from, { kind: 'module' });
    const key = `${from}\0${to}`;
    if (this.graph.hasEdge(key)) this.graph.getEdgeAttribute(key, 'sites').push(...sites);
    else this.graph.addDirectedEdgeWithKey(key, from, to, { sites });
  }

  modules(): string[] {
    return this.graph.nodes().sort();
  }

  node(name: string): ModuleNode | undefined {
    return this.graph.hasNode(name) ? this.graph.getNodeAttributes(name) : undefined;
  }

  /** Modules `name` imports, sorted. */
  importsOf(name: string): string[] {
    return this.graph.hasNode(name) ? this.graph.outNeighbors(name).sort() : [];
  }

  /** Modules that import `name`, sorted. */
  importersOf(name: string): string[] {
    return this.graph.hasNode(name) ? this.graph.inNeighbors(name).sort() : [];
  }

  sites(from: string, to: string): readonly ImportEdgeSite[] {
    return this.graph.hasEdge(from, to) ? this.graph.getEdgeAttribute(from, to, 'sites') : [];
  }
}
