/** Everything the CLI takes from the process, passed in so commands can be tested without one. */
export interface Io {
  cwd: string;
  env: Record<string, string | undefined>;
  isTty: boolean;
  /** Whether stderr is a terminal (the progress bar draws there). */
  stderrTty?: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
}

export function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    isTty: process.stdout.isTTY === true,
    stderrTty: process.stderr.isTTY === true,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}
