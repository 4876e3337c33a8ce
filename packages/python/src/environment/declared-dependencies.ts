/* eslint-disable @typescript-eslint/no-explicit-any -- TOML documents are untyped data */
/**
 * The dependencies a project declares, read statically from its dependency files: requirements*.txt
 * (with -r/-c includes), pyproject.toml ([project] dependencies and optional-dependencies,
 * [dependency-groups], [tool.poetry.*dependencies], [tool.uv] dev-dependencies), setup.cfg
 * install_requires / extras_require, setup.py literal lists, Pipfile. Names are normalised per PEP 503.
 * Nothing is executed.
 */
import path from 'node:path';
import { readTextFile } from '@preflight/core';
import { parse as parseToml } from 'smol-toml';

export type DependencyGroup = 'runtime' | 'optional' | 'dev';

export interface DeclaredDependency {
  /** PEP 503 normalised distribution name. */
  name: string;
  group: DependencyGroup;
  /** The file that declares it, relative to the analysed root. */
  file: string;
}

export interface DeclaredDependencies {
  /** Dependency files read, relative to the analysed root, sorted. */
  files: string[];
  byName: Map<string, DeclaredDependency[]>;
  /**
   * Names of extras requested on declared distributions (`kombu[sqlalchemy]` → `sqlalchemy` from
   * `kombu[sqlalchemy]`): an extra usually installs the distribution of that name.
   */
  extras: Map<string, string>;
  /** The project's own distribution names (`[project] name`, Poetry's, setup.cfg's, setup.py's). */
  ownNames: Set<string>;
  /** Problems reading them (unparsable TOML, a missing -r include). */
  notices: string[];
}

/** PEP 503: lower case, runs of `-`, `_`, `.` become one `-`. */
export function normaliseDistribution(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const REQUIREMENT_NAME = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/;
const DEV_FILE = /(?:^|[-_/])(?:dev|test|tests|testing|lint|docs?|ci|tox|typing|mypy)(?:[-_.]|$)/i;

/** Finds and reads the dependency files in the given folders (the analysed root and nested projects). */
export function readDeclaredDependencies(root: string, folders: readonly string[], requirementFiles: readonly string[]): DeclaredDependencies {
  const result: DeclaredDependencies = { files: [], byName: new Map(), extras: new Map(), ownNames: new Set(), notices: [] };
  const add = (requirement: string, group: DependencyGroup, file: string) => {
    const m = REQUIREMENT_NAME.exec(requirement);
    if (!m) return;
    const name = normaliseDistribution(m[1]!);
    if (name === 'python') return;
    const extras = /^\s*[A-Za-z0-9._-]+\s*\[([^\]]*)\]/.exec(requirement)?.[1];
    for (const extra of extras?.split(',') ?? []) {
      if (extra.trim()) result.extras.set(normaliseDistribution(extra.trim()), `${m[1]}[${extras}]`);
    }
    const list = result.byName.get(name) ?? [];
    list.push({ name, group, file });
    result.byName.set(name, list);
  };
  const read = (rel: string): string | undefined => readTextFile(path.join(root, rel));
  const seen = new Set<string>();
  let groupOf: (file: string) => DependencyGroup = () => 'runtime';
  const readRequirements = (rel: string, group: DependencyGroup) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const text = read(rel);
    if (text === undefined) {
      result.notices.push(`${rel}: included requirements file not found`);
      return;
    }
    result.files.push(rel);
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      if (!line) continue;
      const include = /^(?:-r|--requirement|-c|--constraint)\s*=?\s*(\S+)/.exec(line);
      if (include) {
        // Constraints pin versions without declaring anything; requirements includes declare.
        if (line.startsWith('-r') || line.startsWith('--requirement')) {
          const included = path.posix.normalize(path.posix.join(path.posix.dirname(rel), include[1]!));
          readRequirements(included, groupOf(included));
        }
        continue;
      }
      const egg = /#egg=([A-Za-z0-9._-]+)/.exec(raw);
      if (egg) add(egg[1]!, group, rel);
      else if (!line.startsWith('-')) add(line, group, rel);
    }
  };

  // Each requirements file's group comes from its own name (an include does not make `-r base.txt` dev).
  groupOf = (file: string): DependencyGroup => (DEV_FILE.test(file) ? 'dev' : /(?:^|\/)extras?(?:\/|[-_.])/.test(file) ? 'optional' : 'runtime');
  for (const file of [...requirementFiles].sort()) readRequirements(file, groupOf(file));

  for (const folder of folders) {
    const at = (name: string) => (folder === '' ? name : `${folder}/${name}`);
    const pyproject = read(at('pyproject.toml'));
    if (pyproject !== undefined) {
      try {
        const toml = parseToml(pyproject) as Record<string, any>;
        let declared = false;
        const list = (items: unknown, group: DependencyGroup) => {
          if (!Array.isArray(items)) return;
          for (const item of items) if (typeof item === 'string') ((declared = true), add(item, group, at('pyproject.toml')));
        };
        const table = (items: unknown, group: DependencyGroup) => {
          if (items && typeof items === 'object') for (const key of Object.keys(items)) ((declared = true), add(key, group, at('pyproject.toml')));
        };
        for (const own of [toml.project?.name, toml.tool?.poetry?.name]) if (typeof own === 'string') result.ownNames.add(normaliseDistribution(own));
        list(toml.project?.dependencies, 'runtime');
        for (const extra of Object.values(toml.project?.['optional-dependencies'] ?? {})) list(extra, 'optional');
        for (const group of Object.values(toml['dependency-groups'] ?? {})) list(group, 'dev');
        table(toml.tool?.poetry?.dependencies, 'runtime');
        table(toml.tool?.poetry?.['dev-dependencies'], 'dev');
        for (const group of Object.values(toml.tool?.poetry?.group ?? {})) table((group as any)?.dependencies, 'dev');
        list(toml.tool?.uv?.['dev-dependencies'], 'dev');
        // A pyproject.toml that only configures tools declares nothing: it is not a dependency file.
        if (declared || toml.project?.dependencies !== undefined) result.files.push(at('pyproject.toml'));
      } catch (error) {
        result.notices.push(`${at('pyproject.toml')}: not valid TOML, its dependencies are not read (${(error as Error).message.split('\n')[0]})`);
      }
    }
    const setupCfg = read(at('setup.cfg'));
    if (setupCfg !== undefined && /^\s*(install_requires|extras_require|tests_require)/m.test(setupCfg)) {
      result.files.push(at('setup.cfg'));
      readSetupCfg(setupCfg, (req, group) => add(req, group, at('setup.cfg')));
    }
    const cfgName = setupCfg === undefined ? undefined : /^\s*name\s*=\s*([A-Za-z0-9._-]+)\s*$/m.exec(setupCfg)?.[1];
    if (cfgName) result.ownNames.add(normaliseDistribution(cfgName));
    const setupPy = read(at('setup.py'));
    const pyName = setupPy === undefined ? undefined : /\bname\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(setupPy)?.[1];
    if (pyName) result.ownNames.add(normaliseDistribution(pyName));
    if (setupPy !== undefined && /install_requires|extras_require/.test(setupPy)) {
      result.files.push(at('setup.py'));
      for (const m of setupPy.matchAll(/(install_requires|tests_require)\s*=\s*\[([^\]]*)\]/g)) {
        for (const s of m[2]!.matchAll(/["']([^"']+)["']/g)) add(s[1]!, m[1] === 'install_requires' ? 'runtime' : 'dev', at('setup.py'));
      }
      for (const m of setupPy.matchAll(/extras_require\s*=\s*\{([^}]*)\}/g)) {
        for (const s of m[1]!.matchAll(/\[([^\]]*)\]/g)) for (const r of s[1]!.matchAll(/["']([^"']+)["']/g)) add(r[1]!, 'optional', at('setup.py'));
      }
    }
    const pipfile = read(at('Pipfile'));
    if (pipfile !== undefined) {
      try {
        const toml = parseToml(pipfile) as Record<string, any>;
        result.files.push(at('Pipfile'));
        for (const key of Object.keys(toml.packages ?? {})) add(key, 'runtime', at('Pipfile'));
        for (const key of Object.keys(toml['dev-packages'] ?? {})) add(key, 'dev', at('Pipfile'));
      } catch {
        result.notices.push(`${at('Pipfile')}: not valid TOML, its dependencies are not read`);
      }
    }
  }
  result.files.sort();
  return result;
}

/** `[options] install_requires =` continuation lines, `[options.extras_require]` keys' values. */
function readSetupCfg(text: string, add: (requirement: string, group: DependencyGroup) => void): void {
  let section = '';
  let key = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)[#;].*$/, '');
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      section = header[1]!.trim();
      key = '';
      continue;
    }
    const assignment = /^([A-Za-z_][\w-]*)\s*=\s*(.*)$/.exec(line);
    const group: DependencyGroup | undefined =
      section === 'options' && (key === 'install_requires' || assignment?.[1] === 'install_requires') ? 'runtime'
        : section === 'options' && (key === 'tests_require' || assignment?.[1] === 'tests_require') ? 'dev'
          : section === 'options.extras_require' ? 'optional' : undefined;
    if (assignment) {
      key = assignment[1]!;
      const value = assignment[2]!.trim();
      const g = section === 'options.extras_require' ? 'optional' : key === 'install_requires' ? 'runtime' : key === 'tests_require' ? 'dev' : undefined;
      if (g && value) add(value, g);
    } else if (/^\s+\S/.test(line) && group) {
      add(line.trim(), group);
    }
  }
}
