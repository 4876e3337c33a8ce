/**
 * What the explorer shows, computed once from a check: findings, modules with their finding counts,
 * import cycles, entry points, and per module its imports, importers and startup chain. Plain data, so
 * the views are pure functions of it.
 */
import type { Finding } from '@preflight/core';
import { describeName, type CheckResult, type NameDescription } from '@preflight/python';
import { stronglyConnectedComponents } from 'graphology-components';

export interface ExplorerData {
  root: string;
  findings: Finding[];
  modules: { name: string; file?: string; findings: number }[];
  cycles: string[][];
  entries: { name: string; service?: string; source: string; modules: number }[];
  counts: { files: number; modules: number; imports: number; errors: number; warnings: number; byRule: Record<string, number> };
  importsOf(module: string): { name: string; status: string; line?: number; file?: string }[];
  importersOf(module: string): { name: string; file?: string; line?: number }[];
  chainTo(module: string): { entrypoints: string[]; chain: string[] } | undefined;
  /** Where a name is defined, re-exported and imported. */
  name(name: string): NameDescription;
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
  const g = graph.graph;
  return {
    root: report.root,
    findings: report.findings,
    modules: project.moduleNames().map((name) => {
      const file = project.modulesByName(name)[0]?.file;
      return { name, ...(file ? { file } : {}), findings: perModule.get(name) ?? 0 };
    }),
    cycles: stronglyConnectedComponents(g).filter((c) => c.length > 1).map((c) => [...c].sort()).sort((a, b) => b.length - a.length),
    entries: entryPoints.map((e) => ({ name: e.name, ...(e.service ? { service: e.service } : {}), source: e.source, modules: startup.modulesOf(e.name)?.size ?? 0 })),
    counts: { files: report.summary.files, modules: report.summary.modules, imports: report.summary.imports, errors: report.summary.errors, warnings: report.summary.warnings, byRule },
    importsOf: (module) => graph.importsOf(module).map((to) => {
      const site = graph.sites(module, to)[0];
      return { name: to, status: site?.status ?? 'resolved', ...(site ? { line: site.line, file: site.file } : {}) };
    }),
    importersOf: (module) => graph.importersOf(module).map((from) => {
      const site = graph.sites(from, module)[0];
      return { name: from, ...(site ? { file: site.file, line: site.line } : {}) };
    }),
    chainTo: (module) => startup.reach(module),
    name: (name) => describeName(result, name),
  };
}
