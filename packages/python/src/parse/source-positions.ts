/**
 * Maps tree-sitter's offsets (UTF-16 code units into the JS string) to the report's positions: 1-based
 * lines counted the way Python counts them (`\n`, `\r\n` and a lone `\r` all end a line) and 1-based
 * columns in code points.
 */
import { codePointLength, type Span } from '@preflight/core';

export class SourcePositions {
  private lineStarts: number[] | undefined;
  /** The last position computed: queries come in document order, so columns are counted incrementally. */
  private last = { index: 0, line: 1, column: 1 };

  constructor(private readonly text: string) {}

  span(startIndex: number, endIndex: number): Span {
    const start = this.position(startIndex);
    const end = this.position(endIndex);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  position(index: number): { line: number; column: number } {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    const line = lo + 1;
    const last = this.last;
    const column =
      last.line === line && last.index <= index
        ? last.column + codePointLength(this.text.slice(last.index, index))
        : codePointLength(this.text.slice(starts[lo], index)) + 1;
    this.last = { index, line, column };
    return { line, column };
  }

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      const text = this.text;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}
