/**
 * `check`: the whole pipeline, one phase per line. scan → parse/extract → project (roots, module names)
 * → resolve → graph → rules → report. Touches the disk only to scan and read; prints nothing.
 */
import type fs from 'node:fs';
import path from 'node:path';
import {
  compareFindings, discoverFiles, VERSION, type Finding, type Fix, type ModuleGraph, type ProgressListener, type Report,
} from '@preflight/core';
import { DEFAULT_PYTHON_VERSION, formatVersion, type Target } from './environment/target.js';
import { FactsCache } from './cache/facts-cache.js';
import { readProjectFacts, readProjectFactsAsync, turn, type FileFacts, type ProjectFacts } from './extract/read-project-facts.js';
import { findEntryPoints, type ResolvedEntryPoint } from './impact/entry-points.js';
import { importTimeEdges, StartupGraph } from './impact/import-time.js';
import { buildModuleGraph } from './graph/build-module-graph.js';
import { Project } from './project/project.js';
import { readDeclaredDependencies, type DeclaredDependencies } from './environment/declared-dependencies.js';
import { distributionsProviding } from './environment/distributions.js';
import { InstalledModules } from './environment/installed-modules.js';
import { findEnvironment } from './environment/python-environment.js';
import { StandardLibrary } from './environment/standard-library.js';
import { createResolver, resolveImports } from './resolve/resolve-imports.js';
import type { ResolvedImport } from './resolve/resolution.js';
import { fallbackRuns } from './resolve/fallback-runs.js';
import { rules } from './rules/index.js';
import { findingReporter } from './rules/rule.js';
import { applySuppressions } from './rules/unused-suppression.js';
import { DefinitionIndex } from './suggest/definition-index.js';

export { VERSION } from '@preflight/core';

export interface CheckOptions {
  /** Absolute path of the folder to analyse. */
  root: string;
  /** Source roots relative to `root`; when empty they are inferred. */
  roots?: readonly string[];
  exclude?: readonly string[];
  respectGitignore?: boolean;
  /** Analyse hidden folders (`.semgrep/`); by default they are left out, and `CheckResult.hiddenFolders` lists them. */
  includeHidden?: boolean;
  includeGuarded?: boolean;
  /** The interpreter to check against (default: the environment's version, else the newest supported, on linux). */
  target?: Target;
  /** Whether `target.version` was given explicitly (else the environment's pyvenv.cfg version wins). */
  versionExplicit?: boolean;
  /** `--python`: the virtualenv (or its interpreter) to resolve third-party imports in. */
  python?: string;
  /** Extra site-packages folders (`--site-packages`). */
  sitePackages?: readonly string[];
  /** The process environment, for `$VIRTUAL_ENV` (passed in: nothing here reads process.env). */
  env?: Record<string, string | undefined>;
  /** `[tool.preflight] entrypoints`: command lines or module names, added to those found. */
  entrypoints?: readonly string[];
  /** The facts cache folder (default `.preflight_cache` in the root); false for none. */
  cacheDir?: string | false;
  /** Worker threads for parsing (`--jobs`; default: the machine's parallelism). Only `checkAsync` uses them. */
  jobs?: number;
}

export interface CheckResult {
  report: Report;
  project: Project;
  imports: ResolvedImport[];
  graph: ModuleGraph;
  entryPoints: ResolvedEntryPoint[];
  startup: StartupGraph;
  /**
   * Files whose facts came from the cache (`hits`) or were extracted (`misses`), and why the cache on disk
   * was ignored if it was; undefined without a cache.
   */
  cache?: { hits: number; misses: number; ignored?: string };
  /** How the run went (`--verbose`, the benchmark): time per phase, what was parsed, on how many threads. */
  stats: CheckStats;
  /** The fix of each finding that has an unambiguous one (`--fix`), by `findingKey`. */
  fixes: ReadonlyMap<string, Fix>;
  /** Other fixes a user may choose (an editor's quick fixes), by `findingKey`. */
  alternativeFixes: ReadonlyMap<string, readonly Fix[]>;
  /** The hidden folders left out of the scan (`--verbose` names them; `includeHidden` analyses them). */
  hiddenFolders: readonly string[];
}

export interface CheckStats {
  scanMs: number;
  parseMs: number;
  analyseMs: number;
  files: number;
  parsed: number;
  parsedBytes: number;
  threads: number;
}

/** The whole check, on this thread. */
export function check(options: CheckOptions): CheckResult {
  const scanned = scanProject(options);
  const parseStarted = performance.now();
  const cache = openCache(options, scanned.root);
  const facts = readProjectFacts(scanned.root, scanned.scan.files, cache, scanned.notices);
  cache?.save();
  return analyse(options, scanned, facts, cache, performance.now() - parseStarted);
}

/**
 * The same check, parsing on worker threads when the project is big enough (`options.jobs`), reporting
 * progress, and giving the event loop a turn every few milliseconds, so an interface drawn on this thread
 * stays live (keys, a spinner) during a long cold run. `signal` stops it (the user quit): the promise
 * rejects with the signal's reason.
 */
export async function checkAsync(options: CheckOptions, onProgress: ProgressListener = () => {}, signal?: AbortSignal): Promise<CheckResult> {
  onProgress({ phase: 'scan' });
  await turn();
  signal?.throwIfAborted();
  return checkScanned(options, scanProject(options), onProgress, signal);
}

export async function checkScanned(options: CheckOptions, scanned: ScannedProject, onProgress: ProgressListener = () => {}, signal?: AbortSignal): Promise<CheckResult> {
  return analyseRead(options, scanned, await readScanned(options, scanned, onProgress, signal), onProgress, signal);
}

/** The facts of a scanned project's files (the facts cache is saved), and how long reading them took. */
export interface ReadFacts {
  facts: ProjectFacts;
  cache: FactsCache | undefined;
  parseMs: number;
}

export async function readScanned(
  options: CheckOptions, scanned: ScannedProject, onProgress: ProgressListener = () => {}, signal?: AbortSignal, cache = openCache(options, scanned.root),
): Promise<ReadFacts> {
  signal?.throwIfAborted();
  const parseStarted = performance.now();
  const facts = await readProjectFactsAsync(scanned.root, scanned.scan.files, cache, scanned.notices, {
    onProgress, ...(options.jobs ? { jobs: options.jobs } : {}), ...(signal ? { signal } : {}), ...(scanned.stats ? { stats: scanned.stats } : {}),
  });
  cache?.save();
  return { facts, cache, parseMs: performance.now() - parseStarted };
}

export async function analyseRead(options: CheckOptions, scanned: ScannedProject, read: ReadFacts, onProgress: ProgressListener = () => {}, signal?: AbortSignal): Promise<CheckResult> {
  onProgress({ phase: 'analyse', files: read.facts.files.length });
  await turn();
  signal?.throwIfAborted();
  return analyse(options, scanned, read.facts, read.cache, read.parseMs);
}

export interface ScannedProject {
  started: number;
  scanMs: number;
  root: string;
  scan: ReturnType<typeof discoverFiles>;
  notices: string[];
  /** The Python environment, found once: the result cache's key needs it before the analysis does. */
  found: ReturnType<typeof findEnvironment>;
  /** Fresh `stat`s of the files, when the result cache took them: they need none again. */
  stats?: ReadonlyMap<string, fs.Stats>;
}

/** Walks the project (and finds its environment, unless the caller already did). */
export function scanProject(options: CheckOptions, found = findProjectEnvironment(options), started = performance.now()): ScannedProject {
  const root = path.resolve(options.root);
  const scan = discoverFiles(root, { exclude: options.exclude ?? [], respectGitignore: options.respectGitignore ?? true, includeHidden: options.includeHidden ?? false });
  return { started, scanMs: performance.now() - started, root, scan, notices: [...scan.notices], found };
}

export function findProjectEnvironment(options: CheckOptions): ReturnType<typeof findEnvironment> {
  return findEnvironment(path.resolve(options.root), { ...(options.python ? { python: options.python } : {}), env: options.env ?? {}, ...(options.sitePackages ? { sitePackages: options.sitePackages } : {}) });
}

/** The facts cache (loading it is part of reading the files, and timed with them). */
export function openCache(options: CheckOptions, root: string): FactsCache | undefined {
  return options.cacheDir === false ? undefined : new FactsCache(options.cacheDir ?? path.join(root, '.preflight_cache'));
}

/**
 * The analysis of facts already in hand (an editor's buffers among them), in steps: the caller may stop
 * between two (an edit made it stale). The scan is the caller's and stays as it was (its notices are
 * copied, not added to).
 */
export function analyseFactsSteps(options: CheckOptions, scanned: ScannedProject, files: FileFacts[]): AnalysisSteps {
  return analysisSteps(options, { ...scanned, notices: [...scanned.notices] }, { files, parsed: 0, parsedBytes: 0, threads: 0 }, undefined, 0);
}

/** An analysis that yields between its phases (none longer than a rule), and returns its result. */
export type AnalysisSteps = Generator<void, CheckResult, void>;

/** Runs the steps to their end. */
export function finish(steps: AnalysisSteps): CheckResult {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Everything after reading the files: roots, resolution, graph, entry points, rules, the report. */
function analyse(options: CheckOptions, scanned: ScannedProject, facts: ProjectFacts, cache: FactsCache | undefined, parseMs: number): CheckResult {
  return finish(analysisSteps(options, scanned, facts, cache, parseMs));
}

function* analysisSteps(options: CheckOptions, scanned: ScannedProject, facts: ProjectFacts, cache: FactsCache | undefined, parseMs: number): AnalysisSteps {
  const analyseStarted = performance.now();
  const { started, root, scan, notices, found } = scanned;
  const { files } = facts;
  notices.push(...found.notices);
  const environment = found.environment;
  const requested = options.target ?? { version: DEFAULT_PYTHON_VERSION, platform: 'linux' as const };
  // The environment's own interpreter is the truth about the version, unless one was asked for.
  const target: Target = environment?.version && !options.versionExplicit ? { ...requested, version: environment.version } : requested;
  const stdlib = new StandardLibrary(target.version);
  // Any version's stdlib names, for root inference: `import tomllib` is never evidence of a project folder.
  const isStdlibName = (name: string) => stdlib.versionsWith(name).length > 0;
  const rootsConfigured = (options.roots?.length ?? 0) > 0;
  const project = new Project({
    files, extensionModules: scan.extensionModules, directories: scan.directories, projectMarkers: scan.projectMarkers, unanalysed: scan.unanalysed,
    isStdlib: isStdlibName, ...(rootsConfigured ? { configuredRoots: options.roots } : {}),
  });
  notices.push(...project.notices);
  yield;
  for (const configured of options.roots ?? []) {
    if (scan.directories.includes(configured) || configured === '') continue;
    const inHidden = scan.hiddenFolders.some((h) => configured === h || configured.startsWith(`${h}/`));
    notices.push(inHidden
      ? `source root \`${configured}\` is in a hidden folder, which is left out (--include-hidden, or include-hidden = true, analyses it)`
      : `source root \`${configured}\` is not a folder of the project`);
  }
  const installed = environment ? new InstalledModules(environment) : undefined;
  // The real standard library, when the environment's interpreter is the target version.
  const sameVersion = environment?.version && environment.version[0] === target.version[0] && environment.version[1] === target.version[1];
  const stdlibModules = environment?.stdlibDir && sameVersion
    ? new InstalledModules(environment, [environment.stdlibDir, path.join(environment.stdlibDir, 'lib-dynload')])
    : undefined;
  const resolver = createResolver(project, stdlib, rootsConfigured, target, installed, stdlibModules);
  const imports = resolveImports(project, resolver);
  yield;
  const environmentName = environment ? displayPath(root, environment.path) : '';

  // Dependency files: requirements files outside test fixtures, and the project files of the analysed
  // folder and of its source roots.
  const fixtureLike = /(?:^|\/)(?:tests?|testing|fixtures?|examples?|docs?)\//;
  const dependencies = readDeclaredDependencies(
    root,
    ['', ...project.roots.map((r) => r.dir).filter((d) => d !== '' && !fixtureLike.test(`${d}/`))],
    scan.requirementFiles.filter((f) => !fixtureLike.test(f) || /(?:^|\/)requirements\//.test(f)),
  );
  notices.push(...dependencies.notices);

  const entryPoints = findEntryPoints(root, project, resolver.modules, scan.serviceFiles, options.entrypoints ?? []);
  // Startup impact: which services import each module when they start, and through which chain.
  const edges = importTimeEdges(project, imports, target);
  const startup = new StartupGraph(project, imports, entryPoints, target, edges);
  const findings: Finding[] = [];
  const fixes = new Map<string, Fix>();
  const alternativeFixes = new Map<string, Fix[]>();
  const definitions = new DefinitionIndex(project);
  const fallbacks = fallbackRuns(imports);
  yield;
  for (const rule of rules) {
    rule.check({
      root, project, imports, importTimeEdges: edges, definitions, dependencies, ownDistributions: dependencies.ownNames, environmentName, target, entryPoints, resolver,
      ...(installed ? { installed } : {}), ...(stdlibModules ? { stdlibModules } : {}), targetDescription: `Python ${formatVersion(target.version)} on ${target.platform}`,
      report: findingReporter(rule, { target, startup, project, fallbackRuns: fallbacks, fixes, alternatives: alternativeFixes }, findings),
      notice: (text) => notices.push(text),
    });
    yield;
  }
  // Suppressions see guarded findings too (a comment on a guarded import is not unused); those are then
  // dropped unless asked for.
  const reported = applySuppressions(project, findings, rules.map((r) => r.id))
    .filter((f) => options.includeGuarded || f.impact?.when !== 'guarded')
    .sort(compareFindings);
  const unchecked = environment ? undefined : uncheckedDeclaredImports(imports, dependencies);

  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'preflight', version: VERSION },
    root,
    summary: {
      files: scan.files.length,
      modules: project.moduleNames().length,
      imports: files.reduce((n, f) => n + f.facts.imports.length, 0),
      findings: reported.length,
      errors: reported.filter((f) => f.severity === 'error').length,
      warnings: reported.filter((f) => f.severity === 'warning').length,
      durationMs: Math.round(performance.now() - started),
      roots: project.roots.map((r) => (r.dir === '' ? '.' : r.dir)),
      python: { version: formatVersion(target.version), platform: target.platform, ...(environment ? { environment: environmentName } : {}) },
      entrypoints: entryPoints.map(({ name, module, source, service }) => ({ name, module, source, ...(service ? { service } : {}) })),
      dependencyFiles: dependencies.files,
      ...(unchecked ? { unchecked } : {}),
    },
    findings: reported,
    notices,
  };
  const stats: CheckStats = {
    scanMs: scanned.scanMs, parseMs, analyseMs: performance.now() - analyseStarted,
    files: files.length, parsed: facts.parsed, parsedBytes: facts.parsedBytes, threads: facts.threads,
  };
  // The module graph is for those who draw or explore it (graph, explore), not for the findings: built when asked for.
  let graph: ModuleGraph | undefined;
  return { report, project, imports, get graph() { return (graph ??= buildModuleGraph(project, imports)); }, entryPoints, startup, fixes, alternativeFixes, stats, hiddenFolders: scan.hiddenFolders, ...(cache ? { cache: { hits: cache.hits, misses: cache.misses, ...(cache.ignored ? { ignored: cache.ignored } : {}) } } : {}) };
}

/** Imports of declared third-party packages: without an environment their modules and names are not checked. */
function uncheckedDeclaredImports(imports: readonly ResolvedImport[], dependencies: DeclaredDependencies): { imports: number; packages: number } | undefined {
  const packages = new Set<string>();
  let count = 0;
  for (const { target } of imports) {
    if (target.status !== 'external' || target.stdlib) continue;
    const declared = distributionsProviding(target.topLevel).find((name) => dependencies.byName.has(name));
    if (!declared) continue;
    count++;
    packages.add(declared);
  }
  return count > 0 ? { imports: count, packages: packages.size } : undefined;
}

/** A path relative to the root when inside it (`.venv`), else absolute. */
function displayPath(root: string, p: string): string {
  const rel = path.relative(root, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : p;
}
