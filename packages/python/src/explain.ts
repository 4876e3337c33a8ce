/**
 * `preflight explain NAME|MODULE|FILE:LINE`: what the project knows about a name or a module — where it
 * is defined, which modules re-export it, who imports it (file:line), and which services import it at
 * startup, through which chain — or, for a location, why each finding there is what it is: what Python
 * raises, when, for which service, and the fix. Plain text for the terminal, built from a check's result.
 */
import type { Finding } from '@preflight/core';
import type { CheckResult } from './check.js';
import type { ResolvedImport } from './resolve/resolution.js';

/** What explain reads of a check's result. */
export type Explained = Pick<CheckResult, 'report' | 'project' | 'imports' | 'startup'>;

export function explain(result: Explained, query: string): string {
  const location = /^(.+?):(\d+)(?::(\d+))?$/.exec(query);
  if (location) return explainLocation(result, location[1]!, Number(location[2]), location[3] ? Number(location[3]) : undefined);
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
  const described = describeName(result, query);
  if (described.definitions.length > 0 || described.reExports.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(`name ${query}`);
    for (const d of described.definitions) {
      lines.push(`  defined in ${d.module} (${d.file}:${d.line})${d.conditional ? ', conditionally' : ''}`);
      lines.push(...reachLines(startup.reach(d.module)).map((l) => `  ${l}`));
    }
    for (const r of described.reExports) lines.push(`  bound in ${r.module} (${r.file}:${r.line}) by \`${r.statement}\``);
    if (described.importers.length > 0) lines.push('  imported by:');
    for (const i of described.importers) lines.push(`    ${i.file}:${i.line} from ${i.from}${i.missing ? ' (does not resolve: see `preflight check`)' : ''}`);
  }
  if (lines.length === 0) return `preflight knows no module or name \`${query}\` in this project\n`;
  return `${lines.join('\n')}\n`;
}

function reachLines(reach: ReturnType<CheckResult['startup']['reach']>): string[] {
  return [`  ${reachText(reach)}`];
}

/** Which services import a module when they start, through which chain (or that none does). */
export function reachText(reach: ReturnType<CheckResult['startup']['reach']>): string {
  return reach ? `imported at startup by ${reach.entrypoints.join(', ')}: ${reach.chain.join(' → ')}` : 'not imported at startup by any entry point';
}

export interface NameDescription {
  definitions: { module: string; file: string; line: number; conditional: boolean }[];
  reExports: { module: string; file: string; line: number; statement: string }[];
  importers: { file: string; line: number; from: string; missing: boolean }[];
}

/** Where a name is defined, which modules re-export it, and who imports it (for explain and the explorer). */
export function describeName(result: Pick<CheckResult, 'project' | 'imports'>, name: string): NameDescription {
  const { project, imports } = result;
  const definitions = project.modules.flatMap((m) =>
    m.isStub ? [] : m.facts.bindings
      .filter((b) => b.name === name && b.kind !== 'from-import' && b.kind !== 'import' && b.kind !== 'del')
      .map((b) => ({ module: m.name, file: m.file, line: b.line, conditional: Boolean(b.conditional) })),
  );
  const reExports = project.modules.flatMap((m) => m.facts.bindings
    .filter((b) => b.name === name && b.kind === 'from-import')
    .map((b) => ({ module: m.name, file: m.file, line: b.line, statement: `from ${'.'.repeat(b.level ?? 0)}${b.module} import ${b.importedName}` })));
  const importers = imports.flatMap((i) => i.names.filter((n) => n.imported.name === name).map((n) => ({
    file: i.importer.file, line: n.imported.span.line, from: i.target.status === 'found' ? i.target.module.name : i.site.module, missing: n.resolution.status === 'missing',
  })));
  return { definitions, reExports, importers };
}

/** Why the findings at FILE:LINE[:COL] are errors (or not): the exception, when it is raised, the fix. */
function explainLocation(result: Explained, file: string, line: number, column?: number): string {
  const wanted = file.replace(/\\/g, '/').replace(/^\.\//, '');
  const findings = result.report.findings.filter((f) => f.file === wanted && f.line === line && (column === undefined || (f.column <= column && column <= (f.endColumn ?? f.column))));
  if (findings.length === 0) {
    const known = result.project.moduleOfFile(wanted);
    if (!known) return `preflight analysed no file \`${wanted}\` (paths are relative to the analysed folder)\n`;
    const at = `${wanted}:${line}${column ? `:${column}` : ''}`;
    const sites = result.imports.filter((i) => i.importer.file === wanted && i.site.span.line <= line && line <= i.site.span.endLine);
    if (sites.length === 0) return `no finding at ${at}: no import there\n`;
    // A parenthesised import spans lines: what fails in it is reported on the line of its module or name.
    const resolutions = sites.flatMap((site) => resolutionLines(site, (failing) => result.report.findings.find((f) => f.file === wanted
      && site.site.span.line <= f.line && f.line <= site.site.span.endLine && UNRESOLVED.has(f.rule)
      && (failing.name === undefined ? f.name === undefined && f.module !== undefined : f.name === failing.name))));
    const headline = resolutions.some((r) => r.missing) ? 'an import there does not resolve, and is not reported'
      : resolutions.some((r) => r.elsewhere) ? 'an import there does not resolve, reported where said below'
      : resolutions.some((r) => r.unsure) ? 'not every import there could be checked' : 'every import there resolves';
    return [`no finding at ${at}: ${headline}`, ...resolutions.map((r) => `  ${r.text}`)].join('\n') + '\n';
  }
  const lines: string[] = [];
  for (const f of findings) {
    if (lines.length > 0) lines.push('');
    lines.push(`${f.file}:${f.line}:${f.column}: ${f.rule} (${f.severity})`, `  ${f.message}`);
    const raised = raisedBy(f);
    lines.push(f.severity === 'error'
      ? `  why an error: Python raises \`${raised}\``
      : `  why not an error: Python may raise \`${raised}\`, but preflight cannot be sure it does here`);
    lines.push(`  when: ${whenText(f)}`);
    for (const s of f.suggestions ?? []) lines.push(`  fix: ${s.message}`);
    lines.push(`  more: preflight rule ${f.rule}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Where each module and name of an import went, and for what could not be checked, which module made it unsure. */
interface ResolutionLine {
  text: string;
  unsure?: boolean;
  missing?: boolean;
  /** Missing, and reported elsewhere in the statement (another line, another column). */
  elsewhere?: boolean;
}

/** The rules whose findings say an import's module or name does not resolve. */
const UNRESOLVED = new Set(['unresolved-module', 'unresolved-name']);

function resolutionLines(i: ResolvedImport, reported: (failing: { name?: string }) => Finding | undefined): ResolutionLine[] {
  // Why a broken import has no finding here: it cannot fail (guarded), or the finding was filtered out.
  const unreported = i.site.guard ? `guarded: ${i.site.guard.kind}, see --show-guarded` : 'suppressed or not selected';
  const module = i.site.level > 0 ? `${'.'.repeat(i.site.level)}${i.site.module}` : i.site.module;
  const out: ResolutionLine[] = [];
  const target = i.target;
  switch (target.status) {
    case 'found':
      out.push({ text: `\`${module}\` is ${target.module.name} (${target.module.file ?? target.module.stubFile ?? target.module.dirs[0] ?? 'a namespace package'})` });
      break;
    case 'external':
      out.push({
        text: `\`${module}\` is ${target.stdlib ? 'in the standard library' : `third-party (\`${target.topLevel}\`)`}${target.installed === undefined && !target.stdlib ? ', not checked: no environment' : ''}`,
      });
      break;
    case 'unknown':
      out.push({ text: `\`${module}\` not checked: ${target.reason}`, unsure: true });
      break;
    case 'missing': {
      const at = reported({});
      out.push(at
        ? { text: `\`${module}\` does not resolve: ${at.rule} at ${at.file}:${at.line}:${at.column}`, elsewhere: true }
        : { text: `\`${module}\` does not resolve (${unreported})`, missing: true });
      break;
    }
  }
  for (const { imported, resolution } of i.names) {
    const name = `\`${imported.name}\``;
    switch (resolution.status) {
      case 'bound': {
        const d = resolution.definition;
        out.push({ text: d ? `${name} is defined in ${d.module} (${d.file}:${d.line})` : `${name} is bound in ${target.status === 'found' ? target.module.name : module}` });
        break;
      }
      case 'submodule':
        out.push({ text: `${name} is the submodule ${resolution.module.name} (${resolution.module.file ?? resolution.module.dirs[0]})` });
        break;
      case 'unknown':
        out.push({ text: `${name} not checked: ${resolution.reason}`, unsure: true });
        break;
      case 'missing': {
        const at = reported({ name: imported.name });
        out.push(at
          ? { text: `${name} does not resolve: ${at.rule} at ${at.file}:${at.line}:${at.column}`, elsewhere: true }
          : { text: `${name} does not resolve (${unreported})`, missing: true });
        break;
      }
    }
  }
  return out;
}

/** The exception Python raises for a finding, in the interpreter's own words. */
function raisedBy(f: Finding): string {
  const name = f.name ?? '?';
  const module = f.module ?? '?';
  switch (f.rule) {
    case 'unresolved-module':
      return `ModuleNotFoundError: No module named '${module}'`;
    case 'unresolved-name':
      return `ImportError: cannot import name '${name}' from '${module}'`;
    case 'unresolved-attribute':
      return `AttributeError: module '${module}' has no attribute '${name}'`;
    case 'circular-import':
      return `ImportError: cannot import name '${name}' from partially initialized module '${module}' (most likely due to a circular import)`;
    case 'missing-dependency':
    case 'undeclared-dependency':
      return `ModuleNotFoundError: No module named '${module.split('.')[0]}' (where the package is not installed)`;
    case 'unresolved-reference': {
      // In the framework's words: Django's import_module / import_string, AUTH_USER_MODEL, Celery's registry.
      const noModule = /no module `([^`]+)` exists/.exec(f.message)?.[1];
      if (noModule) return `ModuleNotFoundError: No module named '${noModule}'`;
      const attribute = /`([^`]+)` is not defined in (?:module )?`([^`]+)`/.exec(f.message);
      if (f.message.startsWith('`AUTH_USER_MODEL`')) return `django.core.exceptions.ImproperlyConfigured: AUTH_USER_MODEL refers to model '${module}' that has not been installed`;
      if (attribute) return `ImportError: Module "${attribute[2]}" does not define a "${attribute[1]}" attribute/class`;
      if (f.message.startsWith('beat schedule')) return `celery.exceptions.NotRegistered: '${module}' (in the worker, which discards the message)`;
      return `ImportError when the framework imports '${module}'`;
    }
    case 'syntax-error':
      return 'SyntaxError, when the module is compiled on import';
    default:
      return 'an exception';
  }
}

function whenText(f: Finding): string {
  const impact = f.impact;
  switch (impact?.when) {
    case 'startup':
      return `at startup of ${impact.entrypoints?.join(', ')}, which import${impact.entrypoints?.length === 1 ? 's' : ''} ${impact.chain?.at(-1)} when starting (${impact.chain?.join(' → ')})`;
    case 'import':
      return 'when its module is imported (no entry point found imports it at startup)';
    case 'call':
      return 'only when the code around it runs (a function body, or on first use), not at import';
    case 'guarded':
      return 'never: the failure is caught where it happens';
    default:
      return 'unknown';
  }
}
