/**
 * The explorer: a header (project and counts), the current view's list — windowed, so twenty thousand
 * modules scroll without lag — and a footer made from the key table. State lives in one reducer.
 */
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useReducer, useRef, useState } from 'react';
import type { ExplorerData } from './explorer-data.js';
import { current, initialState, reduce } from './explorer-state.js';
import { KEY_BINDINGS, type KeyBinding } from './key-bindings.js';
import { rowsOf, titleOf, type Row } from './views.js';

export interface AppProps {
  data: ExplorerData;
  /** Colours off (NO_COLOR). */
  plain?: boolean;
  /** Terminal size, when the stdout does not say (tests). */
  rows?: number;
  /** Opens a file at a line in the user's editor and returns when it closes (`o`, with $VISUAL/$EDITOR). */
  openInEditor?: (file: string, line: number) => void;
}

export function App({ data, plain = false, rows: fixedRows, openInEditor }: AppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [state, dispatch] = useReducer(reduce, undefined, () => initialState());
  const [status, setStatus] = useState('');
  const frame = current(state);
  const all = frame.view.kind === 'help' ? [] : rowsOf(data, frame.view);
  const needle = frame.filter.toLowerCase();
  const rows = needle ? all.filter((r) => `${r.label} ${r.detail ?? ''}`.toLowerCase().includes(needle)) : all;
  const height = Math.max(3, (fixedRows ?? stdout?.rows ?? 24) - 6);
  const selected = Math.min(frame.selected, Math.max(0, rows.length - 1));
  const start = Math.max(0, Math.min(selected - Math.floor(height / 2), rows.length - height));
  const visible = rows.slice(start, start + height);
  // Keys are read by a handler Ink re-subscribes after each render: it reads the latest rows through a
  // ref, so a key typed right after a view change acts on the new view, not the old one.
  const latest = useRef({ rows, selected, filtering: state.filtering });
  latest.current = { rows, selected, filtering: state.filtering };

  useInput((input, key) => {
    const { rows, selected } = latest.current;
    if (latest.current.filtering) {
      if (key.return) dispatch({ type: 'filter-end' });
      else if (key.escape) dispatch({ type: 'back' });
      else if (key.backspace || key.delete) dispatch({ type: 'filter-erase' });
      else if (input && !key.ctrl && !key.meta) dispatch({ type: 'filter-type', text: input });
      return;
    }
    const name = key.return ? 'enter' : key.downArrow ? '↓' : key.upArrow ? '↑' : key.backspace || key.delete ? 'backspace' : key.ctrl && input === 'c' ? 'ctrl-c' : input;
    const binding = KEY_BINDINGS.find((b) => b.keys.includes(name));
    if (binding) run(binding.command, rows[selected], rows.length);
  });

  function run(command: KeyBinding['command'], row: Row | undefined, count: number) {
    setStatus('');
    if (typeof command === 'object') return dispatch({ type: 'switch', view: command.view });
    switch (command) {
      case 'down':
        return dispatch({ type: 'move', by: 1, count });
      case 'up':
        return dispatch({ type: 'move', by: -1, count });
      case 'top':
      case 'bottom':
        return dispatch({ type: 'jump', to: command, count });
      case 'open':
        return row?.opens ? dispatch({ type: 'open', view: row.opens }) : undefined;
      case 'back':
        return dispatch({ type: 'back' });
      case 'filter':
        return dispatch({ type: 'filter-start' });
      case 'help':
        return dispatch({ type: 'open', view: { kind: 'help' } });
      case 'location':
        if (!row?.location) return setStatus('no location for this item');
        if (openInEditor) openInEditor(row.location.file, row.location.line);
        return setStatus(`${row.location.file}:${row.location.line}`);
      case 'quit':
        dispatch({ type: 'quit' });
        return exit();
    }
  }

  const tone = (row: Row) => (plain ? undefined : row.tone === 'error' ? 'red' : row.tone === 'warning' ? 'yellow' : row.tone === 'dim' ? 'gray' : undefined);
  const { counts } = data;
  return (
    <Box flexDirection="column">
      <Text bold>preflight explore {data.root}</Text>
      <Text>
        {counts.files} files, {counts.modules} modules, {counts.imports} imports — {counts.errors} errors, {counts.warnings} warnings
        {data.entries.length > 0 ? ` — ${data.entries.length} entry points` : ''}
      </Text>
      <Text bold>
        {titleOf(frame.view)}{frame.view.kind === 'help' ? '' : ` (${rows.length})`}{frame.filter || state.filtering ? `  /${frame.filter}${state.filtering ? '▏' : ''}` : ''}
      </Text>
      {frame.view.kind === 'help'
        ? KEY_BINDINGS.map((b) => <Text key={b.keys.join()}>{b.keys.join(', ').padEnd(16)}{b.help}</Text>)
        : visible.length === 0
          ? <Text color={plain ? undefined : 'gray'}>{needle ? 'nothing matches the filter' : 'nothing here'}</Text>
          : visible.map((row, i) => (
              <Text key={start + i} wrap="truncate-end" inverse={start + i === selected} color={tone(row)}>
                {start + i === selected ? '› ' : '  '}{row.label}{row.detail ? `  ${row.detail}` : ''}
              </Text>
            ))}
      <Text color={plain ? undefined : 'cyan'}>{status}</Text>
      <Text dimColor={!plain}>{KEY_BINDINGS.filter((b) => b.footer).map((b) => b.footer).join('  ')}</Text>
    </Box>
  );
}

