/** `preflight check [path]`: analyse a project and print its findings; the exit code says whether any is an error. */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { check, DEFAULT_PYTHON_VERSION, formatVersion, parseVersion, PLATFORMS, SUPPORTED_VERSIONS, type Platform, type Target } from '@preflight/python';
import { formatGithub, formatGithubSummary, formatGitlab, formatJson, formatSarif, formatStatistics, formatText, FORMATS, type Format } from '@preflight/reporters';
import { ruleMetadata } from '../rule-docs.js';
import { knownRuleIds, readConfig } from '../config/read-config.js';
import type { Finding, Fix, Report } from '@preflight/core';
import { applyFixes, unifiedDiff } from '../apply-fixes.js';
import { applyBaseline, writeBaseline } from '../baseline.js';
import { applyPolicy } from '../policy.js';
import { ExitCode, UsageError } from '../exit-code.js';
import type { Io } from '../io.js';

export const CHECK_OPTIONS = `Options:
  --format <name>         text (default), json, github (workflow annotations + step summary),
                          sarif (2.1.0, for code scanning) or gitlab (Code Quality)
  --root <dir>            a source root (sys.path entry), relative to path; repeatable; replaces inference
  --exclude <pattern>     gitignore-style pattern of files to skip; repeatable
  --select <ids>          report only these rules (comma-separated; repeatable)
  --ignore <ids>          do not report these rules (comma-separated; repeatable)
  --show-guarded          also list findings at guarded imports (try/except ImportError, TYPE_CHECKING)
  --python-version <X.Y>  the target Python (default: the lowest allowed by requires-python, else ${formatVersion(DEFAULT_PYTHON_VERSION)})
  --platform <name>       linux, darwin or win32 (default: linux)
  --python <path>         the virtualenv (or its python) whose packages imports resolve in
                          (default: $VIRTUAL_ENV, else .venv, venv or env in path); nothing is run
  --site-packages <dir>   an extra site-packages folder to resolve in; repeatable
  --no-gitignore          do not honour .gitignore files
  --write-baseline <file> record the current findings as known (exit 0), for adopting preflight on old code
  --baseline <file>       report only findings not in the baseline; say how many were hidden or are fixed
  --fix                   apply the unambiguous fixes (an import rewritten to where the name is defined,
                          a misspelt name with one close match), then check again
  --diff                  print those fixes as a unified diff, change nothing (exit 1 when there are some)
  --no-cache              do not read or write the facts cache
  --cache-dir <dir>       where the cache lives (default: path/.preflight_cache; or $PREFLIGHT_CACHE_DIR)
  --exit-zero             exit 0 even when errors are found
  --quiet, -q             print the findings only (no summary, no notes)
  --statistics            print the number of findings per rule instead of the findings
  --color <when>          auto (default: a terminal without NO_COLOR), always or never; --no-color = never
  --debug                 show stack traces of internal errors

Configuration: the first of .preflight.toml, preflight.toml or pyproject.toml [tool.preflight] found
from path upwards (roots, exclude, extend-exclude, entrypoints, python, python-version, platform,
show-guarded, respect-gitignore, select, ignore, severity, per-file-ignores); flags win over it.
Exit codes: 0 no errors, 1 errors found, 2 usage or internal error.`;

const CHECK_HELP = `Usage: preflight check [path] [options]

Finds every import that would fail at run time, without running anything.

${CHECK_OPTIONS}`;

export function runCheck(argv: string[], io: Io): ExitCode {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      root: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      select: { type: 'string', multiple: true },
      baseline: { type: 'string' },
      fix: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      'cache-dir': { type: 'string' },
      diff: { type: 'boolean' },
      'write-baseline': { type: 'string' },
      ignore: { type: 'string', multiple: true },
      'show-guarded': { type: 'boolean' },
      'python-version': { type: 'string' },
      platform: { type: 'string' },
      python: { type: 'string' },
      'site-packages': { type: 'string', multiple: true },
      'no-gitignore': { type: 'boolean' },
      'exit-zero': { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      statistics: { type: 'boolean' },
      color: { type: 'string' },
      'no-color': { type: 'boolean' },
      debug: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(`${CHECK_HELP}\n`);
    return ExitCode.Clean;
  }
  if (positionals.length > 1) throw new UsageError(`check takes one path, got ${positionals.length}: ${positionals.join(' ')}`);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format \`${values.format}\` (expected one of: ${FORMATS.join(', ')})`);
  const color = chooseColor(values.color, values['no-color'] ?? false, io);
  const root = path.resolve(io.cwd, positionals[0] ?? '.');
  if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`not a folder: ${positionals[0] ?? '.'}`);

  const config = readConfig(root);
  const select = ruleList(values.select, '--select') ?? config.select;
  const ignored = ruleList(values.ignore, '--ignore') ?? config.ignore;
  const roots = (values.root ?? config.roots ?? []).map((r) => normaliseRoot(root, r));
  const result = check({
    root,
    roots,
    exclude: [...(config.exclude ?? []), ...(config.extendExclude ?? []), ...(values.exclude ?? [])],
    respectGitignore: values['no-gitignore'] ? false : (config.respectGitignore ?? true),
    includeGuarded: values['show-guarded'] ?? config.showGuarded ?? false,
    target: chooseTarget(values['python-version'] ?? config.pythonVersion, values.platform ?? config.platform, config.requiresPython),
    versionExplicit: (values['python-version'] ?? config.pythonVersion) !== undefined,
    ...((values.python ?? config.python) ? { python: (values.python ?? config.python)! } : {}),
    ...(values['site-packages'] ? { sitePackages: values['site-packages'] } : {}),
    env: io.env,
    ...(config.entrypoints ? { entrypoints: config.entrypoints } : {}),
    cacheDir: cacheDirOf(values['no-cache'] ?? false, values['cache-dir'], io),
  });
  let report = applyPolicy(result.report, {
    ...(select ? { select } : {}), ...(ignored ? { ignore: ignored } : {}),
    ...(config.severity ? { severity: config.severity } : {}), ...(config.perFileIgnores ? { perFileIgnores: config.perFileIgnores } : {}),
  });

  if (values.fix || values.diff) return runFixes(root, report, result.fixes, values.diff ?? false, io, argv);

  const sourceLine = sourceLines(root);
  if (values['write-baseline']) {
    io.stderr(`preflight: ${writeBaseline(path.resolve(io.cwd, values['write-baseline']), report, sourceLine)}\n`);
    return ExitCode.Clean;
  }
  if (values.baseline) {
    const applied = applyBaseline(path.resolve(io.cwd, values.baseline), report, sourceLine);
    report = { ...applied.report, notices: [...applied.report.notices, applied.note] };
  }
  // CI systems want paths from the repository root: the workspace (GitHub) or the folder preflight runs in.
  const fromRepository = path.relative(io.env.GITHUB_WORKSPACE ?? io.env.CI_PROJECT_DIR ?? io.cwd, root).split(path.sep).join('/');
  const pathPrefix = fromRepository.startsWith('..') || path.isAbsolute(fromRepository) ? '' : fromRepository;
  if (values.statistics) {
    io.stdout(formatStatistics(report));
  } else {
    switch (format) {
      case 'json':
        io.stdout(formatJson(report));
        break;
      case 'sarif':
        io.stdout(formatSarif(report, { rules: ruleMetadata(), sourceLine, pathPrefix }));
        break;
      case 'gitlab':
        io.stdout(formatGitlab(report, { sourceLine, pathPrefix }));
        break;
      case 'github':
        io.stdout(formatGithub(report, { pathPrefix }));
        // The job's summary page, when the runner offers one.
        if (io.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(io.env.GITHUB_STEP_SUMMARY, formatGithubSummary(report));
        break;
      default:
        io.stdout(formatText(report, { color, sourceLine, quiet: values.quiet ?? false }));
    }
  }
  if (!values.quiet) for (const notice of report.notices) io.stderr(`preflight: note: ${notice}\n`);
  return report.summary.errors > 0 && !values['exit-zero'] ? ExitCode.Findings : ExitCode.Clean;
}

/**
 * `--fix` / `--diff`: the fixes of the findings still reported (after policy and baseline), applied file
 * by file (atomic writes) or shown as a diff. After `--fix`, the project is checked again and reported.
 */
function runFixes(root: string, report: Report, fixes: ReadonlyMap<Finding, Fix>, diffOnly: boolean, io: Io, argv: string[]): ExitCode {
  const byFile = new Map<string, Fix[]>();
  for (const finding of report.findings) {
    const fix = fixes.get(finding);
    if (fix) byFile.set(fix.file, [...(byFile.get(fix.file) ?? []), fix]);
  }
  let applied = 0;
  let skipped = 0;
  const diffs: string[] = [];
  for (const [file, fileFixes] of [...byFile.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const full = path.join(root, file);
    const before = fs.readFileSync(full, 'utf8');
    const result = applyFixes(before, fileFixes);
    applied += result.applied.length;
    skipped += result.skipped.length;
    if (diffOnly) {
      diffs.push(unifiedDiff(file, before, result.text));
    } else {
      const temporary = `${full}.preflight-fix.tmp`;
      fs.writeFileSync(temporary, result.text);
      fs.renameSync(temporary, full);
      for (const fix of result.applied) io.stderr(`preflight: fixed ${file}: ${fix.description}\n`);
    }
  }
  if (diffOnly) {
    io.stdout(diffs.join(''));
    io.stderr(`preflight: ${applied} fix${applied === 1 ? '' : 'es'} available${skipped ? ` (${skipped} more after these)` : ''}; --fix applies them\n`);
    return applied > 0 ? ExitCode.Findings : ExitCode.Clean;
  }
  io.stderr(`preflight: applied ${applied} fix${applied === 1 ? '' : 'es'}${skipped ? `; ${skipped} overlapping: run --fix again` : ''}\n`);
  // What is left, reported as a plain check would.
  return runCheck(argv.filter((a) => a !== '--fix'), io);
}

/** The facts cache folder: `--no-cache`, else `--cache-dir`, else $PREFLIGHT_CACHE_DIR, else the default (undefined). */
export function cacheDirOf(noCache: boolean, dir: string | undefined, io: Io): string | false | undefined {
  if (noCache) return false;
  const chosen = dir ?? io.env.PREFLIGHT_CACHE_DIR;
  return chosen ? path.resolve(io.cwd, chosen) : undefined;
}

/** `--color auto|always|never` (`--no-color` is never); auto is a terminal without NO_COLOR, as no-color.org asks. */
function chooseColor(value: string | undefined, noColor: boolean, io: Io): boolean {
  if (noColor) return false;
  switch (value ?? 'auto') {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'auto':
      return io.isTty && !io.env.NO_COLOR;
    default:
      throw new UsageError(`--color must be auto, always or never, not \`${value}\``);
  }
}

/** `--select a,b --select c` → [a, b, c], every id known. */
function ruleList(values: string[] | undefined, flag: string): string[] | undefined {
  if (!values) return undefined;
  const ids = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const known = knownRuleIds();
  const unknown = ids.find((id) => !known.includes(id));
  if (unknown) throw new UsageError(`${flag}: unknown rule \`${unknown}\` (known: ${known.join(', ')})`);
  return ids;
}

/** The target interpreter: explicit version, else the lowest one `requires-python` allows, else the default. */
function chooseTarget(version: string | undefined, platform: string | undefined, requiresPython: string | undefined): Target {
  let chosen: [number, number] = [...DEFAULT_PYTHON_VERSION];
  if (version !== undefined) {
    const parsed = parseVersion(version);
    if (!parsed || !/^\d+\.\d+$/.test(version.trim())) throw new UsageError(`invalid Python version \`${version}\` (expected X.Y, e.g. 3.12)`);
    chosen = parsed;
  } else if (requiresPython) {
    const lower = lowestAllowed(requiresPython);
    if (lower) chosen = lower;
  }
  const target = platform ?? 'linux';
  if (!(PLATFORMS as readonly string[]).includes(target)) throw new UsageError(`unknown platform \`${target}\` (expected one of: ${PLATFORMS.join(', ')})`);
  return { version: chosen, platform: target as Platform };
}

/** `>=3.9`, `>=3.8,<4`, `~=3.10`, `^3.9`, `3.11.*` → the lowest major.minor they allow (within the supported range). */
function lowestAllowed(spec: string): [number, number] | undefined {
  let lowest: [number, number] | undefined;
  for (const clause of spec.split(/[,|]/)) {
    const m = /^\s*(>=|~=|\^|==|>|~)?\s*(\d+)\.(\d+)/.exec(clause);
    if (!m || (m[1] === undefined && !/^\s*\d/.test(clause))) continue;
    let candidate: [number, number] = [Number(m[2]), Number(m[3])];
    if (m[1] === '>') candidate = [candidate[0], candidate[1] + 1];
    if (!lowest || candidate[0] > lowest[0] || (candidate[0] === lowest[0] && candidate[1] > lowest[1])) lowest = candidate;
  }
  if (!lowest) return undefined;
  const [first] = SUPPORTED_VERSIONS;
  const min = parseVersion(first)!;
  return lowest[0] < min[0] || (lowest[0] === min[0] && lowest[1] < min[1]) ? min : lowest;
}

function normaliseRoot(root: string, dir: string): string {
  const rel = path.relative(root, path.resolve(root, dir)).split(path.sep).join('/');
  if (rel.startsWith('..')) throw new UsageError(`source root ${dir} is outside ${root}`);
  return rel;
}

/** Reads each file once, only for the lines findings point at. */
function sourceLines(root: string): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (file, line) => {
    if (!cache.has(file)) {
      try {
        cache.set(file, fs.readFileSync(path.join(root, file), 'utf8').split(/\r\n|\r|\n/));
      } catch {
        cache.set(file, undefined);
      }
    }
    return cache.get(file)?.[line - 1];
  };
}
