/**
 * An automatic fix: text edits in one file. Only unambiguous rewrites of import statements are fixes
 * (see packages/python/src/suggest/import-fixes.ts); they are not part of the JSON contract.
 */
import type { Span } from './location.js';

export type Edit =
  /**
   * Replace the text of a span (lines and code-point columns, as findings count them); `expect` is the
   * text the span must hold, else the fix is not applied (the file changed since it was analysed).
   */
  | { span: Span; text: string; expect?: string }
  /**
   * A new statement after the one at `after`: on its own line, indented alike, when that statement is
   * alone on its line; else after it on the same line, `; `-separated (it stays in the same block).
   */
  | { after: Span; text: string }
  /** A new last line of the file, after a line ending (the file's own). */
  | { append: string };

export interface Fix {
  file: string;
  /** What it does, for `--fix` output: "import ScrapeSession from models.scrape_session". */
  description: string;
  edits: Edit[];
}
