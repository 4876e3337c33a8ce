/** A span in a source file: 1-based lines, 1-based columns counted in Unicode code points. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Length of `text` in code points (a surrogate pair counts once), as the JSON contract wants. */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) i++;
    n++;
  }
  return n;
}
