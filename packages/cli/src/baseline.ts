/**
 * Baselines, for adopting preflight on a repository with existing debt: `--write-baseline FILE` records
 * today's findings by fingerprint (rule, file, module, name and the statement's text: they survive line
 * shifts and unrelated edits); `--baseline FILE` hides those and reports only new ones, saying how many
 * were hidden and how many recorded findings are gone.
 */
import fs from 'node:fs';
import { fingerprintOf, writeAtomic, type Finding, type Report } from '@preflight/core';
import { UsageError } from './exit-code.js';
import { withCounts } from './policy.js';

interface BaselineEntry {
  fingerprint: string;
  rule: string;
  file: string;
  message: string;
}

interface BaselineFile {
  tool: 'preflight';
  version: 1;
  findings: BaselineEntry[];
}

type SourceLine = (file: string, line: number) => string | undefined;

export function writeBaseline(file: string, report: Report, sourceLine: SourceLine): string {
  const findings = report.findings
    .map((f) => ({ fingerprint: fingerprintOf(f, sourceLine(f.file, f.line)), rule: f.rule, file: f.file, message: f.message }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.fingerprint < b.fingerprint ? -1 : 1));
  const baseline: BaselineFile = { tool: 'preflight', version: 1, findings };
  writeAtomic(file, `${JSON.stringify(baseline, null, 2)}\n`);
  return `wrote ${findings.length} finding${findings.length === 1 ? '' : 's'} to the baseline ${file}`;
}

/** The report without the baselined findings, and a sentence saying what the baseline did. */
export function applyBaseline(file: string, report: Report, sourceLine: SourceLine): { report: Report; note: string } {
  const baseline = readBaseline(file);
  const remaining = new Map<string, number>();
  for (const entry of baseline.findings) remaining.set(entry.fingerprint, (remaining.get(entry.fingerprint) ?? 0) + 1);
  const kept: Finding[] = [];
  let hidden = 0;
  for (const finding of report.findings) {
    const key = fingerprintOf(finding, sourceLine(finding.file, finding.line));
    const left = remaining.get(key) ?? 0;
    if (left > 0) {
      remaining.set(key, left - 1);
      hidden++;
    } else {
      kept.push(finding);
    }
  }
  const fixed = [...remaining.values()].reduce((n, v) => n + v, 0);
  const note = `baseline ${file}: ${hidden} known finding${hidden === 1 ? '' : 's'} hidden` +
    (fixed > 0 ? `; ${fixed} baselined finding${fixed === 1 ? ' is' : 's are'} fixed (run --write-baseline to drop ${fixed === 1 ? 'it' : 'them'})` : '');
  return { report: withCounts(report, kept), note };
}

function readBaseline(file: string): BaselineFile {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read the baseline ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const baseline = data as Partial<BaselineFile>;
  const valid = baseline?.tool === 'preflight' && baseline.version === 1 && Array.isArray(baseline.findings) &&
    baseline.findings.every((e) => typeof e?.fingerprint === 'string');
  if (!valid) throw new UsageError(`${file} is not a preflight baseline (write one with --write-baseline)`);
  return baseline as BaselineFile;
}
