/**
 * Which distributions (PyPI projects) provide a top-level import name. Without an installed
 * environment to read `top_level.txt` from, the shipped table of well-known mismatches
 * (grammars/python/import-names-to-distributions.json, which says where it came from) is used, and
 * otherwise the import name itself.
 */
import fs from 'node:fs';
import { GRAMMAR_DIR } from '../parse/parser.js';
import { normaliseDistribution } from './declared-dependencies.js';

let table: Map<string, string[]> | undefined;

export function distributionsProviding(importName: string): string[] {
  if (!table) {
    const raw = JSON.parse(fs.readFileSync(new URL('import-names-to-distributions.json', GRAMMAR_DIR), 'utf8')) as Record<string, unknown>;
    table = new Map(Object.entries(raw).filter(([k]) => !k.startsWith('$')).map(([k, v]) => [k, (v as string[]).map(normaliseDistribution)]));
  }
  return table.get(importName) ?? [normaliseDistribution(importName)];
}

let transitive: Map<string, string[]> | undefined;

/**
 * The declared distributions that bring `distribution` with them (grammars/python/transitive-dependencies.json,
 * followed a few levels deep), or none.
 */
export function bringers(distribution: string, declared: ReadonlySet<string>): string[] {
  if (!transitive) {
    const raw = JSON.parse(fs.readFileSync(new URL('transitive-dependencies.json', GRAMMAR_DIR), 'utf8')) as Record<string, unknown>;
    transitive = new Map(Object.entries(raw).filter(([k]) => !k.startsWith('$')).map(([k, v]) => [normaliseDistribution(k), (v as string[]).map(normaliseDistribution)]));
  }
  const found: string[] = [];
  for (const root of declared) {
    const seen = new Set<string>([root]);
    let frontier = [root];
    for (let depth = 0; depth < 4 && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const d of frontier) for (const child of transitive.get(d) ?? []) if (!seen.has(child)) (seen.add(child), next.push(child));
      frontier = next;
    }
    if (seen.has(distribution) && root !== distribution) found.push(root);
  }
  return found.sort();
}
