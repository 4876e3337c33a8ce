/** Every key the explorer understands, in one table that also renders the help and the footer. */
import type { View } from './explorer-state.js';

export type Command =
  | 'down' | 'up' | 'page-down' | 'page-up' | 'top' | 'bottom'
  | 'open' | 'in' | 'out' | 'toggle' | 'back' | 'filter' | 'help' | 'quit' | 'location'
  | { view: View };

export interface KeyBinding {
  keys: string[];
  help: string;
  command: Command;
  /** Shown in the footer (the rest only in `?`). */
  footer?: string;
}

export const KEY_BINDINGS: readonly KeyBinding[] = [
  { keys: ['j', '↓'], help: 'move down', command: 'down' },
  { keys: ['k', '↑'], help: 'move up', command: 'up' },
  { keys: ['pagedown', 'ctrl-d'], help: 'move down a page', command: 'page-down' },
  { keys: ['pageup', 'ctrl-u'], help: 'move up a page', command: 'page-up' },
  { keys: ['g', 'home'], help: 'go to the top', command: 'top' },
  { keys: ['G', 'end'], help: 'go to the bottom', command: 'bottom' },
  { keys: ['enter'], help: 'open the selected item', command: 'open', footer: 'enter open' },
  { keys: ['l', '→'], help: 'tree: expand (again: into it); elsewhere: open', command: 'in' },
  { keys: ['←'], help: 'tree: collapse (again: to the parent); elsewhere: back', command: 'out' },
  { keys: ['space'], help: 'tree: expand or collapse', command: 'toggle' },
  { keys: ['h', 'backspace'], help: 'go back', command: 'back', footer: 'h back' },
  { keys: ['/'], help: 'filter as you type (enter keeps it, esc clears)', command: 'filter', footer: '/ filter' },
  { keys: ['v'], help: 'overview', command: { view: { kind: 'overview' } }, footer: 'v overview' },
  { keys: ['f'], help: 'findings', command: { view: { kind: 'findings' } }, footer: 'f findings' },
  { keys: ['m'], help: 'modules (the package tree)', command: { view: { kind: 'modules' } }, footer: 'm modules' },
  { keys: ['c'], help: 'import cycles', command: { view: { kind: 'cycles' } }, footer: 'c cycles' },
  { keys: ['e'], help: 'entry points', command: { view: { kind: 'entries' } }, footer: 'e entries' },
  { keys: ['o'], help: 'show path:line; open it in $VISUAL / $EDITOR', command: 'location', footer: 'o open' },
  { keys: ['?'], help: 'this help', command: 'help', footer: '? help' },
  { keys: ['q', 'ctrl-c'], help: 'quit', command: 'quit', footer: 'q quit' },
];

/** The footer's items, wrapped between items (never inside one) to lines of `width` columns. */
export function footerLines(width: number): string[] {
  const lines: string[] = [];
  for (const item of KEY_BINDINGS.flatMap((b) => (b.footer ? [b.footer] : []))) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 2 + item.length <= width) lines[lines.length - 1] = `${last}  ${item}`;
    else lines.push(item);
  }
  return lines;
}
