/** `preflight check [path]`: analyse a project and print its findings; the exit code says whether any is an error. */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkOutcome, DEFAULT_PYTHON_VERSION, formatVersion, type CheckOutcome } from '@preflight/python';
import { formatGithub, formatGithubSummary, formatGitlab, formatJson, formatSarif, formatStatistics, formatText, FORMATS, type Format } from '@preflight/reporters';
import { ruleMetadata } from '../rule-docs.js';
import { checkOptionsFrom, policyFrom, folderOf } from '../check-options.js';
import { knownRuleIds, readConfig } from '../config/read-config.js';
import { applyFixes, decodeSource, findingKey, sourceLines, unifiedDiff, visible, writeAtomic, type Fix, type Report } from '@preflight/core';
import { applyBaseline, writeBaseline } from '../baseline.js';
import { applyPolicy } from '../policy.js';
import { progressReporter } from '../progress-bar.js';
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
  --include-hidden        also analyse hidden folders (.semgrep/, .github/; left out by default;
                          .git, .venv, .tox and other default excludes stay out)
  --write-baseline <file> record the current findings as known (exit 0), for adopting preflight on old code
  --baseline <file>       report only findings not in the baseline; say how many were hidden or are fixed
  --fix                   apply the unambiguous fixes (an import rewritten to where the name is defined,
                          a misspelt name with one close match), then check again
  --diff                  print those fixes as a unified diff, change nothing (exit 1 when there are some)
  --no-cache              do not read or write the facts cache
  --cache-dir <dir>       where the cache lives (default: path/.preflight_cache; or $PREFLIGHT_CACHE_DIR)
  --jobs, -j <n>          threads parsing files (default: the number of CPUs; small projects use one)
  --exit-zero             exit 0 even when errors are found
  --quiet, -q             print the findings only (no summary, no notes)
  --verbose               also say where the time went, how the cache was used, which hidden folders
                          were left out
  --statistics            print the number of findings per rule instead of the findings
  --color <when>          auto (default: a terminal without NO_COLOR), always or never; --no-color = never
  --debug                 show stack traces of internal errors

Configuration: the first of .preflight.toml, preflight.toml or pyproject.toml [tool.preflight] found
from path upwards (roots, exclude, extend-exclude, entrypoints, python, python-version, platform,
show-guarded, respect-gitignore, include-hidden, select, ignore, severity, per-file-ignores); flags win
over it.
Exit codes: 0 no errors, 1 errors found, 2 usage or internal error.`;

const CHECK_HELP = `Usage: preflight check [path] [options]

Finds every import that would fail at run time, without running anything.

${CHECK_OPTIONS}`;

export async function runCheck(argv: string[], io: Io): Promise<ExitCode> {
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
      jobs: { type: 'string', short: 'j' },
      diff: { type: 'boolean' },
      'write-baseline': { type: 'string' },
      ignore: { type: 'string', multiple: true },
      'show-guarded': { type: 'boolean' },
      'python-version': { type: 'string' },
      platform: { type: 'string' },
      python: { type: 'string' },
      'site-packages': { type: 'string', multiple: true },
      'no-gitignore': { type: 'boolean' },
      'include-hidden': { type: 'boolean' },
      'exit-zero': { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      verbose: { type: 'boolean' },
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
  const root = folderOf(io, positionals[0]);

  const config = readConfig(root);
  // A progress bar for long runs, on a terminal, unless the output is to be quiet.
  const progress = progressReporter(io, (io.stderrTty ?? false) && !values.quiet);
  const result = await checkOutcome(checkOptionsFrom(root, config, {
    ...(values.root ? { root: values.root } : {}), ...(values.exclude ? { exclude: values.exclude } : {}),
    ...(values['show-guarded'] !== undefined ? { showGuarded: values['show-guarded'] } : {}),
    ...(values['python-version'] !== undefined ? { pythonVersion: values['python-version'] } : {}),
    ...(values.platform !== undefined ? { platform: values.platform } : {}), ...(values.python !== undefined ? { python: values.python } : {}),
    ...(values['site-packages'] ? { sitePackages: values['site-packages'] } : {}), noGitignore: values['no-gitignore'] ?? false,
    includeHidden: values['include-hidden'] ?? false,
    noCache: values['no-cache'] ?? false, ...(values['cache-dir'] !== undefined ? { cacheDir: values['cache-dir'] } : {}),
    ...(values.jobs !== undefined ? { jobs: values.jobs } : {}),
  }, io), progress.onProgress).finally(progress.done);
  let report = applyPolicy(result.report, policyFrom(config, ruleList(values.select, '--select'), ruleList(values.ignore, '--ignore')));

  // Then, in this order: record a baseline (every finding), hide a baseline's findings, fix what is left.
  const sourceLine = sourceLines(root);
  if (values['write-baseline']) {
    io.stderr(`preflight: ${writeBaseline(path.resolve(io.cwd, values['write-baseline']), report, sourceLine)}\n`);
    return ExitCode.Clean;
  }
  if (values.baseline) {
    const applied = applyBaseline(path.resolve(io.cwd, values.baseline), report, sourceLine);
    report = { ...applied.report, notices: [...applied.report.notices, applied.note] };
  }
  if (values.fix || values.diff) return runFixes(root, report, new Map(result.fixes), values.diff ?? false, io, argv);
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
  if (!values.quiet) for (const notice of report.notices) io.stderr(`preflight: note: ${visible(notice)}\n`);
  if (values.verbose) io.stderr(verboseLines(result));
  return report.summary.errors > 0 && !values['exit-zero'] ? ExitCode.Findings : ExitCode.Clean;
}

/**
 * `--fix` / `--diff`: the fixes of the findings still reported (after policy and baseline), applied file
 * by file (atomic writes) or shown as a diff. After `--fix`, the project is checked again and reported.
 */
function runFixes(root: string, report: Report, fixes: ReadonlyMap<string, Fix>, diffOnly: boolean, io: Io, argv: string[]): ExitCode | Promise<ExitCode> {
  const byFile = new Map<string, Fix[]>();
  for (const finding of report.findings) {
    const fix = fixes.get(findingKey(finding));
    if (fix) byFile.set(fix.file, [...(byFile.get(fix.file) ?? []), fix]);
  }
  let applied = 0;
  let skipped = 0;
  const diffs: string[] = [];
  for (const [file, fileFixes] of [...byFile.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const full = path.join(root, file);
    const bytes = fs.readFileSync(full);
    // Positions are in the decoded text (without a BOM). Only UTF-8 files are rewritten: writing back
    // another codec is not worth the risk of changing a byte the user did not ask for.
    const decoded = decodeSource(bytes);
    if (!decoded.ok || decoded.encoding !== 'utf-8') {
      io.stderr(`preflight: ${file} is not UTF-8: its ${fileFixes.length} fix${fileFixes.length === 1 ? '' : 'es'} must be made by hand\n`);
      skipped += fileFixes.length;
      continue;
    }
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? '\ufeff' : '';
    const before = decoded.text;
    const result = applyFixes(before, fileFixes);
    applied += result.applied.length;
    skipped += result.skipped.length;
    if (result.applied.length === 0) continue;
    if (diffOnly) {
      diffs.push(unifiedDiff(file, before, result.text));
    } else {
      writeAtomic(full, bom + result.text);
      for (const fix of result.applied) io.stderr(`preflight: fixed ${file}: ${fix.description}\n`);
    }
  }
  if (diffOnly) {
    io.stdout(diffs.join(''));
    io.stderr(`preflight: ${applied} fix${applied === 1 ? '' : 'es'} available${skipped ? ` (${skipped} more that cannot be applied with these)` : ''}; --fix applies them\n`);
    return applied > 0 ? ExitCode.Findings : ExitCode.Clean;
  }
  io.stderr(`preflight: applied ${applied} fix${applied === 1 ? '' : 'es'}${skipped ? `; ${skipped} not applied (overlapping, stale or not UTF-8): run --fix again or fix by hand` : ''}\n`);
  // What is left, reported as a plain check would.
  return runCheck(argv.filter((a) => a !== '--fix'), io);
}

/** `--verbose`: where the time went, what was parsed and on how many threads, what the cache did, what was left out, what was not checked. */
function verboseLines({ stats, cache, hiddenFolders, unsure, reused, analysisReused }: CheckOutcome): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const parsed = `${stats.parsed} file${stats.parsed === 1 ? '' : 's'} parsed (${(stats.parsedBytes / 1e6).toFixed(1)} MB) on ${stats.threads} thread${stats.threads === 1 ? '' : 's'}`;
  const cached = cache ? `, ${cache.hits} from the cache` : ', no cache';
  const lines = [reused
    ? `preflight: ${stats.files} files: scan ${s(stats.scanMs)}; nothing changed since the last run: its result, from the cache`
    : `preflight: ${stats.files} files: scan ${s(stats.scanMs)}, parse ${s(stats.parseMs)} (${parsed}${cached}), ${analysisReused
      ? 'analysis: what it reads of the changed files did not change, its result is the last run\'s'
      : `analysis ${s(stats.analyseMs)}`}`];
  if (cache?.ignored) lines.push(`preflight: note: ${visible(cache.ignored)}`);
  // Silence must be earned: say which modules made preflight unsure, and of how many imports.
  if (unsure.length > 0) {
    const count = unsure.reduce((n, g) => n + g.sites.length, 0);
    lines.push(`preflight: ${count} import${count === 1 ? '' : 's'} not checked (\`preflight explain FILE:LINE\` says why for one):`);
    for (const g of unsure.slice(0, 10)) lines.push(`  ${g.sites.length} × ${visible(g.reason)} (${visible(g.sites[0]!)}${g.sites.length > 1 ? ', ...' : ''})`);
    if (unsure.length > 10) lines.push(`  and ${unsure.length - 10} more reasons`);
  }
  if (hiddenFolders.length > 0) {
    const shown = hiddenFolders.slice(0, 5).map(visible).join(', ');
    const more = hiddenFolders.length > 5 ? ` and ${hiddenFolders.length - 5} more` : '';
    const count = `${hiddenFolders.length} hidden folder${hiddenFolders.length === 1 ? '' : 's'}`;
    lines.push(`preflight: left out ${count}: ${shown}${more} (--include-hidden analyses them)`);
  }
  return lines.map((l) => `${l}\n`).join('');
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

