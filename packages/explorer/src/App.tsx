/**
 * The explorer: a header (project and counts), the current view's list — windowed, so twenty thousand
 * modules scroll without lag — and a footer made from the key table. State lives in one reducer.
 */
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { visible } from '@preflight/core';
import { useRef, useState } from 'react';
import type { ExplorerData, TreeNode } from './explorer-data.js';
import { current, initialState, type State } from './explorer-state.js';
import { footerLines } from './key-bindings.js';
import { keysOf, press, shownRows } from './press.js';
import { titleOf, type Row } from './views.js';

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
  const [state, setState] = useState(() => initialState(undefined, openedAtStart(data.tree)));
  const width = Math.max(20, (stdout?.columns ?? 80) - 1);
  const footer = footerLines(width);
  const frame = current(state);
  const { rows, selected } = shownRows(data, state);
  // A view whose rows preview (findings) keeps PREVIEW lines under the list for the selected one.
  const preview = rows.some((r) => r.preview) ? previewLines(rows[selected]?.preview ?? [], width) : undefined;
  // Header (2 lines), title, status and footer around the list, and one spare line: an Ink frame as tall
  // as the terminal scrolls it.
  const height = Math.max(3, (fixedRows ?? stdout?.rows ?? 24) - 5 - footer.length - (preview ? PREVIEW : 0));
  // Keys are read by a handler Ink re-subscribes after each render; the latest state is kept in a ref so
  // a key typed right after another acts on the state that one left.
  const latest = useRef<State>(state);

  useInput((input, key) => {
    let next = latest.current;
    for (const name of keysOf(input, key)) {
      if (next.quit) break;
      const pressed = press(next, name, data, height);
      next = pressed.state;
      if (pressed.open && openInEditor) openInEditor(pressed.open.file, pressed.open.line);
    }
    latest.current = next;
    setState(next);
    if (next.quit) exit();
  });

  const start = Math.max(0, Math.min(selected - Math.floor(height / 2), rows.length - height));
  const window = rows.slice(start, start + height);
  const tone = (row: Row) => (plain ? undefined : row.tone === 'error' ? 'red' : row.tone === 'warning' ? 'yellow' : row.tone === 'dim' ? 'gray' : undefined);
  const { counts } = data;
  return (
    <Box flexDirection="column">
      <Text bold>preflight explore {visible(data.root)}</Text>
      <Text>
        {counts.files} files, {counts.modules} modules, {counts.imports} imports — {counts.errors} errors, {counts.warnings} warnings
        {data.entries.length > 0 ? ` — ${data.entries.length} entry point${data.entries.length === 1 ? '' : 's'}` : ''}
      </Text>
      <Text bold>
        {titleOf(frame.view)} ({rows.length}){frame.filter || state.filtering ? `  /${frame.filter}${state.filtering ? '▏' : ''}` : ''}
      </Text>
      {window.length === 0
        ? <Text color={plain ? undefined : 'gray'}>{frame.filter ? 'nothing matches the filter' : 'nothing here'}</Text>
        : window.map((row, i) => (
            <Text key={start + i} wrap="truncate-end" inverse={start + i === selected} color={tone(row)}>
              {start + i === selected ? '› ' : '  '}{clip(`${row.label}${row.detail ? `  ${row.detail}` : ''}`, width)}
            </Text>
          ))}
      {preview?.map((line, i) => <Text key={`preview${i}`} wrap="truncate-end" color={plain ? undefined : i === 0 ? 'cyan' : undefined}>{line}</Text>)}
      <Text color={plain ? undefined : 'cyan'}>{visible(state.status)}</Text>
      {footer.map((line) => <Text key={line} dimColor={!plain}>{line}</Text>)}
    </Box>
  );
}


/**
 * The tree opens on the project's main package: the one holding most of the modules (saleor beside its
 * conftest and manage.py), and any lone package below it.
 */
export function openedAtStart(tree: readonly TreeNode[]): string[] {
  const open: string[] = [];
  for (let level = tree; ;) {
    const total = level.reduce((n, node) => n + node.modules, 0);
    const main = level.find((node) => node.children.length > 0 && node.modules * 2 > total);
    if (!main) return open;
    open.push(main.name);
    level = main.children;
  }
}

/** Lines under a findings list: the code line, the message (wrapped, two lines at most), the first fix. */
const PREVIEW = 4;

function previewLines(preview: readonly string[], width: number): string[] {
  const [code = '', message = '', ...fixes] = preview.map((line) => clip(line, width));
  const words = message.split(' ');
  const wrapped: string[] = [];
  for (const word of words) {
    const last = wrapped.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) wrapped[wrapped.length - 1] = `${last} ${word}`;
    else wrapped.push(word);
  }
  if (wrapped.length > 2) wrapped[1] = `${wrapped[1]!.slice(0, width - 1)}…`;
  const lines = [`  ${code}`, ...wrapped.slice(0, 2), ...fixes].slice(0, PREVIEW);
  return [...lines, ...Array<string>(PREVIEW - lines.length).fill('')];
}

/**
 * Text made safe and short before Ink sees it: Ink truncates by measuring the whole string, which takes
 * seconds on an import cycle of a thousand modules; twice the width in characters leaves Ink the exact cut.
 */
function clip(text: string, width: number): string {
  const chars = Array.from(text.length > width * 8 ? text.slice(0, width * 8) : text);
  return visible(chars.length > width * 2 ? `${chars.slice(0, width * 2).join('')}…` : chars.join(''));
}
