/** A finding as the JSON report defines it (docs/json-report.md); reporters read only this. */

export type Severity = 'error' | 'warning' | 'info';

/**
 * When the failing code runs: `startup` (reached at import time from an entry point), `import` (at import
 * time of its own module), `call` (only when the enclosing function runs), `guarded` (cannot fail).
 */
export type ImpactWhen = 'startup' | 'import' | 'call' | 'guarded';

export interface Suggestion {
  message: string;
  /** Text that replaces the finding's span, when the fix is a replacement there. */
  replacement?: string;
}

export interface Impact {
  when: ImpactWhen;
  entrypoints?: string[];
  chain?: string[];
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  /** Path relative to the analysed root, with `/`. */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  module?: string;
  name?: string;
  suggestions?: Suggestion[];
  impact?: Impact;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The one order of findings everywhere: file, line, column, rule, then message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    severityRank[a.severity] - severityRank[b.severity] ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/** A key for a finding that survives copies (a severity changed by configuration): rule, place and name. */
export function findingKey(f: Pick<Finding, 'rule' | 'file' | 'line' | 'column' | 'name'>): string {
  return `${f.rule}\0${f.file}\0${f.line}\0${f.column}\0${f.name ?? ''}`;
}
