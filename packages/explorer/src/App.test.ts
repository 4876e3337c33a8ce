/** The explorer's views and keys, frame by frame (ink-testing-library), on the seed-001 fixture. */
import path from 'node:path';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { Progress } from '@preflight/core';
import { check } from '@preflight/python';
import { App } from './App.js';
import { Explorer } from './Explorer.js';
import { explorerData, packageTree } from './explorer-data.js';

const FIXTURE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../fixtures/seed-001-api-502/repo');
const data = explorerData(check({ root: FIXTURE, cacheDir: false }));
const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

/** Keys one by one, each once the previous frame is drawn (a loaded machine draws late). */
async function press(stdin: { write(s: string): void }, ...keys: string[]) {
  for (const key of keys) {
    stdin.write(key);
    await tick();
  }
}

/**
 * The first key of a session, sent again until it shows `text`: Ink listens to the keyboard from an
 * effect after the first frame, so a key sent too early is lost (only idempotent keys here).
 */
async function firstKey(app: { stdin: { write(s: string): void }; lastFrame(): string | undefined }, key: string, text: string): Promise<string> {
  for (let attempt = 0; attempt < 30 && !app.lastFrame()?.includes(text); attempt++) {
    app.stdin.write(key);
    for (let waited = 0; waited < 150 && !app.lastFrame()?.includes(text); waited += 30) await tick();
  }
  return app.lastFrame() ?? '';
}

/** The frame once it shows `text` (or the last one after 3 s, for the assertion to say what it was). */
async function until(app: { lastFrame(): string | undefined }, text: string): Promise<string> {
  for (let waited = 0; waited < 3000; waited += 30) {
    if (app.lastFrame()?.includes(text)) break;
    await tick();
  }
  return app.lastFrame() ?? '';
}

describe('explorer', () => {
  it('opens on the overview, opens a finding\'s module, goes back, filters, shows help, quits', async () => {
    const app = render(createElement(App, { data, plain: true, rows: 24 }));
    let frame = await until(app, 'Overview');
    expect(frame).toContain('preflight explore');
    expect(frame).toContain('3 errors, 0 warnings');
    expect(frame).toContain('› webmagic-api: 3 findings crash it at startup  uvicorn main:app');
    expect(frame).toContain('webmagic-celery: starts');
    expect(frame).toContain('unresolved-name: 2');
    frame = await firstKey(app, 'f', 'Findings (3)');
    expect(frame).toContain('› backend/api/v1/endpoints/scrapes.py:3:6 unresolved-module');
    expect(frame).toContain('enter open  h back  / filter');
    // Under the list, the selected finding: its code line, message and fix.
    expect(frame).toContain('  3 │ from core.auth import get_current_user');
    expect(frame).toContain('error: No module named `core.auth` — crashes');
    expect(frame).toContain('fix: `get_current_user` is defined in `api.deps`');
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);

    // The first finding (a missing module) opens its module.
    await press(app.stdin, '\r');
    frame = await until(app, 'Module api.v1.endpoints.scrapes');
    expect(frame).toContain('Module api.v1.endpoints.scrapes');
    expect(frame).toContain('imported at startup by uvicorn main:app');
    expect(frame).toContain('imports core.auth  does not resolve');

    await press(app.stdin, 'j');
    await until(app, '› imported at startup');
    await press(app.stdin, '\r');
    expect(await until(app, 'Why api.v1')).toContain('Why api.v1.endpoints.scrapes is imported at startup');
    expect(app.lastFrame()).toContain('→ api.v1.router');

    await press(app.stdin, 'h');
    await until(app, 'Module api.v1.endpoints.scrapes');
    await press(app.stdin, 'h');
    expect(await until(app, 'Findings (3)')).toContain('Findings (3)');

    // A missing name opens the Name view: where `ScrapeSession` really lives.
    await press(app.stdin, 'j');
    await until(app, '› backend/api/v1/endpoints/scrapes.py:4:20');
    await press(app.stdin, '\r');
    frame = await until(app, 'Name ScrapeSession');
    expect(frame).toContain('defined in models.scrape_session  backend/models/scrape_session.py:7');
    expect(frame).toContain('imported in backend/api/v1/endpoints/scrapes.py:4 from models  does not resolve');
    await press(app.stdin, 'h');
    await until(app, 'Findings (3)');

    await press(app.stdin, 'm');
    await until(app, 'Modules (');
    await press(app.stdin, '/');
    await until(app, '▏');
    await press(app.stdin, 'models.u');
    frame = await until(app, 'Modules (1)');
    expect(frame).toContain('Modules (1)  /models.u');
    expect(frame).toContain('› models.user');

    await press(app.stdin, '\r');
    await until(app, 'Modules (1)  /models.u\n');
    await press(app.stdin, 'o');
    expect(await until(app, 'backend/models/user.py:1')).toContain('backend/models/user.py:1');

    await press(app.stdin, '?');
    expect(await until(app, 'Keys')).toContain('j, ↓              move down');
    await press(app.stdin, 'G');
    expect(await until(app, '› q, ctrl-c')).toContain('› q, ctrl-c         quit');

    await press(app.stdin, 'q');
    app.unmount();
  });

  it('long lists are windowed to the terminal', async () => {
    // One package of 20,000 modules: the lone top-level package is open at start.
    const modules = Array.from({ length: 20_000 }, (_, i) => ({ name: `pkg.module_${String(i).padStart(5, '0')}`, findings: 0 }));
    const many = { ...data, modules, tree: packageTree(modules) };
    const app = render(createElement(App, { data: many, plain: true, rows: 24 }));
    await until(app, 'Overview');
    await firstKey(app, 'm', 'Modules (20001)');
    await press(app.stdin, 'G');
    let frame = await until(app, '›     module_19999');
    expect(frame).toContain('Modules (20001)');
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    // The filter searches all of them, flat.
    await press(app.stdin, '/', '1999');
    frame = await until(app, 'Modules (11)');
    expect(frame).toContain('› pkg.module_01999');
    app.unmount();
  });

  it('shows the check\'s progress while it loads, then the overview; q while loading stops the check', async () => {
    let report: (p: Progress) => void = () => {};
    let finish: () => void = () => {};
    let stopped: AbortSignal | undefined;
    const load = (onProgress: (p: Progress) => void, signal: AbortSignal) => {
      report = onProgress;
      stopped = signal;
      return new Promise<typeof data>((resolve) => { finish = () => resolve(data); });
    };
    const app = render(createElement(Explorer, { root: '/repo', load, plain: true, rows: 24 }));
    expect(await until(app, 'finding the project')).toContain('preflight explore /repo');
    report({ phase: 'parse', done: 250, total: 1000, cached: 100 });
    let frame = await until(app, 'reading files');
    expect(frame).toContain('reading files: 250 / 1000 (100 from the cache)');
    expect(frame).toContain('[##########..............................] 25%');
    report({ phase: 'analyse', files: 1000 });
    expect(await until(app, 'resolving')).toContain('resolving the imports of 1000 files');
    finish();
    expect(await until(app, 'Overview')).toContain('3 errors, 0 warnings');
    app.unmount();

    const quitting = render(createElement(Explorer, { root: '/repo', load, plain: true, rows: 24 }));
    await until(quitting, 'finding the project');
    // Sent again until heard (Ink listens from an effect after the first frame).
    for (let attempt = 0; attempt < 50 && !stopped?.aborted; attempt++) {
      quitting.stdin.write('q');
      await tick();
    }
    expect(stopped?.aborted).toBe(true);
    quitting.unmount();
  });

  it('without entry points, groups the overview by file; control characters in names cannot reach the terminal', async () => {
    const hostile = { ...data, entries: [], modules: [{ name: 'evil\x1b[2Jname', findings: 0 }], tree: packageTree([{ name: 'evil\x1b[2Jname', findings: 0 }]) };
    const app = render(createElement(App, { data: hostile, plain: true, rows: 24 }));
    let frame = await until(app, 'Overview');
    expect(frame).toContain('No entry points found');
    expect(frame).toContain('backend/api/v1/endpoints/scrapes.py: 3 findings (3 errors)');
    frame = await firstKey(app, 'm', 'Modules (1)');
    expect(frame).toContain('evil\\x1b[2Jname');
    expect(frame).not.toContain('\x1b[2J');
    app.unmount();
  });
});
