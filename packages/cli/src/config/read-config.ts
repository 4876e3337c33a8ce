/* eslint-disable @typescript-eslint/no-explicit-any -- TOML documents are untyped data */
/**
 * preflight's configuration, as ruff finds its own: walking up from the analysed folder (never above the
 * repository's top folder), the first of `.preflight.toml`, `preflight.toml` (top-level keys) or a
 * `pyproject.toml` with `[tool.preflight]`.
 * Read with a real TOML parser and validated: an unknown key or a wrong type is a usage error naming the
 * file, the key and the type expected (exit 2).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { rules } from '@preflight/python';
import { UsageError } from '../exit-code.js';

export type RuleSeverity = 'error' | 'warning' | 'off';

export interface FileConfig {
  /** The file the configuration came from (relative to the analysed folder when inside it). */
  file?: string;
  roots?: string[];
  exclude?: string[];
  extendExclude?: string[];
  showGuarded?: boolean;
  respectGitignore?: boolean;
  includeHidden?: boolean;
  pythonVersion?: string;
  platform?: string;
  python?: string;
  entrypoints?: string[];
  select?: string[];
  ignore?: string[];
  /** Per rule: its severity, or `off`. */
  severity?: Record<string, RuleSeverity>;
  /** Glob (gitignore style, relative to the analysed folder) → rule ids not reported in matching files. */
  perFileIgnores?: Record<string, string[]>;
  /** `[project] requires-python` (or poetry's `python` dependency), for the default target version. */
  requiresPython?: string;
}

type Type = 'string' | 'string[]' | 'boolean' | 'rule[]' | 'severity-table' | 'ignores-table';

const KEYS: Record<string, { key: keyof FileConfig; type: Type }> = {
  roots: { key: 'roots', type: 'string[]' },
  exclude: { key: 'exclude', type: 'string[]' },
  'extend-exclude': { key: 'extendExclude', type: 'string[]' },
  'show-guarded': { key: 'showGuarded', type: 'boolean' },
  'respect-gitignore': { key: 'respectGitignore', type: 'boolean' },
  'include-hidden': { key: 'includeHidden', type: 'boolean' },
  'python-version': { key: 'pythonVersion', type: 'string' },
  platform: { key: 'platform', type: 'string' },
  python: { key: 'python', type: 'string' },
  entrypoints: { key: 'entrypoints', type: 'string[]' },
  select: { key: 'select', type: 'rule[]' },
  ignore: { key: 'ignore', type: 'rule[]' },
  severity: { key: 'severity', type: 'severity-table' },
  'per-file-ignores': { key: 'perFileIgnores', type: 'ignores-table' },
};

const EXPECTED: Record<Type, string> = {
  string: 'a string',
  'string[]': 'a list of strings',
  boolean: 'true or false',
  'rule[]': 'a list of rule ids',
  'severity-table': 'a table of rule id = "error" | "warning" | "off"',
  'ignores-table': 'a table of "glob" = [rule ids]',
};

/** The rule ids configuration may name. */
export function knownRuleIds(): string[] {
  return rules.map((r) => r.id);
}

/** The files configuration is read from, in the order they are looked for in each folder. */
export const CONFIG_FILES = ['.preflight.toml', 'preflight.toml', 'pyproject.toml'] as const;

/**
 * The folders configuration is looked for in, nearest first: `root` and those above it, up to its
 * repository's top folder (never above it: a stray ~/pyproject.toml).
 */
export function configFolders(root: string): string[] {
  const folders: string[] = [];
  for (let dir = root; ; dir = path.dirname(dir)) {
    folders.push(dir);
    if (isRepositoryRoot(dir) || path.dirname(dir) === dir) return folders;
  }
}

/** Every file whose change may change the configuration of `root` (for a server that watches them). */
export function configFilesOf(root: string): string[] {
  return configFolders(root).flatMap((dir) => CONFIG_FILES.map((name) => path.join(dir, name)));
}

/** The configuration that applies to `root`, with paths (roots) made relative to `root`. */
export function readConfig(root: string): FileConfig {
  const requiresPython = readRequiresPython(root);
  const base: FileConfig = requiresPython ? { requiresPython } : {};
  for (const dir of configFolders(root)) {
    for (const name of CONFIG_FILES) {
      const file = path.join(dir, name);
      const text = readIfFile(file);
      if (text === undefined) continue;
      const display = displayName(root, file);
      const toml = parseToml(text, display);
      const section = name === 'pyproject.toml' ? (toml.tool as any)?.preflight : toml;
      if (section === undefined) continue;
      const where = name === 'pyproject.toml' ? `${display}: [tool.preflight]` : display;
      if (typeof section !== 'object' || section === null || Array.isArray(section)) throw new UsageError(`${where} must be a table`);
      const config = validate(section as Record<string, unknown>, where);
      // Roots are folders relative to the configuration file's folder.
      if (config.roots && dir !== root) config.roots = config.roots.map((r) => path.relative(root, path.join(dir, r)).split(path.sep).join('/') || '.');
      // So is the virtualenv (`python = ".venv"`); patterns (exclude, per-file-ignores) match paths of the analysed folder.
      if (config.python && !path.isAbsolute(config.python)) config.python = path.join(dir, config.python);
      return { ...base, ...config, file: display };
    }
  }
  return base;
}

/** A repository's top folder: configuration is never looked for above it. */
function isRepositoryRoot(dir: string): boolean {
  return ['.git', '.hg', '.svn', '.jj'].some((marker) => fs.existsSync(path.join(dir, marker)));
}

function validate(section: Record<string, unknown>, where: string): FileConfig {
  const config: FileConfig = {};
  const ruleIds = knownRuleIds();
  for (const [name, value] of Object.entries(section)) {
    const spec = KEYS[name];
    if (!spec) throw new UsageError(`${where}: unknown key \`${name}\` (known: ${Object.keys(KEYS).join(', ')})`);
    const fail = (detail = '') => new UsageError(`${where}: \`${name}\` must be ${EXPECTED[spec.type]}${detail}`);
    const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
    const checkRules = (ids: string[], context: string) => {
      const unknown = ids.find((id) => !ruleIds.includes(id));
      if (unknown) throw new UsageError(`${where}: \`${context}\` names unknown rule \`${unknown}\` (known: ${ruleIds.join(', ')})`);
    };
    switch (spec.type) {
      case 'boolean':
        if (typeof value !== 'boolean') throw fail();
        break;
      case 'string':
        if (typeof value !== 'string') throw fail();
        break;
      case 'string[]':
        if (!isStrings(value)) throw fail();
        break;
      case 'rule[]':
        if (!isStrings(value)) throw fail();
        checkRules(value, name);
        break;
      case 'severity-table':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail();
        for (const [id, level] of Object.entries(value)) {
          checkRules([id], `${name}.${id}`);
          if (level !== 'error' && level !== 'warning' && level !== 'off') throw fail(` (\`${id}\` is ${JSON.stringify(level)})`);
        }
        break;
      case 'ignores-table':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail();
        for (const [glob, ids] of Object.entries(value)) {
          if (!isStrings(ids)) throw fail(` (\`${glob}\` is not a list of rule ids)`);
          checkRules(ids, `${name}."${glob}"`);
        }
        break;
    }
    (config as Record<string, unknown>)[spec.key] = value;
  }
  return config;
}

/** `requires-python` from the nearest pyproject.toml at or above the analysed folder. */
function readRequiresPython(root: string): string | undefined {
  for (const dir of configFolders(root)) {
    const text = readIfFile(path.join(dir, 'pyproject.toml'));
    if (text !== undefined) {
      let toml: Record<string, unknown>;
      try {
        toml = parse(text) as Record<string, unknown>;
      } catch {
        return undefined;
      }
      const project = toml.project as Record<string, unknown> | undefined;
      const poetryPython = ((toml.tool as any)?.poetry?.dependencies as Record<string, unknown> | undefined)?.python;
      return typeof project?.['requires-python'] === 'string' ? project['requires-python'] : typeof poetryPython === 'string' ? poetryPython : undefined;
    }
  }
  return undefined;
}

function parseToml(text: string, display: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`${display}: invalid TOML: ${(error as Error).message.split('\n')[0]}`);
  }
}

function readIfFile(file: string): string | undefined {
  try {
    return fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

function displayName(root: string, file: string): string {
  const rel = path.relative(root, file);
  return rel.startsWith('..') ? file : rel.split(path.sep).join('/');
}
