/**
 * `npm run recall -- REPO... [--per-kind N] [--seed S] [--python PATH] [--out FILE] [--misses]`:
 * the breakage harness over real repositories (see breakage/recall-harness.ts). Prints the recall table,
 * and with --misses every case preflight missed or suggested wrongly. Exit 0 whatever the figures: a
 * measurement, not a test.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { formatRecallTable, measureRecall, type RepoResult } from './breakage/recall-harness.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'per-kind': { type: 'string', default: '12' }, seed: { type: 'string', default: '1' },
    python: { type: 'string', default: '/usr/bin/python3' }, out: { type: 'string' }, misses: { type: 'boolean', default: false },
  },
});
if (positionals.length === 0) {
  console.error('usage: npm run recall -- REPO... [--per-kind N] [--seed S] [--python PATH] [--out FILE] [--misses]');
  process.exit(2);
}
const python = fs.existsSync(values.python) ? values.python : undefined;
if (!python) console.error(`recall: ${values.python} not found: no case is proved by the interpreter`);

const results: RepoResult[] = [];
for (const repo of positionals) {
  const started = Date.now();
  const result = measureRecall(repo, { perKind: Number(values['per-kind']), seed: Number(values.seed), python });
  results.push(result);
  console.error(`${result.name}: ${result.cases.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (values.misses) {
    for (const c of result.cases) {
      if (!c.detected) console.log(`MISS ${result.name} ${c.breakage.kind} [python: ${c.python}] ${c.breakage.what}${c.warning ? ` (warned: ${c.warning.rule} ${c.warning.message})` : ''}`);
      else if (c.suggested === false) console.log(`SUGGESTION ${result.name} ${c.breakage.kind}: wanted ${c.breakage.intended}; got ${(c.finding?.suggestions ?? []).map((s) => s.message).join(' / ') || 'none'} (${c.breakage.what})`);
    }
    for (const c of result.falsePositives) console.log(`FALSE-POSITIVE ${result.name} ${c.breakage.kind}: python survives ${c.breakage.what}: ${c.finding?.message}`);
    for (const f of result.cleanErrors) console.log(`CLEAN-ERROR ${result.name} ${f.file}:${f.line}:${f.column} ${f.rule} ${f.message}`);
  }
}
console.log(formatRecallTable(results));
if (values.out) fs.writeFileSync(values.out, JSON.stringify(results, null, 2));
