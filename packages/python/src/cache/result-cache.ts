/**
 * The whole-run cache: when nothing a check depends on changed since the last run, its report is the
 * last run's, and nothing is read, parsed or resolved again (a pre-commit hook on an untouched tree).
 * The project is not even walked: like git's untracked cache, it is enough that every folder the last
 * scan walked has the same mtime (adding, removing or renaming an entry changes its folder's) and every
 * input file the same size, times and inode. A run depends on
 *   - the analyser (every module of preflight, by path, size and mtime: a rebuild or upgrade changes it),
 *   - the options (roots, excludes, target, environment flags, configured entry points),
 *   - the stamps of the folders walked (and of gitignored ones) and of the input files: Python files,
 *     dependency, project and service files, `.gitignore` files,
 *   - the environment: its folder, version and site-packages folders with their mtimes (installing or
 *     removing a package changes them).
 * An environment with editable installs or `.pth` folders is never cached: their sources live outside
 * what the key can see. Not seen: a file appearing deep inside a gitignored folder (the folder is
 * stamped, not walked). One file, `.preflight_cache/result-v1.json`, written atomically; a missing,
 * corrupt or mismatching one is recomputed, never trusted.
 *
 * When only Python files changed (every folder and every other input has its stamp), the last scan is
 * still the project's file list: the run skips the walk, and the files whose stamps match need no new
 * `stat` before their facts are looked up. When the changed files' facts are then those of the last
 * run (a comment edited), so is the analysis: its outcome is reused.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { VERSION, writeAtomic, type DiscoveredFiles, type Fix, type Report } from '@preflight/core';
import type { PythonEnvironment } from '../environment/python-environment.js';
import { GRAMMAR_DIR } from '../parse/parser.js';
import { ensureCacheDir } from './cache-dir.js';
import type { UnsureGroup } from '../resolve/unsure-imports.js';

const FILE = 'result-v2.json';
const require = createRequire(import.meta.url);

/** What a `check` command needs of a run to print it again. */
export interface RunOutcome {
  report: Report;
  fixes: [string, Fix][];
  unsure: UnsureGroup[];
  hiddenFolders: string[];
}

type FileStamp = [size: number, mtimeMs: number, ctimeMs: number, ino: number];
export type Stamps = Record<string, FileStamp>;

interface Stored {
  key: string;
  stamps: Stamps;
  outcome: RunOutcome;
  scan: DiscoveredFiles;
}

/** What the last run leaves to this one: its whole outcome, or its scan when only Python files changed. */
export type Reusable =
  | { outcome: RunOutcome }
  | {
    /** The last run's outcome: still this run's if the changed files' facts are the same. */
    last: RunOutcome;
    scan: DiscoveredFiles;
    /** The stamps now, taken before any file is read: the last run's, with the changed files' new ones. */
    stamps: Stamps;
    /** The Python files whose stamps changed. */
    changed: string[];
    /** Every stamped file's `stat` of this lookup, by path relative to the root. */
    stats: Map<string, fs.Stats>;
  };

export class ResultCache {
  private readonly file: string;

  constructor(private readonly dir: string) {
    this.file = path.join(dir, FILE);
  }

  /**
   * Creates the cache folder before the project's folders are stamped: creating it later, inside the
   * project, would change the stamp of its parent. False when it cannot be created (nothing is kept).
   */
  prepare(): boolean {
    try {
      ensureCacheDir(this.dir);
      return true;
    } catch {
      return false;
    }
  }

  /** Stamps of these files and folders now (one that cannot be stat'ed makes the run uncacheable). */
  static stamp(root: string, files: readonly string[]): Stamps | undefined {
    const stamps: Stamps = {};
    for (const file of files) {
      try {
        stamps[file] = stampOf(fs.statSync(path.join(root, file)));
      } catch {
        return undefined;
      }
    }
    return stamps;
  }

  /**
   * What of the last run still holds: its outcome when its key and every stamp it recorded are the same
   * now; its scan when only Python files changed; else undefined. Never throws.
   */
  lookup(key: string, root: string): Reusable | undefined {
    let stored: Stored;
    try {
      stored = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Stored;
    } catch {
      return undefined;
    }
    if (stored?.key !== key || typeof stored.stamps !== 'object' || stored.stamps === null || typeof stored.outcome?.report !== 'object' || !Array.isArray(stored.scan?.files)) return undefined;
    const pythonFiles = new Set(stored.scan.files);
    const changed: string[] = [];
    const stats = new Map<string, fs.Stats>();
    const stamps: Stamps = { ...stored.stamps };
    for (const [name, b] of Object.entries(stored.stamps)) {
      let s: fs.Stats;
      try {
        s = fs.statSync(path.join(root, name));
      } catch {
        return undefined;
      }
      stats.set(name, s);
      if (Array.isArray(b) && s.size === b[0] && s.mtimeMs === b[1] && s.ctimeMs === b[2] && s.ino === b[3]) continue;
      if (!pythonFiles.has(name) || !s.isFile()) return undefined;
      changed.push(name);
      stamps[name] = stampOf(s);
    }
    return changed.length === 0 ? { outcome: stored.outcome } : { last: stored.outcome, scan: stored.scan, stamps, changed, stats };
  }

  /** Keeps this run's outcome and scan, under the stamps taken before its files were read. Never throws. */
  store(key: string, stamps: Stamps, outcome: RunOutcome, scan: DiscoveredFiles): void {
    try {
      ensureCacheDir(this.dir);
      writeAtomic(this.file, JSON.stringify({ key, stamps, outcome, scan } satisfies Stored));
    } catch {
      // Read-only checkout, full disk: the next run checks again.
    }
  }
}

function stampOf(s: fs.Stats): FileStamp {
  return [s.size, s.mtimeMs, s.ctimeMs, s.ino];
}

/** The key of a run: the analyser, the options and scan as given (JSON-serialisable), the environment. */
export function runKey(parts: unknown, environment: PythonEnvironment | undefined): string | undefined {
  const env = environmentStamp(environment);
  if (env === null) return undefined;
  return createHash('sha1').update(analyserKey()).update(JSON.stringify(parts)).update(JSON.stringify(env)).digest('hex');
}

/** The environment as the key sees it; null when it cannot see all of it (editable installs, `.pth` folders). */
function environmentStamp(environment: PythonEnvironment | undefined): unknown {
  if (!environment) return 'none';
  if (environment.editableModules.size > 0) return null;
  const dirs: [string, number][] = [];
  for (const dir of environment.searchDirs) {
    if (!/[\\/](?:site|dist)-packages$/.test(dir)) return null;
    try {
      dirs.push([dir, fs.statSync(dir).mtimeMs]);
    } catch {
      dirs.push([dir, -1]);
    }
  }
  return { path: environment.path, version: environment.version, stdlib: environment.stdlibDir, dirs };
}

/**
 * preflight's own code and data, by path, size and mtime of every module of this package and of core,
 * and of the grammar folder (queries, the standard library's module lists, the distribution tables): an
 * upgrade or a rebuild changes them. With the version and the Node version. Computed once.
 */
let analyser: string | undefined;
function analyserKey(): string {
  if (analyser) return analyser;
  const hash = createHash('sha1').update(VERSION).update(process.version);
  const here = fileURLToPath(new URL('..', import.meta.url));
  let core: string | undefined;
  try {
    core = path.dirname(require.resolve('@preflight/core'));
  } catch {
    // Bundled: core's modules are among ours.
  }
  for (const dir of [here, fileURLToPath(GRAMMAR_DIR), ...(core ? [core] : [])]) {
    const walk = (d: string) => {
      for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const full = path.join(d, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(?:js|scm|json|txt)$/.test(entry.name)) {
          const s = fs.statSync(full);
          hash.update(`${full}\0${s.size}\0${s.mtimeMs}\n`);
        }
      }
    };
    try {
      walk(dir);
    } catch {
      hash.update(`unreadable ${dir}`);
    }
  }
  return (analyser = hash.digest('hex'));
}
