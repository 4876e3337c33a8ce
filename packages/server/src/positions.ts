/**
 * Findings count lines from 1 and columns in code points from 1; the protocol counts both from 0, and
 * characters in UTF-16 code units (the encoding every client supports). The two differ on a line with a
 * character outside the Basic Multilingual Plane (an emoji in a string before the import).
 */
import type { Position, Range } from 'vscode-languageserver';

/** The lines of a text as Python counts them (`\n`, `\r\n`, `\r`). */
export function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** A 1-based line and code-point column as a protocol position, given the file's lines. */
export function toPosition(lines: readonly string[], line: number, column: number): Position {
  const text = lines[line - 1] ?? '';
  let character = 0;
  for (let c = 1; c < column && character < text.length; c++) character += text.codePointAt(character)! > 0xffff ? 2 : 1;
  return { line: Math.max(0, line - 1), character };
}

export function toRange(lines: readonly string[], span: { line: number; column: number; endLine?: number; endColumn?: number }): Range {
  const start = toPosition(lines, span.line, span.column);
  const end = span.endLine !== undefined && span.endColumn !== undefined ? toPosition(lines, span.endLine, span.endColumn) : start;
  return { start, end };
}

/** The one edit that turns `before` into `after`: what lies between their common start and end. */
export function replacementBetween(before: string, after: string): { range: Range; newText: string } | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { range: { start: offsetToPosition(before, start), end: offsetToPosition(before, before.length - end) }, newText: after.slice(start, after.length - end) };
}

/** A UTF-16 offset as a protocol position (lines end at `\n`; a `\r` before it ends the line too). */
function offsetToPosition(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}
