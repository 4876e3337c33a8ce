/**
 * What the explorer shows, computed once from a check: findings, modules with their finding counts,
 * the package tree, import cycles, entry points, and per module its imports, importers, bindings and
 * startup chain. Plain data, so the views are pure functions of it.
 */
import { sourceLines, type Finding } from '@preflight/core';
import { describeName, type CheckResult, type NameDescription } from '@preflight/python';
import { stronglyConnectedComponents } from 'graphology-components';

export interface ExplorerModule {
  name: string;
  file?: string;
  findings: number;
}

/** A node of the package tree: a module, a package, or a folder of modules without `__init__.py`. */
export interface TreeNode {
  /** The dotted name (`a.b`); its last part is what the tree shows. */
  name: string;
  /** Whether a module of that name exists (a namespace folder may be only a node). */
  isModule: boolean;
  children: TreeNode[];
  /** Modules and findings in the node and everything under it. */
  modules: number;
  findings: number;
}

/** A name a module binds at module level, and the modules that import it from there. */
export interface BoundName {
  name: string;
  kind: string;
  line: number;
  importedBy: string[];
}

export interface ExplorerData {
  root: string;
  findings: Finding[];
  modules: ExplorerModule[];
  /** The top of the package tree. */
  tree: TreeNode[];
  cycles: string[][];
  entries: { name: string; service?: string; source: string; modules: number }[];
  counts: { files: number; modules: number; imports: number; errors: number; warnings: number; byRule: Record<string, number> };
  module(name: string): ExplorerModule | undefined;
  moduleOfFile(file: string): string | undefined;
  importsOf(module: string): { name: string; status: string; line?: number; file?: string }[];
  importersOf(module: string): { name: string; file?: string; line?: number }[];
  bindingsOf(module: string): BoundName[];
  chainTo(module: string): { entrypoints: string[]; chain: string[] } | undefined;
  /** The modules an entry point imports when its service starts, sorted. */
  startupOf(entry: string): string[];
  /** Where `from` imports `to` (its first import statement of it), if it does so in its source. */
  importSite(from: string, to: string): { file: string; line: number } | undefined;
  /** Where a name is defined, re-exported and imported. */
  name(name: string): NameDescription;
  /** A line of a project file, decoded as the analysis decoded it (read on first use). */
  codeLine(file: string, line: number): string | undefined;
}

export function explorerData(result: CheckResult): ExplorerData {
  const { report, graph, project, startup, entryPoints } = result;
  const perModule = new Map<string, number>();
  for (const f of report.findings) {
    const module = project.moduleOfFile(f.file)?.name;
    if (module) perModule.set(module, (perModule.get(module) ?? 0) + 1);
  }
  const byRule: Record<string, number> = {};
  for (const f of report.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  const modules = project.moduleNames().map((name): ExplorerModule => {
    const file = project.modulesByName(name)[0]?.file;
    return { name, ...(file ? { file } : {}), findings: perModule.get(name) ?? 0 };
  });
  const byName = new Map(modules.map((m) => [m.name, m]));
  const byFile = new Map(modules.flatMap((m) => (m.file ? [[m.file, m.name] as const] : [])));
  let importedNames: Map<string, Map<string, Set<string>>> | undefined;
  const g = graph.graph;
  return {
    root: report.root,
    findings: report.findings,
    modules,
    tree: packageTree(modules),
    cycles: stronglyConnectedComponents(g).filter((c) => c.length > 1).map((c) => [...c].sort()).sort((a, b) => b.length - a.length),
    entries: entryPoints.map((e) => ({ name: e.name, ...(e.service ? { service: e.service } : {}), source: e.source, modules: startup.modulesOf(e.name)?.size ?? 0 })),
    counts: { files: report.summary.files, modules: report.summary.modules, imports: report.summary.imports, errors: report.summary.errors, warnings: report.summary.warnings, byRule },
    module: (name) => byName.get(name),
    moduleOfFile: (file) => byFile.get(file),
    importsOf: (module) => graph.importsOf(module).map((to) => {
      const site = graph.sites(module, to)[0];
      return { name: to, status: site?.status ?? 'resolved', ...(site ? { line: site.line, file: site.file } : {}) };
    }),
    importersOf: (module) => graph.importersOf(module).map((from) => {
      const site = graph.sites(from, module)[0];
      return { name: from, ...(site ? { file: site.file, line: site.line } : {}) };
    }),
    bindingsOf: (module) => {
      importedNames ??= nameImporters(result);
      const importers = importedNames.get(module);
      const seen = new Map<string, BoundName>();
      for (const b of project.modulesByName(module)[0]?.facts.bindings ?? []) {
        if (b.kind === 'del' || seen.has(b.name)) continue;
        seen.set(b.name, { name: b.name, kind: b.kind, line: b.line, importedBy: [...(importers?.get(b.name) ?? [])].sort() });
      }
      // The names other modules use first: what a change to this module can break.
      return [...seen.values()].sort((a, b) => b.importedBy.length - a.importedBy.length || a.line - b.line);
    },
    chainTo: (module) => startup.reach(module),
    startupOf: (entry) => [...(startup.modulesOf(entry) ?? [])].sort(),
    importSite: (from, to) => {
      const site = graph.sites(from, to)[0];
      return site ? { file: site.file, line: site.line } : undefined;
    },
    name: (name) => describeName(result, name),
    codeLine: sourceLines(report.root),
  };
}

/** Per module, per name: the modules that `from module import name` (built once, on first use). */
function nameImporters(result: CheckResult): Map<string, Map<string, Set<string>>> {
  const index = new Map<string, Map<string, Set<string>>>();
  for (const i of result.imports) {
    if (i.target.status !== 'found') continue;
    let names = index.get(i.target.module.name);
    if (!names) index.set(i.target.module.name, (names = new Map()));
    for (const n of i.names) {
      let importers = names.get(n.imported.name);
      if (!importers) names.set(n.imported.name, (importers = new Set()));
      importers.add(i.importer.name);
    }
  }
  return index;
}

/** The package tree of the modules: one node per dotted prefix, sorted, counts summed up. */
export function packageTree(modules: readonly ExplorerModule[]): TreeNode[] {
  const top: TreeNode[] = [];
  const nodes = new Map<string, TreeNode>();
  const nodeOf = (name: string): TreeNode => {
    let node = nodes.get(name);
    if (node) return node;
    node = { name, isModule: false, children: [], modules: 0, findings: 0 };
    nodes.set(name, node);
    const dot = name.lastIndexOf('.');
    (dot < 0 ? top : nodeOf(name.slice(0, dot)).children).push(node);
    return node;
  };
  for (const m of modules) {
    nodeOf(m.name).isModule = true;
    // Count the module in itself and every package above it.
    for (let prefix = m.name; ; prefix = prefix.slice(0, prefix.lastIndexOf('.'))) {
      const node = nodeOf(prefix);
      node.modules += 1;
      node.findings += m.findings;
      if (!prefix.includes('.')) break;
    }
  }
  // Packages first, then modules, each by name, as file browsers list folders first.
  const sort = (list: TreeNode[]) => {
    list.sort((a, b) => Number(b.children.length > 0) - Number(a.children.length > 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const n of list) sort(n.children);
  };
  sort(top);
  return top;
}
