/**
 * Human output in the style of ruff and rustc: `path:line:col: rule message`, the source line with a
 * caret underline, `help:` lines for suggestions, then a summary. Colour only when asked (the CLI asks on
 * a TTY without NO_COLOR). Pure: source lines come in through `sourceLine`.
 */
import type { Finding, Report, Severity } from '@preflight/core';

export interface TextOptions {
  color: boolean;
  /** The text of line `line` (1-based) of `file`, for code frames; undefined when unavailable. */
  sourceLine?: (file: string, line: number) => string | undefined;
}

const ANSI = { reset: '\x1b[0m', bold: '\x1b[1m', red: '\x1b[31m', yellow: '\x1b[33m', blue: '\x1b[34m', cyan: '\x1b[36m', dim: '\x1b[2m' };

export function formatText(report: Report, options: TextOptions): string {
  const paint = (code: keyof typeof ANSI, text: string) => (options.color ? `${ANSI[code]}${text}${ANSI.reset}` : text);
  const out: string[] = [];
  for (const finding of report.findings) out.push(formatFinding(finding, options, paint), '');
  out.push(summaryLine(report, paint));
  const { summary } = report;
  const roots = summary.roots?.length ? `; source roots: ${summary.roots.join(', ')}` : '';
  out.push(paint('dim', `Checked ${summary.files} files (${summary.modules} modules, ${summary.imports} imports) in ${summary.durationMs} ms${roots}`));
  return `${out.join('\n')}\n`;
}

function formatFinding(f: Finding, options: TextOptions, paint: (c: keyof typeof ANSI, t: string) => string): string {
  const severityColour: Record<Severity, keyof typeof ANSI> = { error: 'red', warning: 'yellow', info: 'blue' };
  const lines = [`${paint('bold', `${f.file}:${f.line}:${f.column}`)}: ${paint(severityColour[f.severity], f.rule)} ${visible(f.message)}`];
  const source = options.sourceLine?.(f.file, f.line);
  if (source !== undefined) {
    const gutter = String(f.line).length;
    const shown = visible(source.replace(/\t/g, ' '));
    const width = f.endLine === f.line && f.endColumn !== undefined ? Math.max(1, f.endColumn - f.column) : 1;
    lines.push(paint('cyan', `${' '.repeat(gutter)} |`));
    lines.push(`${paint('cyan', `${f.line} |`)} ${shown}`);
    lines.push(`${paint('cyan', `${' '.repeat(gutter)} |`)} ${' '.repeat(f.column - 1)}${paint(severityColour[f.severity], '^'.repeat(width))}`);
  }
  for (const s of f.suggestions ?? []) lines.push(`  ${paint('cyan', '= help:')} ${visible(s.message)}`);
  if (f.impact?.when === 'startup' && f.impact.entrypoints?.length) lines.push(`  ${paint('cyan', '= crashes at startup:')} ${f.impact.entrypoints.join(', ')}`);
  return lines.join('\n');
}

function summaryLine(report: Report, paint: (c: keyof typeof ANSI, t: string) => string): string {
  const { errors, warnings, findings } = report.summary;
  if (findings === 0) return paint('bold', 'All imports resolve.');
  const files = new Set(report.findings.map((f) => f.file)).size;
  const parts = [`${errors} ${errors === 1 ? 'error' : 'errors'}`, `${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`];
  const other = findings - errors - warnings;
  if (other > 0) parts.push(`${other} info`);
  return paint('bold', `Found ${parts.join(', ')} in ${files} ${files === 1 ? 'file' : 'files'}.`);
}

/** Control characters in analysed text cannot reach the terminal as escapes: they are shown as \xNN. */
export function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
