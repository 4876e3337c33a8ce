/**
 * Human output in the style of ruff and rustc: `path:line:col: rule message`, the source line with a
 * caret underline, `help:` lines for suggestions, then a summary. Colour only when asked (the CLI asks on
 * a TTY without NO_COLOR). Pure: source lines come in through `sourceLine`.
 */
import { visible, type Finding, type Report, type Severity } from '@preflight/core';

export interface TextOptions {
  color: boolean;
  /** The text of line `line` (1-based) of `file`, for code frames; undefined when unavailable. */
  sourceLine?: (file: string, line: number) => string | undefined;
  /** The findings only: no summary lines (`--quiet`). */
  quiet?: boolean;
}

const ANSI = { reset: '\x1b[0m', bold: '\x1b[1m', red: '\x1b[31m', yellow: '\x1b[33m', blue: '\x1b[34m', cyan: '\x1b[36m', dim: '\x1b[2m' };

export function formatText(report: Report, options: TextOptions): string {
  const paint = (code: keyof typeof ANSI, text: string) => (options.color ? `${ANSI[code]}${text}${ANSI.reset}` : text);
  const out: string[] = [];
  const label = entryLabels(report);
  // Findings that crash a service at startup come first, grouped by the services they take down.
  const groups = new Map<string, Finding[]>();
  const others: Finding[] = [];
  for (const finding of report.findings) {
    const entrypoints = finding.impact?.when === 'startup' ? finding.impact.entrypoints ?? [] : [];
    if (entrypoints.length === 0) {
      others.push(finding);
      continue;
    }
    const key = entrypoints.map(label).join(', ');
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  for (const [services, findings] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    out.push(paint('bold', paint('red', `would crash at startup: ${services}`)), '');
    for (const finding of findings) out.push(formatFinding(finding, options, paint), '');
  }
  if (groups.size > 0 && others.length > 0) out.push(paint('bold', 'other findings'), '');
  for (const finding of others) out.push(formatFinding(finding, options, paint), '');
  if (options.quiet) return out.length > 0 ? `${out.join('\n')}\n` : '';
  out.push(summaryLine(report, paint));
  const { summary } = report;
  const roots = summary.roots?.length ? `; source roots: ${summary.roots.join(', ')}` : '';
  const python = summary.python ? `; Python ${summary.python.version} on ${summary.python.platform}${summary.python.environment ? ` (${summary.python.environment})` : ''}` : '';
  out.push(paint('dim', `Checked ${summary.files} files (${summary.modules} modules, ${summary.imports} imports) in ${summary.durationMs} ms${roots}${python}`));
  if (summary.entrypoints) {
    const label = entryLabels(report);
    out.push(paint('dim', summary.entrypoints.length > 0 ? `Entry points: ${summary.entrypoints.map((e) => `${label(e.name)} [${e.source}]`).join(', ')}` : 'No entry points found: findings are timed by import, not by service'));
  }
  if (summary.dependencyFiles) {
    out.push(
      paint('dim', summary.dependencyFiles.length > 0
        ? `Dependencies declared in: ${summary.dependencyFiles.join(', ')}${
            summary.unchecked
              ? `; ${summary.unchecked.imports} imports of ${summary.unchecked.packages} declared packages not checked: no environment found`
              : ''
          }`
        : 'No dependency files found: third-party imports were not checked against declared dependencies'),
    );
  }
  return `${out.join('\n')}\n`;
}

function formatFinding(f: Finding, options: TextOptions, paint: (c: keyof typeof ANSI, t: string) => string): string {
  const severityColour: Record<Severity, keyof typeof ANSI> = { error: 'red', warning: 'yellow', info: 'blue' };
  const lines = [`${paint('bold', `${visible(f.file)}:${f.line}:${f.column}`)}: ${paint(severityColour[f.severity], f.rule)} ${visible(f.message)}`];
  const source = options.sourceLine?.(f.file, f.line);
  if (source !== undefined) {
    const gutter = String(f.line).length;
    const width = f.endLine === f.line && f.endColumn !== undefined ? Math.max(1, f.endColumn - f.column) : 1;
    const frame = codeFrame(source, f.column, width);
    lines.push(paint('cyan', `${' '.repeat(gutter)} |`));
    lines.push(`${paint('cyan', `${f.line} |`)} ${frame.text}`);
    lines.push(`${paint('cyan', `${' '.repeat(gutter)} |`)} ${' '.repeat(frame.caret)}${paint(severityColour[f.severity], '^'.repeat(frame.width))}`);
  }
  const indent = ' '.repeat((source !== undefined ? String(f.line).length : 1) + 1);
  for (const s of f.suggestions ?? []) lines.push(`${indent}${paint('cyan', '= help:')} ${visible(s.message)}`);
  if (f.impact?.when === 'startup' && f.impact.chain?.length) lines.push(`${indent}${paint('cyan', '= imported at startup:')} ${f.impact.chain.join(' → ')}`);
  return lines.join('\n');
}

/** `webmagic-api (uvicorn main:app)` when the service has a name, else the command. */
function entryLabels(report: Report): (name: string) => string {
  const services = new Map((report.summary.entrypoints ?? []).map((e) => [e.name, e.service]));
  return (name) => (services.get(name) ? `${services.get(name)} (${name})` : name);
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

const FRAME_WIDTH = 120;

/**
 * The source line as shown: tabs as spaces, control characters visible, and a long line (generated
 * code, minified data) cut to a window around the span so the caret still points at it.
 */
function codeFrame(source: string, column: number, width: number): { text: string; caret: number; width: number } {
  const chars = Array.from(source.replace(/\t/g, ' '));
  let start = 0;
  if (chars.length > FRAME_WIDTH) start = Math.max(0, Math.min(column - 1 - 20, chars.length - FRAME_WIDTH));
  const end = Math.min(chars.length, start + FRAME_WIDTH);
  const before = start > 0 ? '…' : '';
  const text = before + visible(chars.slice(start, end).join('')) + (end < chars.length ? '…' : '');
  const caret = before.length + visible(chars.slice(start, column - 1).join('')).length;
  return { text, caret, width: Math.max(1, Math.min(width, end - (column - 1))) };
}

/** `--statistics`: the number of findings per rule and severity, most first, as ruff prints them. */
export function formatStatistics(report: Report): string {
  const counts = new Map<string, { rule: string; severity: Severity; count: number }>();
  for (const f of report.findings) {
    const key = `${f.rule}\0${f.severity}`;
    const entry = counts.get(key) ?? { rule: f.rule, severity: f.severity, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  const rows = [...counts.values()].sort((a, b) => b.count - a.count || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : rank[a.severity] - rank[b.severity]));
  const width = Math.max(1, ...rows.map((r) => String(r.count).length));
  const ruleWidth = Math.max(0, ...rows.map((r) => r.rule.length));
  return rows.map((r) => `${String(r.count).padStart(width)}  ${r.rule.padEnd(ruleWidth)}  ${r.severity}\n`).join('');
}
