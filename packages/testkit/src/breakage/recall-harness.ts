/**
 * Recall on real code: break a working project one seed-style breakage at a time, run preflight as a
 * user does (`check --format json`), and ask whether it reports the import that now fails. Each case
 * is checked against the real interpreter where the importing module imports cleanly before the edit
 * (then the edit must make it raise, else the case is not a crash and is left out); where it does not
 * (third-party packages absent, settings needed), the case counts by construction: a column-0 import
 * of a first-party name that no longer exists.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN } from '../index.js';
import { mulberry32 } from '../synthetic-project.js';
import { BREAKAGE_KINDS, BreakageGenerator, type Breakage, type BreakageKind } from './breakages.js';
import { PythonProject } from './python-project.js';

export interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  suggestions?: { message: string; replacement?: string }[];
}

interface JsonReport {
  summary: { roots?: string[] };
  findings: JsonFinding[];
}

export type Verdict = 'crash' | 'no-crash' | 'unverified';

export interface CaseResult {
  breakage: Breakage;
  /** What real Python said of the probe module after the edit (`unverified` when it failed before it too). */
  python: Verdict;
  detected: boolean;
  /** The finding's suggestion names the intended name (undefined when the case has none to name). */
  suggested?: boolean;
  /** The finding at the probe, if any. */
  finding?: JsonFinding;
  /** Not detected, but a warning at the probe names what fails (preflight said it could not be sure). */
  warning?: JsonFinding;
}

export interface RepoResult {
  name: string;
  cases: CaseResult[];
  /** Errors on the untouched copy. */
  cleanErrors: JsonFinding[];
  /** Errors preflight gave at a probe whose edit real Python survived. */
  falsePositives: CaseResult[];
}

export interface RecallOptions {
  /** Counted cases wanted per kind. */
  perKind: number;
  seed: number;
  /** The interpreter proving each case; absent: none is proved. */
  python?: string;
  /** Extra `check` arguments. */
  checkArgs?: readonly string[];
  onCase?: (result: CaseResult) => void;
}

function shuffled<T>(list: readonly T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function check(root: string, cacheDir: string, extra: readonly string[]): JsonReport {
  const run = spawnSync(process.execPath, [BIN, 'check', root, '--format', 'json', '--exit-zero', '--cache-dir', cacheDir, ...extra], {
    encoding: 'utf8', maxBuffer: 1 << 28,
  });
  if (run.status !== 0) throw new Error(`preflight check ${root} exited ${run.status}: ${run.stderr.slice(0, 2000)}`);
  return JSON.parse(run.stdout) as JsonReport;
}

const key = (f: JsonFinding) => `${f.file}:${f.line}:${f.column}:${f.rule}:${f.message}`;

class Interpreter {
  private readonly clean = new Map<string, boolean>();
  constructor(private readonly python: string, private readonly root: string, private readonly roots: readonly string[], private readonly home: string) {}

  /** Imports the probe with its own source root first on sys.path (two roots may both have a `tests`). */
  private imports(probe: Breakage['probe']): boolean {
    const roots = [probe.root, ...this.roots.filter((r) => r !== probe.root)];
    const run = spawnSync(this.python, ['-c', `import ${probe.module}`], {
      cwd: path.join(this.root, probe.root), encoding: 'utf8', timeout: 30_000,
      env: {
        PATH: process.env.PATH ?? '', HOME: this.home, PYTHONDONTWRITEBYTECODE: '1', PYTHONNOUSERSITE: '1',
        PYTHONPATH: roots.map((r) => path.join(this.root, r)).join(path.delimiter),
      },
    });
    return run.status === 0;
  }

  importsCleanly(probe: Breakage['probe']): boolean {
    const key = `${probe.root}\0${probe.module}`;
    let ok = this.clean.get(key);
    if (ok === undefined) this.clean.set(key, (ok = this.imports(probe)));
    return ok;
  }

  verdictAfterEdit(probe: Breakage['probe']): Verdict {
    return this.imports(probe) ? 'no-crash' : 'crash';
  }
}

function applyEdits(root: string, edits: Breakage['edits'], originals: Map<string, string>): void {
  for (const [file, content] of Object.entries(edits)) {
    const full = path.join(root, file);
    originals.set(file, fs.readFileSync(full, 'utf8'));
    if (content === null) fs.rmSync(full);
    else fs.writeFileSync(full, content);
  }
}

function revert(root: string, originals: Map<string, string>): void {
  for (const [file, content] of originals) fs.writeFileSync(path.join(root, file), content);
  originals.clear();
}

/** Breaks a copy of `repo` case by case; the repository itself is never written. */
export function measureRecall(repo: string, options: RecallOptions): RepoResult {
  const name = path.basename(path.resolve(repo));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `preflight-recall-${name}-`));
  const root = path.join(scratch, name);
  try {
    fs.cpSync(repo, root, { recursive: true, filter: (src) => !/[\\/](\.git|\.preflight_cache|node_modules)$/.test(src) });
    const cacheDir = path.join(scratch, 'cache');
    const extra = options.checkArgs ?? [];
    const baseline = check(root, cacheDir, extra);
    const cleanErrors = baseline.findings.filter((f) => f.severity === 'error');
    const known = new Set(cleanErrors.map(key));
    const roots = baseline.summary.roots && baseline.summary.roots.length > 0 ? baseline.summary.roots : ['.'];
    const project = new PythonProject(root, roots);
    const generator = new BreakageGenerator(project);
    const python = options.python ? new Interpreter(options.python, root, roots, scratch) : undefined;
    const cases: CaseResult[] = [];
    const falsePositives: CaseResult[] = [];
    const originals = new Map<string, string>();
    for (const kind of BREAKAGE_KINDS) {
      const random = mulberry32(options.seed ^ hash(`${name}:${kind}`));
      let counted = 0;
      for (const breakage of shuffled(generator.candidates(kind, random), random)) {
        if (counted >= options.perKind) break;
        const provable = python?.importsCleanly(breakage.probe) ?? false;
        applyEdits(root, breakage.edits, originals);
        let result: CaseResult;
        try {
          const report = check(root, cacheDir, extra);
          const verdict: Verdict = provable ? python!.verdictAfterEdit(breakage.probe) : 'unverified';
          result = score(breakage, verdict, report.findings.filter((f) => !known.has(key(f))));
        } finally {
          revert(root, originals);
        }
        if (result.python === 'no-crash') {
          if (result.detected) falsePositives.push(result);
          continue;
        }
        counted++;
        cases.push(result);
        options.onCase?.(result);
      }
    }
    return { name, cases, cleanErrors, falsePositives };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function score(breakage: Breakage, python: Verdict, newFindings: JsonFinding[]): CaseResult {
  const { probe } = breakage;
  const atProbe = newFindings.filter((f) => f.file === probe.file && f.line >= probe.line && f.line <= probe.endLine && f.message.includes(breakage.mentions));
  const finding = atProbe.find((f) => f.severity === 'error');
  const warning = finding ? undefined : atProbe[0];
  const suggested = breakage.intended === undefined || !finding ? undefined
    : (finding.suggestions ?? []).some((s) => s.message.includes(breakage.intended!) || s.replacement?.includes(breakage.intended!));
  return {
    breakage, python, detected: finding !== undefined,
    ...(suggested !== undefined ? { suggested } : {}), ...(finding ? { finding } : {}), ...(warning ? { warning } : {}),
  };
}

export interface Rate {
  hit: number;
  total: number;
}

export function rate(cases: readonly CaseResult[], pick: (c: CaseResult) => boolean | undefined): Rate {
  let hit = 0;
  let total = 0;
  for (const c of cases) {
    const value = pick(c);
    if (value === undefined) continue;
    total++;
    if (value) hit++;
  }
  return { hit, total };
}

const cell = (r: Rate) => (r.total === 0 ? '–' : `${(r.hit / r.total).toFixed(2)} (${r.hit}/${r.total})`);

/**
 * The table: recall (errors at the failing import) per repository and per kind, the misses preflight
 * still warned about, suggestions, clean-copy errors and false positives.
 */
export function formatRecallTable(results: readonly RepoResult[]): string {
  const header = ['repo', 'cases (proved)', ...BREAKAGE_KINDS, 'all', 'missed but warned', 'suggestion', 'clean errors', 'false pos.'];
  const row = (name: string, cases: CaseResult[], clean: number | string, fps: number) => [
    name, `${cases.length} (${cases.filter((c) => c.python === 'crash').length})`,
    ...BREAKAGE_KINDS.map((k: BreakageKind) => cell(rate(cases.filter((c) => c.breakage.kind === k), (c) => c.detected))),
    cell(rate(cases, (c) => c.detected)), String(cases.filter((c) => c.warning).length), cell(rate(cases, (c) => c.suggested)), String(clean), String(fps),
  ];
  const rows = results.map((r) => row(r.name, r.cases, r.cleanErrors.length, r.falsePositives.length));
  rows.push(row('all', results.flatMap((r) => r.cases), results.reduce((n, r) => n + r.cleanErrors.length, 0), results.reduce((n, r) => n + r.falsePositives.length, 0)));
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
