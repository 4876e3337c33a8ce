/**
 * Finds the Python files of a project: every `*.py` and `*.pyi` under the root, minus default excludes
 * (VCS, virtualenvs, caches, build output), hidden folders (unless asked for), `.gitignore` rules (nested
 * ones apply to their own folder) and user excludes. Symlinked folders are never followed (no loops, nothing outside the root); a
 * symlinked file is kept only when it points inside the root. What is skipped for those reasons is said.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type FastGlob from 'fast-glob';
import type { Ignore } from 'ignore';

// Loaded when a scan runs: a run answered from the result cache never walks the tree.
const require = createRequire(import.meta.url);
const ignore = (): Ignore => (require('ignore') as () => Ignore)();

/** Folder names never analysed, wherever they are (ruff's defaults, plus our own cache). */
export const DEFAULT_EXCLUDED_DIRS = [
  '.git', '.hg', '.svn', '.bzr', 'node_modules', '.venv', 'venv', '__pycache__',
  '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.preflight_cache', '.eggs',
  '__pypackages__', 'site-packages', '.direnv', '.ipynb_checkpoints',
];

/**
 * Build output, excluded only at the top of the project: deeper down, `build` and `dist` are as often
 * real packages (`pip._internal.operations.build`), and skipping them would invent missing modules.
 */
export const DEFAULT_EXCLUDED_TOP_DIRS = ['build', 'dist'];

export interface DiscoverOptions {
  /** Extra gitignore-style patterns, relative to the root. */
  exclude?: readonly string[];
  /** Honour `.gitignore` files (default true). */
  respectGitignore?: boolean;
  /**
   * Analyse folders whose name starts with `.` (default false: left out, as pyright does; `.semgrep/`,
   * `.github/`). The folders of DEFAULT_EXCLUDED_DIRS (`.git`, `.venv`, `.tox`, ...) stay excluded.
   * Only folders beneath the root are judged: a hidden folder given as the root is analysed.
   */
  includeHidden?: boolean;
}

export interface DiscoveredFiles {
  /** Python sources and stubs (`*.py`, `*.pyi`): paths relative to the root, with `/`, sorted. */
  files: string[];
  /** Compiled or to-be-compiled extension modules (`*.so`, `*.pyd`, `*.pyx`): they exist, their names are unknown. */
  extensionModules: string[];
  /** Every folder walked (namespace packages need no Python file to exist). */
  directories: string[];
  /** Files that mark a project folder: pyproject.toml, setup.cfg (setup.py and manage.py are in `files`). */
  projectMarkers: string[];
  /** Requirements files (`requirements*.txt`, `requirements/*.txt`, `*-requirements.txt`) and Pipfiles. */
  requirementFiles: string[];
  /** Files that start services: supervisor `*.conf`, Procfile, Dockerfile, docker-compose, systemd units. */
  serviceFiles: string[];
  /**
   * Python files and folders that exist but are not analysed (gitignored, excluded, symlinked folders,
   * unreadable folders; folders end with `/`). Imports of them may well succeed: they are unknown, never missing.
   */
  unanalysed: string[];
  /**
   * The hidden folders left out (the top-most ones, sorted; none with `includeHidden`), except those
   * excluded anyway: the default excludes, virtualenvs, gitignored or user-excluded folders.
   */
  hiddenFolders: string[];
  /** The `.gitignore` files that shaped the scan. */
  ignoreFiles: string[];
  notices: string[];
}

const EXTENSION_MODULE = /\.(?:so|pyd|pyx)$/;
const PROJECT_MARKERS = new Set(['pyproject.toml', 'setup.cfg', 'Pipfile']);
const SERVICE_FILE = /(?:^|\/)(?:[^/]*\.conf|Procfile[^/]*|Dockerfile[^/]*|[^/]*\.dockerfile|(?:docker-)?compose[^/]*\.ya?ml|[^/]*\.service)$/;
const REQUIREMENTS_FILE = /(?:^|\/)(?:[^/]*requirements[^/]*\.(?:txt|in)|requirements\/[^/]+\.(?:txt|in))$/;

/**
 * Whether the walk leaves folder `rel` out by its name alone (the patterns its globs are made of): a
 * default-excluded name anywhere (`.git`, `node_modules`, `__pycache__`), `build`/`dist` at the top, an
 * `.egg-info`, a hidden folder (unless `includeHidden`).
 */
export function isFolderLeftOutByName(rel: string, includeHidden = false): boolean {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  return (name.startsWith('.') && !includeHidden) || DEFAULT_EXCLUDED_DIRS.includes(name)
    || (!rel.includes('/') && DEFAULT_EXCLUDED_TOP_DIRS.includes(name)) || name.endsWith('.egg-info');
}

/** What the walk makes of a file that is not Python by its path (undefined: nothing, it is not read). */
export type ClassifiedFile = 'extension-module' | 'project-marker' | 'requirements' | 'service' | 'gitignore';

export function classifyFile(rel: string): ClassifiedFile | undefined {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  if (EXTENSION_MODULE.test(rel)) return 'extension-module';
  if (PROJECT_MARKERS.has(name)) return 'project-marker';
  if (REQUIREMENTS_FILE.test(rel)) return 'requirements';
  if (SERVICE_FILE.test(rel)) return 'service';
  if (name === '.gitignore') return 'gitignore';
  return undefined;
}

export function discoverFiles(root: string, options: DiscoverOptions = {}): DiscoveredFiles {
  const fg = require('fast-glob') as typeof FastGlob;
  const notices: string[] = [];
  // Few patterns, each a brace list: fast-glob matches every entry against every pattern (22 patterns
  // took 180 ms on django, these three 115).
  const ignoreDirs = [`**/{${DEFAULT_EXCLUDED_DIRS.join(',')}}/**`, `{${DEFAULT_EXCLUDED_TOP_DIRS.join(',')}}/**`, '**/*.egg-info/**'];
  const ignoreHidden = options.includeHidden ? [] : ['**/.*/**'];
  // Virtualenvs under any name: a folder holding pyvenv.cfg (they sit near the top of a project).
  const virtualenvs = fg
    .sync('**/pyvenv.cfg', { cwd: root, ignore: ignoreDirs, followSymbolicLinks: false, dot: true, suppressErrors: true, deep: 3 })
    .map((p) => path.posix.dirname(p));
  const ignoreGlobs = ignoreDirs.concat(ignoreHidden, virtualenvs.map((d) => (d === '.' ? '**' : `${d}/**`)));

  // One walk of the tree; folders are listed too, to see symlinked ones (which are not entered).
  const entries = fg.sync('**', {
    cwd: root,
    ignore: ignoreGlobs,
    dot: true,
    followSymbolicLinks: false,
    onlyFiles: false,
    suppressErrors: true,
    objectMode: true,
  });
  const userIgnore = ignore().add(options.exclude ? [...options.exclude] : []);
  const gitignores = new Map<string, Ignore>();
  if (options.respectGitignore !== false) {
    for (const entry of entries) if (entry.name === '.gitignore' && entry.dirent.isFile()) loadGitignore(root, entry.path, gitignores);
  }

  const files: string[] = [];
  const extensionModules: string[] = [];
  const directories: string[] = [];
  const projectMarkers: string[] = [];
  const unanalysed: string[] = [];
  const requirementFiles: string[] = [];
  const serviceFiles: string[] = [];
  const hiddenFolders: string[] = [];
  for (const entry of entries) {
    const rel = entry.path;
    const isPython = rel.endsWith('.py') || rel.endsWith('.pyi');
    const isLink = entry.dirent.isSymbolicLink();
    if (!isPython && !isLink) {
      const isDir = entry.dirent.isDirectory();
      const shown = isDir ? `${rel}/` : rel;
      if (userIgnore.ignores(shown) || isGitignored(shown, gitignores)) {
        if (isDir) unanalysed.push(shown);
        continue;
      }
      if (isDir) {
        directories.push(rel);
        // fast-glob skips folders it cannot read without a word: say it.
        if (!isReadableDir(path.join(root, rel))) {
          notices.push(`${rel}/: cannot be read (permission denied); its files are not analysed`);
          unanalysed.push(shown);
        }
      }
      else {
        const kind = classifyFile(rel);
        if (kind === 'extension-module') extensionModules.push(rel);
        else if (kind === 'project-marker') projectMarkers.push(rel);
        else if (kind === 'requirements') requirementFiles.push(rel);
        else if (kind === 'service') serviceFiles.push(rel);
      }
      continue;
    }
    if (userIgnore.ignores(rel) || isGitignored(rel, gitignores)) {
      if (isPython) unanalysed.push(rel);
      continue;
    }
    if (isLink) {
      const target = safeRealpath(path.join(root, rel));
      const stat = target ? fs.statSync(target, { throwIfNoEntry: false }) : undefined;
      if (stat?.isDirectory()) {
        notices.push(`${rel}/: symlinked folder not followed`);
        unanalysed.push(`${rel}/`);
        continue;
      }
      if (!isPython) continue;
      const realRoot = safeRealpath(root);
      if (!target || !realRoot || !isInside(realRoot, target) || !stat?.isFile()) {
        notices.push(`${rel}: symlink to a file outside the project (or a broken link); not analysed`);
        if (stat?.isFile()) unanalysed.push(rel);
        continue;
      }
    } else if (!entry.dirent.isFile()) {
      // A FIFO, socket or device named like Python: reading it could wait forever.
      if (!entry.dirent.isDirectory()) {
        notices.push(`${rel}: not a regular file (a FIFO, socket or device); not read`);
        unanalysed.push(rel);
      }
      continue;
    }
    files.push(rel);
  }
  // What the walk skipped without a word: the hidden folders it did not enter (fast-glob lists no entry
  // for them), and Python files with a line break in their name (its patterns never match those).
  const alwaysExcluded = new Set(DEFAULT_EXCLUDED_DIRS);
  const virtualenvDirs = new Set(virtualenvs);
  for (const dir of ['', ...directories]) {
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(dir === '' ? root : path.join(root, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const dirent of dirents) {
      const name = dirent.name;
      const rel = dir === '' ? name : `${dir}/${name}`;
      if (!options.includeHidden && name.startsWith('.') && dirent.isDirectory() && !alwaysExcluded.has(name) && !virtualenvDirs.has(rel)) {
        if (!userIgnore.ignores(`${rel}/`) && !isGitignored(`${rel}/`, gitignores)) hiddenFolders.push(rel);
        unanalysed.push(`${rel}/`);
        continue;
      }
      if (!/[\r\n\u2028\u2029]/.test(name) || !/\.pyi?$/.test(name)) continue;
      notices.push(`${JSON.stringify(rel)}: a file name with a line break is not analysed`);
      unanalysed.push(rel);
    }
  }
  files.sort();
  return {
    files, extensionModules: extensionModules.sort(), directories: directories.sort(), projectMarkers: projectMarkers.sort(),
    unanalysed: unanalysed.sort(), requirementFiles: requirementFiles.sort(), serviceFiles: serviceFiles.sort(), hiddenFolders: hiddenFolders.sort(),
    ignoreFiles: [...gitignores.keys()].map((dir) => (dir === '.' ? '.gitignore' : `${dir}/.gitignore`)).sort(), notices,
  };
}

/**
 * Whether a file the walk did not see (one not saved yet) is left out by the rules that shaped it: the
 * user's excludes and the `.gitignore` files it read.
 */
export function excludedBy(root: string, scan: Pick<DiscoveredFiles, 'ignoreFiles'>, options: DiscoverOptions = {}): (rel: string) => boolean {
  const userIgnore = ignore().add(options.exclude ? [...options.exclude] : []);
  const gitignores = new Map<string, Ignore>();
  if (options.respectGitignore !== false) for (const file of scan.ignoreFiles) loadGitignore(root, file, gitignores);
  return (rel) => userIgnore.ignores(rel) || isGitignored(rel, gitignores);
}

function loadGitignore(root: string, file: string, into: Map<string, Ignore>): void {
  try {
    into.set(path.posix.dirname(file), ignore().add(fs.readFileSync(path.join(root, file), 'utf8')));
  } catch {
    // An unreadable .gitignore excludes nothing.
  }
}

/** A file is ignored when any `.gitignore` in one of its ancestor folders ignores it (relative to that folder). */
function isGitignored(rel: string, gitignores: Map<string, Ignore>): boolean {
  if (gitignores.size === 0) return false;
  let dir = path.posix.dirname(rel.endsWith('/') ? rel.slice(0, -1) : rel);
  for (;;) {
    const ig = gitignores.get(dir);
    if (ig && ig.ignores(dir === '.' ? rel : rel.slice(dir.length + 1))) return true;
    if (dir === '.') return false;
    dir = path.posix.dirname(dir);
  }
}

function isReadableDir(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function safeRealpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

function isInside(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
