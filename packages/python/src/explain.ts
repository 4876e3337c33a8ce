/**
 * `preflight explain NAME|MODULE`: what the project knows about a name or a module — where it is defined,
 * which modules re-export it, who imports it (file:line), and which services import it at startup,
 * through which chain. Plain text for the terminal, built from a check's result.
 */
import type { CheckResult } from './check.js';

export function explain(result: CheckResult, query: string): string {
  const { project, imports, startup } = result;
  const lines: string[] = [];
  const module = project.modulesByName(query).find((m) => !m.isStub) ?? project.modulesByName(query)[0];
  if (module) {
    lines.push(`module ${query} (${module.file})`);
    const importers = imports.filter(
      (i) =>
        (i.target.status === 'found' && i.target.module.name === query) ||
        i.names.some((n) => n.resolution.status === 'submodule' && n.resolution.module.name === query),
    );
    lines.push(importers.length > 0 ? `  imported by:` : '  imported by no module of the project');
    for (const i of importers) lines.push(`    ${i.importer.file}:${i.site.span.line} (${i.site.scope === 'function' ? 'when a function runs' : 'at import time'})`);
    lines.push(...reachLines(startup.reach(query)));
  }
  const definitions = project.modules.flatMap((m) =>
    m.isStub ? [] : m.facts.bindings.filter((b) => b.name === query && b.kind !== 'from-import' && b.kind !== 'import' && b.kind !== 'del').map((b) => ({ m, b })),
  );
  const reExports = project.modules.flatMap((m) => m.facts.bindings.filter((b) => b.name === query && b.kind === 'from-import').map((b) => ({ m, b })));
  if (definitions.length > 0 || reExports.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(`name ${query}`);
    for (const { m, b } of definitions) {
      lines.push(`  defined in ${m.name} (${m.file}:${b.line})${b.conditional ? ', conditionally' : ''}`);
      lines.push(...reachLines(startup.reach(m.name)).map((l) => `  ${l}`));
    }
    for (const { m, b } of reExports) lines.push(`  bound in ${m.name} (${m.file}:${b.line}) by \`from ${'.'.repeat(b.level ?? 0)}${b.module} import ${b.importedName}\``);
    const importers = imports.flatMap((i) => i.names.filter((n) => n.imported.name === query).map((n) => ({ i, n })));
    if (importers.length > 0) lines.push('  imported by:');
    for (const { i, n } of importers) {
      const from = i.target.status === 'found' ? i.target.module.name : i.site.module;
      lines.push(`    ${i.importer.file}:${n.imported.span.line} from ${from}${n.resolution.status === 'missing' ? ' (does not resolve: see `preflight check`)' : ''}`);
    }
  }
  if (lines.length === 0) return `preflight knows no module or name \`${query}\` in this project\n`;
  return `${lines.join('\n')}\n`;
}

function reachLines(reach: ReturnType<CheckResult['startup']['reach']>): string[] {
  if (!reach) return ['  not imported at startup by any entry point'];
  return [`  imported at startup by ${reach.entrypoints.join(', ')}: ${reach.chain.join(' → ')}`];
}
