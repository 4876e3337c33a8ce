/**
 * GitLab Code Quality report (the `codequality` artifact): a JSON array of issues with `description`,
 * `check_name`, `fingerprint`, `severity` and `location.path` / `location.lines.begin`.
 */
import { fingerprintOf, type Report } from '@preflight/core';

const SEVERITY = { error: 'critical', warning: 'minor', info: 'info' } as const;

export interface MachineOptions {
  /** The text of line `line` of `file`, for fingerprints that survive line shifts. */
  sourceLine?: (file: string, line: number) => string | undefined;
  /** The analysed folder relative to the repository root (`backend`), prefixed to every path; '' for none. */
  pathPrefix?: string;
}

/** A finding's path as the CI system wants it: relative to the repository root. */
export function repositoryPath(file: string, prefix: string | undefined): string {
  return prefix ? `${prefix.replace(/\/$/, '')}/${file}` : file;
}

export function formatGitlab(report: Report, options: MachineOptions = {}): string {
  const issues = report.findings.map((f) => ({
    description: f.message,
    check_name: f.rule,
    fingerprint: fingerprintOf(f, options.sourceLine?.(f.file, f.line)),
    severity: SEVERITY[f.severity],
    location: { path: repositoryPath(f.file, options.pathPrefix), lines: { begin: f.line, ...(f.endLine !== undefined ? { end: f.endLine } : {}) } },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
