/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * `[tool.preflight]` from the analysed root's pyproject.toml, validated: unknown keys and wrong types
 * are usage errors with the key named, as ruff does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { UsageError } from '../exit-code.js';

export interface FileConfig {
  roots?: string[];
  exclude?: string[];
  showGuarded?: boolean;
  respectGitignore?: boolean;
  pythonVersion?: string;
  platform?: string;
  python?: string;
  entrypoints?: string[];
  /** `[project] requires-python` (or poetry's `python` dependency), for the default target version. */
  requiresPython?: string;
}

const KEYS: Record<string, { key: keyof FileConfig; type: 'string[]' | 'boolean' | 'string' }> = {
  roots: { key: 'roots', type: 'string[]' },
  exclude: { key: 'exclude', type: 'string[]' },
  'show-guarded': { key: 'showGuarded', type: 'boolean' },
  'respect-gitignore': { key: 'respectGitignore', type: 'boolean' },
  'python-version': { key: 'pythonVersion', type: 'string' },
  platform: { key: 'platform', type: 'string' },
  python: { key: 'python', type: 'string' },
  entrypoints: { key: 'entrypoints', type: 'string[]' },
};

export function readPyprojectConfig(root: string): FileConfig {
  const file = path.join(root, 'pyproject.toml');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  let toml: Record<string, unknown>;
  try {
    toml = parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`pyproject.toml: invalid TOML: ${(error as Error).message.split('\n')[0]}`);
  }
  const project = toml.project as Record<string, unknown> | undefined;
  const poetryPython = ((toml.tool as any)?.poetry?.dependencies as Record<string, unknown> | undefined)?.python;
  const requires = typeof project?.['requires-python'] === 'string' ? project['requires-python'] : typeof poetryPython === 'string' ? poetryPython : undefined;
  const base: FileConfig = requires ? { requiresPython: requires } : {};
  const section = (toml.tool as Record<string, unknown> | undefined)?.preflight;
  if (section === undefined) return base;
  if (typeof section !== 'object' || section === null || Array.isArray(section)) throw new UsageError('pyproject.toml: [tool.preflight] must be a table');
  const config: FileConfig = { ...base };
  for (const [name, value] of Object.entries(section)) {
    const spec = KEYS[name];
    if (!spec) throw new UsageError(`pyproject.toml: unknown key \`${name}\` in [tool.preflight] (known: ${Object.keys(KEYS).join(', ')})`);
    if (spec.type === 'boolean') {
      if (typeof value !== 'boolean') throw new UsageError(`pyproject.toml: [tool.preflight] ${name} must be true or false`);
      (config as Record<string, unknown>)[spec.key] = value;
    } else if (spec.type === 'string') {
      if (typeof value !== 'string') throw new UsageError(`pyproject.toml: [tool.preflight] ${name} must be a string`);
      (config as Record<string, unknown>)[spec.key] = value;
    } else {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new UsageError(`pyproject.toml: [tool.preflight] ${name} must be a list of strings`);
      (config as Record<string, unknown>)[spec.key] = value;
    }
  }
  return config;
}
