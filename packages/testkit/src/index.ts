/** Test helpers (never imported by src): inline repositories on disk, and the built CLI run as users run it. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = path.join(REPO_ROOT, 'bin', 'preflight.js');

/** Writes `{ 'pkg/__init__.py': '...', ... }` into a new temporary folder and returns its path. */
export function writeRepo(files: Record<string, string | Uint8Array>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-test-'));
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return root;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs bin/preflight.js (the built CLI) with `args` in `cwd`. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    encoding: 'utf8',
  });
  return { exitCode: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
export { writeSyntheticProject, type SyntheticProject } from './synthetic-project.js';
export { formatRecallTable, measureRecall, rate, type CaseResult, type RepoResult } from './breakage/recall-harness.js';
export { BREAKAGE_KINDS, type Breakage, type BreakageKind } from './breakage/breakages.js';
export { startLspClient, type LspClient } from './lsp-client.js';
