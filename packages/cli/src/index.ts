export { run } from './run.js';
export { ExitCode } from './exit-code.js';
export type { Io } from './io.js';
