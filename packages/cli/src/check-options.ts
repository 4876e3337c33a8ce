/**
 * What `check`, `hook` and `init` share: the check's options from the configuration and the flags, the
 * reporting policy, the target interpreter, and the source lines reporters show.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseVersion, PLATFORMS, SUPPORTED_VERSIONS, DEFAULT_PYTHON_VERSION, type CheckOptions, type Platform, type Target } from '@preflight/python';
import type { FileConfig } from './config/read-config.js';
import { UsageError } from './exit-code.js';
import type { Io } from './io.js';
import type { Policy } from './policy.js';

/** The flags that shape the check itself (check's command line; the hook passes none). */
export interface CheckFlags {
  root?: string[];
  exclude?: string[];
  showGuarded?: boolean;
  pythonVersion?: string;
  platform?: string;
  python?: string;
  sitePackages?: string[];
  noGitignore?: boolean;
  /** `--include-hidden`: analyse folders whose name starts with `.`. */
  includeHidden?: boolean;
  noCache?: boolean;
  cacheDir?: string;
  /** `--jobs N`: worker threads for parsing. */
  jobs?: string;
}

/** The check's options: flags win over the configuration. */
export function checkOptionsFrom(root: string, config: FileConfig, flags: CheckFlags, io: Io): CheckOptions {
  const python = flags.python ?? config.python;
  return {
    root,
    roots: (flags.root ?? config.roots ?? []).map((r) => normaliseRoot(root, r)),
    exclude: [...(config.exclude ?? []), ...(config.extendExclude ?? []), ...(flags.exclude ?? [])],
    respectGitignore: flags.noGitignore ? false : (config.respectGitignore ?? true),
    includeHidden: flags.includeHidden || (config.includeHidden ?? false),
    includeGuarded: flags.showGuarded ?? config.showGuarded ?? false,
    target: chooseTarget(flags.pythonVersion ?? config.pythonVersion, flags.platform ?? config.platform, config.requiresPython),
    versionExplicit: (flags.pythonVersion ?? config.pythonVersion) !== undefined,
    ...(python ? { python } : {}),
    ...(flags.sitePackages ? { sitePackages: flags.sitePackages } : {}),
    env: io.env,
    ...(config.entrypoints ? { entrypoints: config.entrypoints } : {}),
    cacheDir: cacheDirOf(flags.noCache ?? false, flags.cacheDir, io),
    ...(flags.jobs !== undefined ? { jobs: jobsOf(flags.jobs) } : {}),
  };
}

/** `--jobs N`: a whole number of threads, at least 1. */
function jobsOf(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a whole number of threads, at least 1, not \`${value}\``);
  return jobs;
}

/** The reporting policy: flags' rule lists win over the configuration's. */
export function policyFrom(config: FileConfig, select?: string[], ignore?: string[]): Policy {
  const chosenSelect = select ?? config.select;
  const chosenIgnore = ignore ?? config.ignore;
  return {
    ...(chosenSelect ? { select: chosenSelect } : {}), ...(chosenIgnore ? { ignore: chosenIgnore } : {}),
    ...(config.severity ? { severity: config.severity } : {}), ...(config.perFileIgnores ? { perFileIgnores: config.perFileIgnores } : {}),
  };
}

/** The folder a command analyses (`path`, default the current one), which must exist. */
export function folderOf(io: Io, given: string | undefined): string {
  const root = path.resolve(io.cwd, given ?? '.');
  if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`not a folder: ${given ?? '.'}`);
  return root;
}

/** The facts cache folder: `--no-cache`, else `--cache-dir`, else $PREFLIGHT_CACHE_DIR, else the default (undefined). */
export function cacheDirOf(noCache: boolean, dir: string | undefined, io: Io): string | false | undefined {
  if (noCache) return false;
  const chosen = dir ?? io.env.PREFLIGHT_CACHE_DIR;
  return chosen ? path.resolve(io.cwd, chosen) : undefined;
}

/** The target interpreter: explicit version, else the lowest one `requires-python` allows, else the default. */
export function chooseTarget(version: string | undefined, platform: string | undefined, requiresPython: string | undefined): Target {
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

