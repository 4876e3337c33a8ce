#!/usr/bin/env node
// Thin launcher: the CLI is compiled JavaScript in packages/cli/dist (built by `npm install`), reached
// through the workspace link in a checkout and through the bundled copy in an installed package.
import { run } from '@preflight/cli';

// `preflight check | head` closes the pipe early: stop quietly, keeping the exit code already decided.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const code = run(process.argv.slice(2));
if (typeof code === "number") process.exitCode = code;
else code.then((c) => { process.exitCode = c; });
