/**
 * The project's reporting policy, applied to a report after the check: rules selected or ignored
 * (`--select`, `--ignore`, config), per-rule severity (`[tool.preflight.severity]`), per-file ignores.
 * Pure; the summary's counts are recomputed from what remains.
 */
import { createRequire } from 'node:module';
import type { Ignore } from 'ignore';
import type { Finding, Report } from '@preflight/core';
import type { RuleSeverity } from './config/read-config.js';

export interface Policy {
  select?: readonly string[];
  ignore?: readonly string[];
  severity?: Readonly<Record<string, RuleSeverity>>;
  perFileIgnores?: Readonly<Record<string, readonly string[]>>;
}

export function applyPolicy(report: Report, policy: Policy): Report {
  const matchers = Object.entries(policy.perFileIgnores ?? {}).map(([glob, ids]) => ({ matches: (createRequire(import.meta.url)('ignore') as () => Ignore)().add(glob), ids: new Set(ids) }));
  const findings: Finding[] = [];
  for (const finding of report.findings) {
    if (policy.select?.length && !policy.select.includes(finding.rule)) continue;
    if (policy.ignore?.includes(finding.rule)) continue;
    if (matchers.some((m) => m.ids.has(finding.rule) && m.matches.ignores(finding.file))) continue;
    const level = policy.severity?.[finding.rule];
    if (level === 'off') continue;
    // A configured severity lowers or raises a rule's findings; guarded ones (info) stay info.
    findings.push(level && finding.severity !== 'info' ? { ...finding, severity: level } : finding);
  }
  return withCounts(report, findings);
}

/** The report with these findings and its summary counts recomputed. */
export function withCounts(report: Report, findings: Finding[]): Report {
  return {
    ...report,
    findings,
    summary: {
      ...report.summary,
      findings: findings.length,
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
    },
  };
}
