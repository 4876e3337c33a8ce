/**
 * A finding's fingerprint: stable across unrelated edits and line shifts, so baselines, SARIF
 * `partialFingerprints` and GitLab's `fingerprint` follow a finding when code moves. Made of the rule, the
 * file, the module and name, and the text of the finding's line with whitespace collapsed — never the line
 * number.
 */
import { createHash } from 'node:crypto';
import type { Finding } from './finding.js';

export function fingerprintOf(finding: Finding, lineText: string | undefined): string {
  const statement = (lineText ?? '').trim().replace(/\s+/g, ' ');
  const parts = [finding.rule, finding.file, finding.module ?? '', finding.name ?? '', statement];
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}
