/**
 * The check's progress on stderr: one line redrawn in place, on a terminal only, and only once a run has
 * lasted long enough to need one (a warm run finishes before it would show); erased when the check is done.
 */
import type { Progress, ProgressListener } from '@preflight/core';
import type { Io } from './io.js';

/** A run shorter than this shows no progress at all. */
const SHOW_AFTER_MS = 500;
const REDRAW_MS = 100;

export function progressReporter(io: Io, enabled: boolean): { onProgress: ProgressListener; done(): void } {
  const started = performance.now();
  let drawn = 0;
  let shown = false;
  let phase = '';
  return {
    onProgress: (progress) => {
      const now = performance.now();
      // A new phase is always drawn; within one, ten times a second.
      if (!enabled || now - started < SHOW_AFTER_MS || (progress.phase === phase && now - drawn < REDRAW_MS)) return;
      phase = progress.phase;
      drawn = now;
      shown = true;
      io.stderr(`\r${progressLine(progress, now - started)}\x1b[K`);
    },
    done: () => {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}

/** `preflight: parsing 1234/2699 files [#########...........] 45%, 410 files/s` — a pure function of the event. */
export function progressLine(progress: Progress, elapsedMs: number): string {
  switch (progress.phase) {
    case 'scan':
      return 'preflight: finding files…';
    case 'parse': {
      const fraction = progress.total ? progress.done / progress.total : 1;
      const width = 20;
      const full = Math.round(fraction * width);
      const rate = Math.round(progress.done / Math.max(elapsedMs / 1000, 0.001));
      return `preflight: parsing ${progress.done}/${progress.total} files [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${Math.floor(fraction * 100)}%, ${rate} files/s`;
    }
    case 'analyse':
      return `preflight: resolving the imports of ${progress.files} files…`;
  }
}
