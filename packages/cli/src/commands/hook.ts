/**
 * `preflight hook [FILE...]`: the pre-commit hook. A change to one file can break imports in others
 * (delete a function and its importers break), so the whole project is checked; what is reported are
 * the findings in the changed files and the findings elsewhere caused by them (an import of a changed
 * or deleted module), each saying which change caused it. pre-commit passes the staged files; deleted
 * files come from `git diff --cached` (git is asked, the project's code is never run).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sourceLines, type Finding } from '@preflight/core';
import { checkAsync, moduleNameOfPath } from '@preflight/python';
import { formatText } from '@preflight/reporters';
import { checkOptionsFrom, policyFrom } from '../check-options.js';
import { readConfig } from '../config/read-config.js';
import { ExitCode } from '../exit-code.js';
import type { Io } from '../io.js';
import { applyPolicy, withCounts } from '../policy.js';

export async function runHook(argv: string[], io: Io): Promise<ExitCode> {
  const root = io.cwd;
  const changed = new Set(argv.filter((a) => !a.startsWith('-')).map((f) => path.relative(root, path.resolve(root, f)).split(path.sep).join('/')));
  for (const deleted of stagedDeletions(root)) changed.add(deleted);
  if (changed.size === 0) return ExitCode.Clean;
  const config = readConfig(root);
  // The same check as `preflight check` with the project's configuration; the facts cache makes a warm
  // run cost resolution only.
  const result = await checkAsync(checkOptionsFrom(root, config, {}, io));
  const report = applyPolicy(result.report, policyFrom(config));
  // Module names of the changed files (deleted ones too), under every source root.
  const changedModules = new Map<string, string>();
  for (const file of changed) {
    for (const root of result.project.roots) {
      const rel = root.dir === '' ? file : file.startsWith(`${root.dir}/`) ? file.slice(root.dir.length + 1) : undefined;
      if (!rel || !/\.pyi?$/.test(rel)) continue;
      changedModules.set(moduleNameOfPath(rel).name, file);
    }
  }
  const causeOf = (f: Finding): string | undefined => {
    if (!f.module) return undefined;
    const parts = f.module.split('.');
    for (let i = parts.length; i > 0; i--) {
      const cause = changedModules.get(parts.slice(0, i).join('.'));
      if (cause) return cause;
    }
    return undefined;
  };
  const findings: Finding[] = [];
  for (const f of report.findings) {
    if (changed.has(f.file)) findings.push(f);
    else {
      const cause = causeOf(f);
      if (cause) findings.push({ ...f, message: `${f.message} (caused by the change to ${cause})` });
    }
  }
  const shown = withCounts(report, findings);
  io.stdout(formatText(shown, { color: io.isTty && !io.env.NO_COLOR, sourceLine: sourceLines(root) }));
  return shown.summary.errors > 0 ? ExitCode.Findings : ExitCode.Clean;
}

/** Files the commit deletes (pre-commit passes only the files that still exist). */
function stagedDeletions(root: string): string[] {
  // --no-renames: a `git mv` is the deletion of the old path too (its importers break).
  const git = spawnSync('git', ['diff', '--cached', '--name-only', '--no-renames', '--diff-filter=D', '-z'], { cwd: root, encoding: 'utf8' });
  if (git.status !== 0) return [];
  const prefix = spawnSync('git', ['rev-parse', '--show-prefix'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  return git.stdout.split('\0').filter(Boolean).map((f) => (prefix && f.startsWith(prefix) ? f.slice(prefix.length) : f));
}
