/** The exit codes, as ruff and pyright use them. */
export enum ExitCode {
  /** No error findings. */
  Clean = 0,
  /** At least one finding of severity `error`. */
  Findings = 1,
  /** Bad usage, bad configuration, or an internal error. */
  UsageOrInternalError = 2,
}

/** An error whose message is for the user as is (no stack trace): bad arguments, bad configuration. */
export class UsageError extends Error {}
