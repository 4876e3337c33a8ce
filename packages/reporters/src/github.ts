/**
 * GitHub Actions workflow commands (`::error file=...,line=...::message`): one annotation per finding on
 * the pull request, and a Markdown step summary. Escaping as the runner reads it: `%`, `\r`, `\n` in the
 * message; also `:` and `,` in properties.
 */
import type { Finding, Report } from '@preflight/core';
import { repositoryPath, type MachineOptions } from './gitlab.js';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

export function formatGithub(report: Report, options: Pick<MachineOptions, 'pathPrefix'> = {}): string {
  return report.findings.map((f) => `${annotation(f, options.pathPrefix)}\n`).join('');
}

function annotation(f: Finding, prefix: string | undefined): string {
  const properties = [
    ['file', repositoryPath(f.file, prefix)], ['line', String(f.line)], ['col', String(f.column)],
    ...(f.endLine !== undefined ? [['endLine', String(f.endLine)]] : []),
    ...(f.endColumn !== undefined ? [['endColumn', String(f.endColumn)]] : []),
    ['title', `preflight ${f.rule}`],
  ].map(([key, value]) => `${key}=${escapeProperty(value!)}`).join(',');
  return `::${COMMAND[f.severity]} ${properties}::${escapeData(messageOf(f))}`;
}

/** The message with what it takes down and the fixes, on their own lines. */
function messageOf(f: Finding): string {
  const lines = [f.message];
  if (f.impact?.when === 'startup') lines.push(`Crashes at startup: ${f.impact.entrypoints?.join(', ')} (${f.impact.chain?.join(' → ')})`);
  for (const s of f.suggestions ?? []) lines.push(`help: ${s.message}`);
  return lines.join('\n');
}

export function escapeData(text: string): string {
  // Beyond the runner's own %, CR and LF: every other control character, so no name from the project can
  // reach the log as an escape sequence.
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The step summary (`$GITHUB_STEP_SUMMARY`): counts, the services that would crash, and a table of findings. */
export function formatGithubSummary(report: Report): string {
  const { summary } = report;
  const out = [`## preflight: ${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`, ''];
  const crashing = new Map<string, number>();
  for (const f of report.findings) if (f.severity === 'error' && f.impact?.when === 'startup') for (const e of f.impact.entrypoints ?? []) crashing.set(e, (crashing.get(e) ?? 0) + 1);
  if (crashing.size > 0) {
    out.push('**Would crash at startup:**', '');
    for (const [entry, count] of crashing) out.push(`- \`${markdownCode(entry)}\`: ${count} finding${count === 1 ? '' : 's'}`);
    out.push('');
  }
  if (report.findings.length === 0) {
    out.push(`All imports resolve (${summary.files} files, ${summary.imports} imports).`, '');
    return `${out.join('\n')}\n`;
  }
  out.push('| | location | rule | message |', '| --- | --- | --- | --- |');
  for (const f of report.findings) {
    const icon = f.severity === 'error' ? '❌' : f.severity === 'warning' ? '⚠️' : 'ℹ️';
    out.push(`| ${icon} | \`${markdownCode(`${f.file}:${f.line}:${f.column}`)}\` | ${f.rule} | ${markdownCell(f.message)} |`);
  }
  return `${out.join('\n')}\n`;
}

function markdownCode(text: string): string {
  return text.replace(/`/g, "'").replace(/[\r\n|]/g, ' ');
}

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;');
}
