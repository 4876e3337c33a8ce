/**
 * Suppressions, and unused-suppression: a `# preflight: ignore[...]` comment that suppresses nothing
 * (doc: unused-suppression.md), like ruff's RUF100. Unlike the other rules it runs after them, on their
 * findings: `applySuppressions` drops what the comments suppress and reports the comments that did not
 * suppress anything. Its `check` is empty; it is listed with the rules for its id and documentation.
 */
import type { Finding, Suppression } from '@preflight/core';
import type { Project } from '../project/project.js';
import type { Rule } from './rule.js';

export const unusedSuppression: Rule = {
  id: 'unused-suppression',
  summary: 'A `# preflight: ignore[...]` comment that suppresses no finding (or names an unknown rule)',
  check() {
    // Runs after the other rules: see applySuppressions.
  },
};

/**
 * A comment suppresses the findings on its line and, on the first line of an import statement, those of
 * the whole statement (a multi-line `from x import (...)`).
 */
export function applySuppressions(project: Project, findings: readonly Finding[], knownRules: readonly string[]): Finding[] {
  const kept: Finding[] = [];
  // By file and place: identical files may share facts objects.
  const used = new Set<string>();
  const key = (file: string, s: Suppression) => `${file}\0${s.span.line}\0${s.span.column}`;
  for (const finding of findings) {
    const module = project.moduleOfFile(finding.file);
    const suppressions = module?.facts.suppressions;
    if (!module || !suppressions) {
      kept.push(finding);
      continue;
    }
    const statement = module.facts.imports.find((s) => s.span.line <= finding.line && finding.line <= s.span.endLine);
    const lines = new Set([finding.line, ...(statement ? [statement.span.line] : [])]);
    const suppression = suppressions.find((s) => lines.has(s.line) && (!s.rules || s.rules.includes(finding.rule)));
    if (suppression) used.add(key(finding.file, suppression));
    else kept.push(finding);
  }
  for (const module of project.modules) {
    for (const s of module.facts.suppressions ?? []) {
      const unknown = s.rules?.filter((r) => !knownRules.includes(r)) ?? [];
      if (used.has(key(module.file, s)) && unknown.length === 0) continue;
      const text = s.rules ? `# preflight: ignore[${s.rules.join(', ')}]` : '# preflight: ignore';
      kept.push({
        rule: unusedSuppression.id, severity: 'warning', file: module.file, line: s.span.line, column: s.span.column, endLine: s.span.endLine, endColumn: s.span.endColumn,
        message: unknown.length > 0 ? `\`${text}\` names unknown rule${unknown.length > 1 ? 's' : ''} ${unknown.map((r) => `\`${r}\``).join(', ')}` : `\`${text}\` suppresses nothing on this line`,
        suggestions: [{ message: unknown.length > 0 ? `known rules: ${knownRules.join(', ')}` : 'remove the comment' }],
        impact: { when: 'import' },
      });
    }
  }
  return kept;
}
