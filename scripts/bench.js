#!/usr/bin/env node
// Times `preflight check` (in-process, after one warm-up) on the fixtures and on any folders given:
//   npm run bench -- /path/to/django /path/to/flask
// Prints files, MB of Python, wall time, and peak RSS. Figures, not assertions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { check } from '../packages/python/dist/index.js';

const fixtures = new URL('../fixtures/', import.meta.url).pathname;
const targets = process.argv.slice(2).length
  ? process.argv.slice(2)
  : fs.readdirSync(fixtures).filter((n) => fs.existsSync(path.join(fixtures, n, 'repo'))).map((n) => path.join(fixtures, n, 'repo'));

console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'})`);
for (const target of targets) {
  const runs = [];
  let report;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    report = check({ root: target }).report;
    runs.push(performance.now() - start);
  }
  const bytes = sizeOfPython(target);
  const best = Math.min(...runs);
  console.log(
    `${path.basename(target) === 'repo' ? path.basename(path.dirname(target)) : path.basename(target)}: ` +
      `${report.summary.files} files, ${(bytes / 1e6).toFixed(2)} MB, ${report.summary.imports} imports, ` +
      `best of 3 ${best.toFixed(0)} ms (${(bytes / 1e6 / (best / 1000)).toFixed(1)} MB/s), ` +
      `${report.summary.errors} errors, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
  );
}

function sizeOfPython(root) {
  let total = 0;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && !['.git', 'node_modules', '.venv', 'venv', '__pycache__'].includes(e.name)) walk(p);
      else if (e.isFile() && (e.name.endsWith('.py') || e.name.endsWith('.pyi'))) total += fs.statSync(p).size;
    }
  };
  walk(root);
  return total;
}
