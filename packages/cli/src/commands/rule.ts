/** `preflight rule [id]`: list the rules, or print one rule's documentation. */
import fs from 'node:fs';
import { rules } from '@preflight/python';
import { ExitCode, UsageError } from '../exit-code.js';
import type { Io } from '../io.js';

/** Rule docs live beside the rule sources (packages/python/src/rules/<id>.md), from dist/ and src/ alike. */
const RULE_DOCS = new URL('../../../python/src/rules/', import.meta.url);

export function runRule(argv: string[], io: Io): ExitCode {
  const id = argv[0];
  if (!id) {
    for (const rule of rules) io.stdout(`${rule.id.padEnd(20)} ${rule.summary}\n`);
    return ExitCode.Clean;
  }
  if (!rules.some((r) => r.id === id)) throw new UsageError(`unknown rule \`${id}\` (known: ${rules.map((r) => r.id).join(', ')})`);
  io.stdout(fs.readFileSync(new URL(`${id}.md`, RULE_DOCS), 'utf8'));
  return ExitCode.Clean;
}
