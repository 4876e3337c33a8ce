/** Standard library top-level module names, from the data files in grammars/python/stdlib/. */
import fs from 'node:fs';
import { GRAMMAR_DIR } from '../parse/parser.js';

let names: Set<string> | undefined;

export function isStdlibModule(topLevel: string): boolean {
  names ??= new Set(
    fs
      .readFileSync(new URL('stdlib/3.11.txt', GRAMMAR_DIR), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#')),
  );
  return names.has(topLevel);
}
