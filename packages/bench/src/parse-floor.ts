/**
 * The floor: read and parse every Python file preflight would analyse, once, on one thread, with the
 * parser set up as preflight sets it up, and nothing else. Prints `{ files, bytes, lines, ms }` as JSON, `ms`
 * being the reading and parsing alone (not Node's start nor the folder walk).
 */
import fs from 'node:fs';
import path from 'node:path';
import Parser from 'tree-sitter';
import Python from 'tree-sitter-python';
import { discoverFiles } from '@preflight/core';

const root = path.resolve(process.argv[2]!);
const { files } = discoverFiles(root, { exclude: [], respectGitignore: true });
const parser = new Parser();
parser.setLanguage(Python as unknown as Parser.Language);
const started = performance.now();
let bytes = 0;
let lines = 0;
for (const file of files) {
  const text = fs.readFileSync(path.join(root, file)).toString('utf8');
  bytes += Buffer.byteLength(text);
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  parser.parse((index: number) => text.slice(index, index + 64 * 1024));
}
process.stdout.write(JSON.stringify({ files: files.length, bytes, lines, ms: performance.now() - started }));
