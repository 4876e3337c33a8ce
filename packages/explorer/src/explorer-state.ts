/**
 * The explorer's state and its one reducer: a history of views (each with its selection and filter),
 * whether `/` is collecting a filter, the packages expanded in the module tree, and the status line.
 * Views are data; what they list comes from views.ts.
 */
export type View =
  | { kind: 'overview' }
  | { kind: 'findings'; rule?: string; service?: string; file?: string }
  | { kind: 'name'; name: string }
  | { kind: 'modules' }
  | { kind: 'module'; name: string }
  | { kind: 'cycles' }
  | { kind: 'cycle'; index: number }
  | { kind: 'entries' }
  | { kind: 'startup'; entry: string }
  | { kind: 'why'; module: string }
  | { kind: 'help' };

export interface Frame {
  view: View;
  selected: number;
  filter: string;
}

export interface State {
  history: Frame[];
  filtering: boolean;
  /** Packages open in the module tree (kept across views, as a file browser keeps them). */
  expanded: ReadonlySet<string>;
  /** The line under the list: the `path:line` just opened, or why a key did nothing. */
  status: string;
  quit: boolean;
}

export type Action =
  | { type: 'move'; by: number; count: number }
  | { type: 'jump'; to: 'top' | 'bottom'; count: number }
  | { type: 'open'; view: View }
  | { type: 'back' }
  | { type: 'filter-start' }
  | { type: 'filter-type'; text: string }
  | { type: 'filter-erase' }
  | { type: 'filter-end' }
  | { type: 'expand'; name: string; open: boolean }
  | { type: 'select'; index: number }
  | { type: 'status'; text: string }
  | { type: 'quit' };

export function initialState(view: View = { kind: 'overview' }, expanded: Iterable<string> = []): State {
  return { history: [{ view, selected: 0, filter: '' }], filtering: false, expanded: new Set(expanded), status: '', quit: false };
}

export function current(state: State): Frame {
  return state.history[state.history.length - 1]!;
}

export function reduce(state: State, action: Action): State {
  const frame = current(state);
  const replace = (next: Partial<Frame>): State => ({ ...state, history: [...state.history.slice(0, -1), { ...frame, ...next }] });
  switch (action.type) {
    case 'move':
      return replace({ selected: clamp(frame.selected + action.by, action.count) });
    case 'jump':
      return replace({ selected: action.to === 'top' ? 0 : Math.max(0, action.count - 1) });
    case 'open':
      return { ...state, filtering: false, history: [...state.history, { view: action.view, selected: 0, filter: '' }] };
    case 'back':
      if (state.filtering) return { ...replace({ filter: '' }), filtering: false };
      return state.history.length > 1 ? { ...state, history: state.history.slice(0, -1) } : state;
    case 'filter-start':
      return { ...replace({ filter: '', selected: 0 }), filtering: true };
    case 'filter-type':
      return replace({ filter: frame.filter + action.text, selected: 0 });
    case 'filter-erase':
      return replace({ filter: frame.filter.slice(0, -1), selected: 0 });
    case 'filter-end':
      return { ...state, filtering: false };
    case 'expand': {
      if (state.expanded.has(action.name) === action.open) return state;
      const expanded = new Set(state.expanded);
      if (action.open) expanded.add(action.name);
      else expanded.delete(action.name);
      return { ...state, expanded };
    }
    case 'select':
      return replace({ selected: Math.max(0, action.index) });
    case 'status':
      return { ...state, status: action.text };
    case 'quit':
      return { ...state, quit: true };
  }
}

function clamp(n: number, count: number): number {
  return Math.max(0, Math.min(n, count - 1));
}
