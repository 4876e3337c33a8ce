/** Every key the explorer understands, in one table that also renders the help and the footer. */
import type { View } from './explorer-state.js';

export interface KeyBinding {
  keys: string[];
  help: string;
  command: 'down' | 'up' | 'open' | 'back' | 'filter' | 'top' | 'bottom' | 'help' | 'quit' | 'location' | { view: View };
  /** Shown in the footer (the rest only in `?`). */
  footer?: string;
}

export const KEY_BINDINGS: readonly KeyBinding[] = [
  { keys: ['j', '↓'], help: 'move down', command: 'down' },
  { keys: ['k', '↑'], help: 'move up', command: 'up' },
  { keys: ['enter'], help: 'open the selected item', command: 'open', footer: 'enter open' },
  { keys: ['h', 'backspace'], help: 'go back', command: 'back', footer: 'h back' },
  { keys: ['/'], help: 'filter the list (enter to keep, esc to clear)', command: 'filter', footer: '/ filter' },
  { keys: ['g'], help: 'go to the top', command: 'top' },
  { keys: ['G'], help: 'go to the bottom', command: 'bottom' },
  { keys: ['v'], help: 'overview', command: { view: { kind: 'overview' } }, footer: 'v overview' },
  { keys: ['f'], help: 'findings', command: { view: { kind: 'findings' } }, footer: 'f findings' },
  { keys: ['m'], help: 'modules', command: { view: { kind: 'modules' } }, footer: 'm modules' },
  { keys: ['c'], help: 'import cycles', command: { view: { kind: 'cycles' } }, footer: 'c cycles' },
  { keys: ['e'], help: 'entry points', command: { view: { kind: 'entries' } }, footer: 'e entries' },
  { keys: ['o'], help: 'show path:line of the selected item; open it in $VISUAL / $EDITOR when set', command: 'location', footer: 'o open' },
  { keys: ['?'], help: 'this help', command: 'help', footer: '? help' },
  { keys: ['q', 'ctrl-c'], help: 'quit', command: 'quit', footer: 'q quit' },
];
