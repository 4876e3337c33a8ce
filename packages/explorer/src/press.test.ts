/** Keys as a pure function of the state, on the seed-001 fixture: the package tree, bindings, bursts. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { check } from '@preflight/python';
import { writeRepo } from '@preflight/testkit';
import { openedAtStart } from './App.js';
import { explorerData, packageTree } from './explorer-data.js';
import { current, initialState, type State } from './explorer-state.js';
import { footerLines, KEY_BINDINGS } from './key-bindings.js';
import { keysOf, press, shownRows } from './press.js';

const FIXTURE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../fixtures/seed-001-api-502/repo');
const data = explorerData(check({ root: FIXTURE, cacheDir: false }));
const noKey = {} as Key;

/** The state after typing `keys` (named keys in brackets: `[enter]`), as a burst would arrive. */
function type(keys: string, state: State = initialState()): State {
  for (const key of keys.match(/\[[a-z↓↑←→-]+\]|./gu) ?? []) state = press(state, key.startsWith('[') ? key.slice(1, -1) : key, data).state;
  return state;
}
const labels = (state: State) => shownRows(data, state).rows.map((r) => `${r.label}${r.detail ? `  ${r.detail}` : ''}`);
const selectedLabel = (state: State) => { const { rows, selected } = shownRows(data, state); return rows[selected]?.label; };

describe('module tree', () => {
  it('lists top-level modules and packages closed, with module and finding counts under each', () => {
    expect(labels(type('m'))).toEqual([
      '▸ api  7 modules, 3 findings', '▸ core  4 modules', '▸ models  4 modules', '▸ services  2 modules', '▸ tasks  2 modules', '  celery_app', '  main',
    ]);
  });

  it('expands with → / l / space, goes into the first child with → again, collapses and climbs with ←', () => {
    let state = type('m→');
    expect(labels(state).slice(0, 4)).toEqual(['▾ api  7 modules, 3 findings', '  ▸ v1  5 modules, 3 findings', '    deps', '▸ core  4 modules']);
    state = type('→l', state); // into `v1`, expand it
    expect(selectedLabel(state)).toBe('  ▾ v1');
    expect(labels(state)).toContain('    ▸ endpoints  3 modules, 3 findings');
    state = type('[←]', state); // collapse v1
    expect(labels(state)).not.toContain('    ▸ endpoints  3 modules, 3 findings');
    state = type('[←]', state); // v1 is closed: up to its parent
    expect(selectedLabel(state)).toBe('▾ api');
    state = type('[space]', state);
    expect(labels(state)[1]).toBe('▸ core  4 modules');
  });

  it('keeps packages open across views, and Enter opens a package\'s module', () => {
    const state = type('m→fm');
    expect(labels(state)[0]).toBe('▾ api  7 modules, 3 findings');
    expect(current(type('[enter]', state)).view).toEqual({ kind: 'module', name: 'api' });
  });

  it('goes flat while filtering, over every module, open or not', () => {
    const state = type('m/endpoints.a[enter]');
    expect(labels(state)).toEqual(['api.v1.endpoints.auth']);
    expect(current(type('[enter]', state)).view).toEqual({ kind: 'module', name: 'api.v1.endpoints.auth' });
    expect(labels(type('[escape]', type('m/endp'))).length).toBe(7); // esc: the tree again
  });

  it('opens at start on the package holding most modules, and on any lone package below it', () => {
    const tree = packageTree(['conftest', 'manage', 'shop.a', 'shop.core.b', 'shop.core.c', 'shop.core.d', 'shop.web.e'].map((name) => ({ name, findings: 0 })));
    expect(openedAtStart(tree)).toEqual(['shop', 'shop.core']);
    expect(openedAtStart(data.tree)).toEqual([]); // seed-001: no package holds most modules
  });

  it('builds one node per dotted prefix, namespace folders included, sorted, counts summed', () => {
    const tree = packageTree([{ name: 'b.x', findings: 2 }, { name: 'a', findings: 0 }, { name: 'b.c.d', findings: 1 }, { name: 'b', findings: 0 }]);
    // Packages first (as file browsers list folders), then modules.
    expect(tree.map((n) => [n.name, n.isModule, n.modules, n.findings])).toEqual([['b', true, 3, 3], ['a', true, 1, 0]]);
    expect(tree[0]!.children.map((n) => [n.name, n.isModule, n.modules, n.findings])).toEqual([['b.c', false, 1, 1], ['b.x', true, 1, 2]]);
  });
});

describe('module view', () => {
  it('lists the names the module binds, the imported ones first, with who imports them', () => {
    const state = type('m/models.user[enter][enter]');
    expect(current(state).view).toEqual({ kind: 'module', name: 'models.user' });
    const binds = labels(state).filter((l) => l.startsWith('binds '));
    expect(binds[0]).toBe('binds AdminUser  class, line 7 — imported by 2: api.deps, models');
    expect(binds).toContain('binds Base  from-import, line 4');
    // Enter on a name opens where it lives and who imports it.
    const name = type(`${'j'.repeat(labels(state).indexOf(binds[0]!))}[enter]`, state);
    expect(current(name).view).toEqual({ kind: 'name', name: 'AdminUser' });
  });
});

describe('keys', () => {
  it('splits a burst into keys, with Enter, Backspace and Ctrl-C inside it', () => {
    expect(keysOf('jj\r', noKey)).toEqual(['j', 'j', 'enter']);
    expect(keysOf('a\x7f \x03', noKey)).toEqual(['a', 'backspace', 'space', 'ctrl-c']);
    expect(keysOf('', { ...noKey, downArrow: true })).toEqual(['↓']);
    expect(keysOf('d', { ...noKey, ctrl: true })).toEqual(['ctrl-d']);
  });

  it('applies each key of a burst to the view the previous key left', () => {
    // `m` switches to the tree, whose row count (7) bounds the `j`s; `G` then selects its last row.
    const state = type('mjjjjjjjjjj');
    expect(selectedLabel(state)).toBe('  main');
    expect(selectedLabel(type('fG'))).toBe(shownRows(data, type('f')).rows.at(-1)!.label);
  });

  it('says so when a key means nothing, and clears the message on the next key', () => {
    const state = type('x');
    expect(state.status).toBe('x: not a key here (? lists them)');
    expect(type('j', state).status).toBe('');
    expect(type('fo').status).toBe('backend/api/v1/endpoints/scrapes.py:3');
    expect(press(type('f'), 'o', data).open).toEqual({ file: 'backend/api/v1/endpoints/scrapes.py', line: 3 });
  });

  it('wraps the footer between its items, never inside one, and lists every view key', () => {
    for (const width of [80, 40]) {
      const lines = footerLines(width);
      expect(lines.every((l) => l.length <= width)).toBe(true);
      expect(lines.join('  ').split('  ')).toEqual(KEY_BINDINGS.flatMap((b) => (b.footer ? [b.footer] : [])));
    }
    expect(footerLines(200)).toHaveLength(1);
    expect(footerLines(80).join('\n')).toMatch(/v overview.*f findings.*m modules.*c cycles.*e entries/s);
  });
});

describe('entry points and why', () => {
  it('opens what a service imports at startup, the modules with findings first', () => {
    const state = type('e[enter]');
    expect(current(state).view).toEqual({ kind: 'startup', entry: 'uvicorn main:app' });
    const rows = labels(state);
    expect(rows[0]).toBe('api.v1.endpoints.scrapes  3 findings');
    expect(rows).toContain('main');
    expect(rows).not.toContain('celery_app');
  });

  it('shows each step of the startup chain with the line that imports it', () => {
    const state = type('m/scrapes[enter][enter]j[enter]');
    expect(current(state).view).toEqual({ kind: 'why', module: 'api.v1.endpoints.scrapes' });
    expect(labels(state)).toEqual([
      'main  the entry point',
      '  → api.v1.router  backend/main.py:4  from api.v1.router import api_router',
      '    → api.v1.endpoints.scrapes  backend/api/v1/router.py:3  from api.v1.endpoints import auth, scrapes',
    ]);
  });

  it('lists import cycles by size; a cycle opens on its members and the imports between them', () => {
    const root = writeRepo({ 'a.py': 'import b\n', 'b.py': 'from c import x\nimport os\n', 'c.py': 'import a\nx = 1\n', 'd.py': 'import a\n' });
    const cyclic = explorerData(check({ root, cacheDir: false }));
    let state = press(initialState(), 'c', cyclic).state;
    expect(shownRows(cyclic, state).rows.map((r) => `${r.label} ${r.detail}`)).toEqual(['3 modules: a ↔ b ↔ c']);
    state = press(state, 'enter', cyclic).state;
    expect(shownRows(cyclic, state).rows.map((r) => `${r.label}: ${r.detail}`)).toEqual(['a: imports b', 'b: imports c', 'c: imports a']);
  });
});
