#!/usr/bin/env node
// Thin launcher: the CLI is compiled JavaScript in packages/cli/dist (built by `npm install`).
import { run } from '../packages/cli/dist/index.js';

process.exitCode = run(process.argv.slice(2));
