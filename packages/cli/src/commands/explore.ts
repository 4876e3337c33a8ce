/**
 * `preflight explore [path]`: the interactive explorer. Needs a terminal on both ends; elsewhere it
 * refuses and points to `check`. Ink and React are loaded only here.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { visible, type Progress, type ProgressListener } from '@preflight/core';
import { checkAsync } from '@preflight/python';
import { checkOptionsFrom, folderOf } from '../check-options.js';
import { readConfig } from '../config/read-config.js';
import { ExitCode, UsageError } from '../exit-code.js';
import type { Io } from '../io.js';

export async function runExplore(argv: string[], io: Io): Promise<ExitCode> {
  const folder = argv.find((a) => !a.startsWith('-'));
  if (!io.isTty || !process.stdin.isTTY) throw new UsageError('explore needs a terminal (stdin and stdout); for a report use: preflight check');
  const root = folderOf(io, folder);
  const options = checkOptionsFrom(root, readConfig(root), {}, io);
  // Ink draws only the last frame when it believes it runs in CI (`CI` set): a terminal on both ends means
  // someone is at the keyboard, so say otherwise before Ink is loaded (it reads the variable once).
  process.env.CI = '0';
  process.env.CONTINUOUS_INTEGRATION = '0';
  // Loading Ink takes half a second on a small machine: the check starts first, and the header is
  // written at once (Ink's first frame draws the same line over it).
  io.stdout(`preflight explore ${visible(root)}\r`);
  const stop = new AbortController();
  let latest: Progress = { phase: 'scan' };
  let listener: ProgressListener | undefined;
  const checking = checkAsync(options, (progress) => {
    latest = progress;
    listener?.(progress);
  }, stop.signal);
  checking.catch(() => {}); // handled by whoever loads it; a quit before then is not an error
  const [{ render }, React, { Explorer, explorerData }] = await Promise.all([import('ink'), import('react'), import('@preflight/explorer')]);
  const editor = io.env.VISUAL || io.env.EDITOR;
  // The editor gets the terminal (cooked mode) and gives it back when it exits.
  const openInEditor = editor
    ? (file: string, line: number) => {
        const [command, ...args] = editor.split(/\s+/).filter(Boolean);
        process.stdin.setRawMode?.(false);
        spawnSync(command!, [...args, `+${line}`, path.join(root, file)], { stdio: 'inherit' });
        process.stdin.setRawMode?.(true);
      }
    : undefined;
  // The check runs behind the explorer, which draws its progress until the data is there.
  const app = render(React.createElement(Explorer, {
    root,
    load: (onProgress, signal) => {
      listener = onProgress;
      onProgress(latest);
      signal.addEventListener('abort', () => stop.abort(signal.reason));
      return checking.then(explorerData);
    },
    plain: Boolean(io.env.NO_COLOR), ...(openInEditor ? { openInEditor } : {}),
  }), { exitOnCtrlC: true });
  await app.waitUntilExit();
  return ExitCode.Clean;
}
