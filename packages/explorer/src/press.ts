/**
 * What a key does: a pure function from the state and one key to the next state (and, for `o`, the file
 * to open). Keys arriving together — a paste, a fast typist over ssh — are split and applied one by one,
 * each against the view the previous one left, as if typed slowly.
 */
import type { Key } from 'ink';
import type { ExplorerData } from './explorer-data.js';
import { current, reduce, type State } from './explorer-state.js';
import { KEY_BINDINGS, type Command } from './key-bindings.js';
import { rowsOf, type Row } from './views.js';

export interface Pressed {
  state: State;
  /** `o` with an editor: the location to open. */
  open?: { file: string; line: number };
}

/** Ink's (input, key) as key names of the table: `enter`, `↓`, `ctrl-d`, `j`, … — several for a burst. */
export function keysOf(input: string, key: Key): string[] {
  const named = key.upArrow ? '↑' : key.downArrow ? '↓' : key.leftArrow ? '←' : key.rightArrow ? '→'
    : key.pageUp ? 'pageup' : key.pageDown ? 'pagedown' : key.home ? 'home' : key.end ? 'end'
      : key.return ? 'enter' : key.escape ? 'escape' : key.backspace || key.delete ? 'backspace' : key.tab ? 'tab' : undefined;
  if (named) return [named];
  if (key.ctrl && input.length === 1) return [`ctrl-${input}`];
  return Array.from(input, (c) => (c === '\r' || c === '\n' ? 'enter' : c === '\x7f' || c === '\b' ? 'backspace' : c === '\x03' ? 'ctrl-c' : c === '\x1b' ? 'escape' : c === ' ' ? 'space' : c));
}

/** The rows the current view shows (filtered), and the selected one; cached for the last state seen. */
export function shownRows(data: ExplorerData, state: State): { rows: Row[]; selected: number } {
  const frame = current(state);
  const cached = cache.get(data);
  if (cached && cached.view === frame.view && cached.expanded === state.expanded && cached.filter === frame.filter) {
    return { rows: cached.rows, selected: Math.min(frame.selected, Math.max(0, cached.rows.length - 1)) };
  }
  const all = rowsOf(data, frame.view, { expanded: state.expanded, filter: frame.filter });
  const needle = frame.filter.toLowerCase();
  const rows = needle ? all.filter((r) => `${r.label} ${r.detail ?? ''}`.toLowerCase().includes(needle)) : all;
  cache.set(data, { view: frame.view, expanded: state.expanded, filter: frame.filter, rows });
  return { rows, selected: Math.min(frame.selected, Math.max(0, rows.length - 1)) };
}
const cache = new WeakMap<ExplorerData, { view: object; expanded: ReadonlySet<string>; filter: string; rows: Row[] }>();

/** The state after one key; `page` is how many rows a page holds. */
export function press(state: State, key: string, data: ExplorerData, page = 10): Pressed {
  const { rows, selected } = shownRows(data, state);
  const row = rows[selected];
  if (state.filtering) {
    if (key === 'enter') return { state: reduce(state, { type: 'filter-end' }) };
    if (key === 'escape') return { state: reduce(state, { type: 'back' }) };
    if (key === 'backspace') return { state: reduce(state, { type: 'filter-erase' }) };
    if (key === '↓' || key === '↑') return { state: reduce(state, { type: 'move', by: key === '↓' ? 1 : -1, count: rows.length }) };
    const text = key === 'space' ? ' ' : key;
    return { state: [...text].length === 1 ? reduce(state, { type: 'filter-type', text }) : state };
  }
  const cleared = state.status ? reduce(state, { type: 'status', text: '' }) : state;
  const binding = KEY_BINDINGS.find((b) => b.keys.includes(key));
  if (!binding) {
    return { state: [...key].length === 1 && key >= ' ' ? reduce(cleared, { type: 'status', text: `${key}: not a key here (? lists them)` }) : cleared };
  }
  return run(cleared, binding.command, row, selected, rows, page);
}

function run(state: State, command: Command, row: Row | undefined, selected: number, rows: Row[], page: number): Pressed {
  const count = rows.length;
  const done = (next: State): Pressed => ({ state: next });
  const say = (text: string) => done(reduce(state, { type: 'status', text }));
  if (typeof command === 'object') return done(reduce(state, { type: 'open', view: command.view }));
  const node = row?.node;
  switch (command) {
    case 'down':
    case 'up':
      return done(reduce(state, { type: 'move', by: command === 'down' ? 1 : -1, count }));
    case 'page-down':
    case 'page-up':
      return done(reduce(state, { type: 'move', by: command === 'page-down' ? page : -page, count }));
    case 'top':
    case 'bottom':
      return done(reduce(state, { type: 'jump', to: command, count }));
    case 'open':
      if (row?.opens) return done(reduce(state, { type: 'open', view: row.opens }));
      if (node?.hasChildren) return done(reduce(state, { type: 'expand', name: node.name, open: !node.expanded }));
      return row ? say('nothing to open here') : done(state);
    case 'in':
      if (!node) return run(state, 'open', row, selected, rows, page);
      if (!node.hasChildren) return done(state);
      return done(node.expanded ? reduce(state, { type: 'move', by: 1, count }) : reduce(state, { type: 'expand', name: node.name, open: true }));
    case 'out':
      if (!node) return done(reduce(state, { type: 'back' }));
      if (node.expanded) return done(reduce(state, { type: 'expand', name: node.name, open: false }));
      if (node.parent) return done(reduce(state, { type: 'select', index: rows.findIndex((r) => r.node?.name === node.parent) }));
      return done(reduce(state, { type: 'back' }));
    case 'toggle':
      return node?.hasChildren ? done(reduce(state, { type: 'expand', name: node.name, open: !node.expanded })) : done(state);
    case 'back':
      return done(reduce(state, { type: 'back' }));
    case 'filter':
      return done(reduce(state, { type: 'filter-start' }));
    case 'help':
      return done(reduce(state, { type: 'open', view: { kind: 'help' } }));
    case 'location':
      if (!row?.location) return say('no location for this item');
      return { state: reduce(state, { type: 'status', text: `${row.location.file}:${row.location.line}` }), open: row.location };
    case 'quit':
      return done(reduce(state, { type: 'quit' }));
  }
}
