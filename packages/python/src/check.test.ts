import { describe, expect, it } from 'vitest';
import type { Progress } from '@preflight/core';
import { writeRepo } from '@preflight/testkit';
import { check, checkAsync } from './check.js';

describe('checkAsync', () => {
  it('gives the result of check, reports progress in order, and lets the event loop run while it works', async () => {
    const files: Record<string, string> = { 'app/__init__.py': '' };
    for (let i = 0; i < 200; i++) files[`app/m${i}.py`] = `from app.m${(i + 1) % 200} import f${(i + 1) % 200}\nfrom app import missing_${i % 3}\n\ndef f${i}():\n    return ${i}\n`;
    const root = writeRepo(files);
    const events: Progress[] = [];
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const result = await checkAsync({ root, cacheDir: false }, (p) => events.push(p));
    clearInterval(ticker);
    const withoutTime = (r: typeof result) => ({ ...r.report, summary: { ...r.report.summary, durationMs: 0 } });
    expect(withoutTime(result)).toEqual(withoutTime(check({ root, cacheDir: false })));
    expect(result.report.summary.errors).toBe(200);

    expect(events[0]).toEqual({ phase: 'scan' });
    expect(events.at(-1)).toEqual({ phase: 'analyse', files: 201 });
    const parsed = events.filter((e) => e.phase === 'parse');
    expect(parsed.at(-1)).toEqual({ phase: 'parse', done: 201, total: 201, cached: 0 });
    expect(parsed.map((e) => e.done)).toEqual([...parsed.map((e) => e.done)].sort((a, b) => a - b));
    // Parsing 200 files takes many 16 ms slices: progress came in between, and the loop ran in between.
    expect(parsed.filter((e) => e.done < e.total).length).toBeGreaterThan(0);
    expect(turns).toBeGreaterThan(2);
  });

  it('stops when its signal is aborted', async () => {
    const root = writeRepo({ 'a.py': 'import b\n', 'b.py': '' });
    const controller = new AbortController();
    const running = checkAsync({ root, cacheDir: false }, () => controller.abort(new Error('quit')), controller.signal);
    await expect(running).rejects.toThrow('quit');
  });
});
