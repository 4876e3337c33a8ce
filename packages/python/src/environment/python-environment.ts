/**
 * Finds the project's Python environment without running anything: `--python` / `[tool.preflight]
 * python` (a virtualenv folder or an interpreter inside one), `$VIRTUAL_ENV`, or `.venv`, `venv`, `env`
 * in the analysed folder (a folder holding `pyvenv.cfg`). Reads `pyvenv.cfg` for the version, and lists
 * the site-packages folders (`lib/pythonX.Y/site-packages`, Windows `Lib/site-packages`) plus the folders
 * their `.pth` files add (editable installs; lines starting with `import` are code and are not run) and
 * the paths of setuptools editable finders (`__editable___*_finder.py` `MAPPING`), read as text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readTextFile } from '@preflight/core';
import { normaliseDistribution } from './declared-dependencies.js';
import { parseVersion } from './target.js';

export interface PythonEnvironment {
  /** The environment folder, as given or found (absolute). */
  path: string;
  /** From `pyvenv.cfg` (`version`/`version_info`), when it says. */
  version?: [number, number];
  /** Where installed modules are searched, in `sys.path` order (absolute). */
  searchDirs: string[];
  /** Extra module locations from editable finders: top-level name → file or folder (absolute). */
  editableModules: Map<string, string>;
  /** The base interpreter's standard library folder (from pyvenv.cfg `home`), when it is there. */
  stdlibDir?: string;
  /** Installed distributions (PEP 503 names). */
  distributions: Set<string>;
  /** Top-level import name → the installed distributions providing it (from top_level.txt / RECORD). */
  providers: Map<string, string[]>;
}

export interface FindEnvironmentOptions {
  /** `--python`: a virtualenv folder, or a python executable inside one. */
  python?: string;
  env: Record<string, string | undefined>;
  /** Extra site directories (`--site-packages`), searched after the environment's own. */
  sitePackages?: readonly string[];
}

export function findEnvironment(root: string, options: FindEnvironmentOptions): { environment?: PythonEnvironment; notices: string[] } {
  const notices: string[] = [];
  const candidates: string[] = [];
  if (options.python) candidates.push(path.resolve(root, options.python));
  else {
    if (options.env.VIRTUAL_ENV) candidates.push(options.env.VIRTUAL_ENV);
    for (const name of ['.venv', 'venv', 'env']) candidates.push(path.join(root, name));
  }
  let environment: PythonEnvironment | undefined;
  for (const candidate of candidates) {
    const folder = venvFolder(candidate);
    if (folder) {
      environment = readEnvironment(folder, notices);
      break;
    }
    if (options.python) notices.push(`--python ${options.python}: no virtualenv there (no pyvenv.cfg); installed packages are not checked`);
  }
  if (options.sitePackages?.length) {
    environment ??= { path: options.sitePackages[0]!, searchDirs: [], editableModules: new Map(), distributions: new Set(), providers: new Map() };
    for (const dir of options.sitePackages) addSiteDir(environment, path.resolve(root, dir), notices);
  }
  return environment ? { environment, notices } : { notices };
}

/** The virtualenv folder for a folder or an interpreter path inside one (`.venv/bin/python`). */
function venvFolder(candidate: string): string | undefined {
  for (let dir = candidate, i = 0; i < 3; i++, dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'pyvenv.cfg'))) return dir;
  }
  return undefined;
}

function readEnvironment(folder: string, notices: string[]): PythonEnvironment {
  const cfg = readTextFile(path.join(folder, 'pyvenv.cfg')) ?? '';
  const versionText = /^\s*(?:version|version_info)\s*=\s*([\d.]+)/m.exec(cfg)?.[1];
  const version = versionText ? parseVersion(versionText) : undefined;
  const environment: PythonEnvironment = {
    path: folder, ...(version ? { version } : {}), searchDirs: [], editableModules: new Map(), distributions: new Set(), providers: new Map(),
  };
  const candidates: string[] = [path.join(folder, 'Lib', 'site-packages')];
  const lib = path.join(folder, 'lib');
  for (const entry of safeList(lib)) if (/^python\d+\.\d+/.test(entry)) candidates.unshift(path.join(lib, entry, 'site-packages'));
  for (const dir of candidates) if (fs.existsSync(dir)) addSiteDir(environment, dir, notices);
  const home = /^\s*home\s*=\s*(.+)$/m.exec(cfg)?.[1]?.trim();
  if (home && version) {
    const stdlib = path.join(path.dirname(home), 'lib', `python${version[0]}.${version[1]}`);
    if (fs.existsSync(path.join(stdlib, 'os.py'))) environment.stdlibDir = stdlib;
  }
  // include-system-site-packages: the base interpreter's site folders come after the venv's own.
  if (home && /^\s*include-system-site-packages\s*=\s*true/m.test(cfg) && version) {
    const prefix = path.dirname(home);
    const xy = `python${version[0]}.${version[1]}`;
    for (const dir of [path.join(prefix, 'lib', xy, 'site-packages'), path.join(prefix, 'local', 'lib', xy, 'dist-packages'), path.join(prefix, 'lib', `python${version[0]}`, 'dist-packages')]) {
      if (fs.existsSync(dir)) addSiteDir(environment, dir, notices);
    }
  }
  if (environment.searchDirs.length === 0) notices.push(`${folder}: a virtualenv without site-packages; installed packages are not checked`);
  return environment;
}

/** A site directory: itself, its `.pth` path lines, its editable finders, its dist-info metadata. */
function addSiteDir(environment: PythonEnvironment, dir: string, notices: string[]): void {
  if (!fs.existsSync(dir)) {
    notices.push(`${dir}: site-packages folder not found`);
    return;
  }
  environment.searchDirs.push(dir);
  for (const entry of safeList(dir).sort()) {
    const full = path.join(dir, entry);
    if (entry.endsWith('.pth')) {
      for (const line of (readTextFile(full) ?? '').split(/\r?\n/)) {
        const text = line.trim();
        if (!text || text.startsWith('#') || /^import[\s\t]/.test(text)) continue;
        const target = path.resolve(dir, text);
        if (fs.existsSync(target) && !environment.searchDirs.includes(target)) environment.searchDirs.push(target);
      }
    } else if (/^__editable__.*finder\.py$/.test(entry)) {
      // setuptools' editable finder: MAPPING = {'pkg': '/abs/src/pkg', ...}, read as text, never run.
      const mapping = /MAPPING\s*(?::[^=]*)?=\s*\{([^}]*)\}/.exec(readTextFile(full) ?? '')?.[1] ?? '';
      for (const m of mapping.matchAll(/['"]([\w.]+)['"]\s*:\s*['"]([^'"]+)['"]/g)) environment.editableModules.set(m[1]!, m[2]!);
    } else if (entry.endsWith('.dist-info') || entry.endsWith('.egg-info')) {
      readDistribution(environment, full, entry);
    }
  }
}

/** A distribution's name and the top-level names it installs (top_level.txt, else its RECORD). */
function readDistribution(environment: PythonEnvironment, folder: string, entry: string): void {
  const metadata = readTextFile(path.join(folder, 'METADATA')) ?? readTextFile(path.join(folder, 'PKG-INFO')) ?? '';
  const rawName = /^Name:\s*(.+)$/m.exec(metadata)?.[1]?.trim() ?? entry.replace(/-[\d.][^-]*\.(?:dist|egg)-info$/, '').replace(/\.(?:dist|egg)-info$/, '');
  const name = normaliseDistribution(rawName);
  environment.distributions.add(name);
  const tops = new Set<string>();
  const topLevel = readTextFile(path.join(folder, 'top_level.txt'));
  if (topLevel !== undefined) {
    for (const line of topLevel.split(/\r?\n/)) if (line.trim()) tops.add(line.trim().split('/')[0]!);
  } else {
    for (const line of (readTextFile(path.join(folder, 'RECORD')) ?? '').split(/\r?\n/)) {
      const file = line.split(',')[0] ?? '';
      if (!file || file.startsWith('..') || file.includes('.dist-info/') || file.includes('__pycache__')) continue;
      const first = file.split('/')[0]!;
      tops.add(first.includes('.') && !file.includes('/') ? first.slice(0, first.indexOf('.')) : first);
    }
  }
  for (const top of tops) {
    const list = environment.providers.get(top) ?? [];
    if (!list.includes(name)) list.push(name);
    environment.providers.set(top, list);
  }
}


function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
