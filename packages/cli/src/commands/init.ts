/**
 * `preflight init [path]`: writes a starter configuration with what preflight detected (source roots,
 * entry points, the target Python), so a team can review and pin it: a `[tool.preflight]` table appended
 * to pyproject.toml when there is one, else a new preflight.toml. Never overwrites a configuration.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkAsync, formatVersion } from '@preflight/python';
import { checkOptionsFrom, folderOf } from '../check-options.js';
import { readConfig } from '../config/read-config.js';
import { ExitCode, UsageError } from '../exit-code.js';
import type { Io } from '../io.js';

export async function runInit(argv: string[], io: Io): Promise<ExitCode> {
  const folder = argv.find((a) => !a.startsWith('-'));
  const root = folderOf(io, folder);
  const existing = readConfig(root);
  if (existing.file) throw new UsageError(`a configuration already applies here: ${existing.file}`);
  // The check as `preflight check` would run it (the target from requires-python, the environment).
  const options = checkOptionsFrom(root, existing, {}, io);
  const { report } = await checkAsync(options);
  const { summary } = report;
  const list = (items: readonly string[]) => `[${items.map((i) => JSON.stringify(i)).join(', ')}]`;
  const entrypoints = (summary.entrypoints ?? []).map((e) => (e.name.includes(' ') ? e.name : e.module));
  const body = [
    '# Source roots (sys.path entries), relative to this file; detected by preflight.',
    `roots = ${list((summary.roots ?? ['.']).filter((r) => r !== ''))}`,
    '# What each service starts; detected from service files and console scripts.',
    `entrypoints = ${list([...new Set(entrypoints)])}`,
    '# The interpreter the services run (from requires-python, the virtualenv, else the newest supported).',
    `python-version = ${JSON.stringify(summary.python?.version ?? formatVersion(options.target!.version))}`,
    '# exclude = ["migrations/"]',
    '# [severity] unresolved-attribute = "warning"',
    '# [per-file-ignores] "tests/**" = ["unresolved-module"]',
    '',
  ];
  const pyproject = path.join(root, 'pyproject.toml');
  if (fs.existsSync(pyproject)) {
    const text = fs.readFileSync(pyproject, 'utf8');
    fs.appendFileSync(pyproject, `${text.endsWith('\n') || text === '' ? '' : '\n'}\n[tool.preflight]\n${body.join('\n').replace(/^# \[(severity|per-file-ignores)\]/gm, '# [tool.preflight.$1]')}`);
    io.stdout(`preflight: wrote [tool.preflight] to pyproject.toml (${counted(summary.roots?.length ?? 0, 'root')}, ${counted(entrypoints.length, 'entry point')})\n`);
  } else {
    fs.writeFileSync(path.join(root, 'preflight.toml'), body.join('\n'));
    io.stdout(`preflight: wrote preflight.toml (${counted(summary.roots?.length ?? 0, 'root')}, ${counted(entrypoints.length, 'entry point')})\n`);
  }
  return ExitCode.Clean;
}

function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
