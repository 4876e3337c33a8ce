/** `preflight rule [id]`: list the rules, or print one rule's documentation. */
import { rules } from '@preflight/python';
import { ExitCode, UsageError } from '../exit-code.js';
import type { Io } from '../io.js';
import { ruleDoc } from '../rule-docs.js';

export function runRule(argv: string[], io: Io): ExitCode {
  const id = argv[0];
  if (!id) {
    for (const rule of rules) io.stdout(`${rule.id.padEnd(20)} ${rule.summary}\n`);
    return ExitCode.Clean;
  }
  if (!rules.some((r) => r.id === id)) throw new UsageError(`unknown rule \`${id}\` (known: ${rules.map((r) => r.id).join(', ')})`);
  io.stdout(ruleDoc(id));
  return ExitCode.Clean;
}
