/**
 * How far a check has got, as a stream of events: the CLI draws a progress bar from it, the explorer
 * its loading screen. Pure data; whoever listens decides how (and whether) to show it.
 */
export type Progress =
  /** Looking for the project's files. */
  | { phase: 'scan' }
  /** Reading each file's imports and bindings: `cached` of the `done` came from the facts cache. */
  | { phase: 'parse'; done: number; total: number; cached: number }
  /** Resolving every import and running the rules over the whole project. */
  | { phase: 'analyse'; files: number };

export type ProgressListener = (progress: Progress) => void;
