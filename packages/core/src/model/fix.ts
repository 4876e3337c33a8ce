/**
 * An automatic fix: text edits in one file. Only unambiguous rewrites of import statements are fixes
 * (see packages/python/src/suggest/import-fixes.ts); they are not part of the JSON contract.
 */
import type { Span } from './location.js';

export type Edit =
  /** Replace the text of a span (lines and code-point columns, as findings count them). */
  | { span: Span; text: string }
  /** Insert a line after `afterLine`, indented as that line and ended as it is. */
  | { afterLine: number; text: string };

export interface Fix {
  file: string;
  /** What it does, for `--fix` output: "import ScrapeSession from models.scrape_session". */
  description: string;
  edits: Edit[];
}
