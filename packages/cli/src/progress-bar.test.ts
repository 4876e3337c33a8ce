import { describe, expect, it } from 'vitest';
import type { Io } from './io.js';
import { progressLine, progressReporter } from './progress-bar.js';

describe('progress bar', () => {
  it('says what the check is doing, with a bar and a rate while parsing', () => {
    expect(progressLine({ phase: 'scan' }, 10)).toBe('preflight: finding files…');
    expect(progressLine({ phase: 'parse', done: 500, total: 2000, cached: 0 }, 2000)).toBe('preflight: parsing 500/2000 files [#####...............] 25%, 250 files/s');
    expect(progressLine({ phase: 'analyse', files: 2000 }, 5000)).toBe('preflight: resolving the imports of 2000 files…');
  });

  it('draws nothing when not enabled (not a terminal, --quiet), nor for a run that ends quickly', () => {
    const written: string[] = [];
    const io = { stderr: (t: string) => written.push(t) } as unknown as Io;
    for (const enabled of [false, true]) {
      const reporter = progressReporter(io, enabled);
      reporter.onProgress({ phase: 'parse', done: 1, total: 2, cached: 0 });
      reporter.done();
    }
    expect(written).toEqual([]);
  });
});
