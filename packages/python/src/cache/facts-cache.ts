/**
 * The on-disk cache of per-file facts. Facts depend only on a file's bytes and on the extractor (its
 * code and queries), so they are keyed by a content hash, under a key of the extractor's own files; a
 * file whose size and mtime are those of the last run is not even hashed. One file,
 * `.preflight_cache/facts-v1.bin` (v8 serialisation), written atomically (temporary file + rename), with
 * a `.gitignore` that ignores the folder, like ruff's `.ruff_cache`. A cache that is missing, truncated,
 * corrupt, of another extractor, or unwritable is ignored, never trusted; resolution and findings are
 * always recomputed.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import { writeAtomic, type ModuleFacts } from '@preflight/core';
import { GRAMMAR_DIR } from '../parse/parser.js';

const FILE = 'facts-v1.bin';
const require = createRequire(import.meta.url);

interface Stored {
  extractor: string;
  /** Relative path → what it was last time (size, times and inode: a file copied with its mtime is another file). */
  files: Record<string, { size: number; mtimeMs: number; ctimeMs: number; ino: number; hash: string }>;
  /** Content hash → facts. */
  facts: Record<string, ModuleFacts>;
}

export class FactsCache {
  private readonly previous: Stored;
  private readonly next: Stored;
  private changed = false;
  private readonly handedOut = new Set<string>();
  hits = 0;
  misses = 0;

  constructor(private readonly dir: string) {
    const extractor = extractorKey();
    this.previous = load(path.join(dir, FILE), extractor) ?? { extractor, files: {}, facts: {} };
    this.next = { extractor, files: {}, facts: {} };
  }

  /**
   * The facts of `file` from the cache, or from `extract` (remembered unless it says they are not
   * cacheable: an internal error must be said again next run); `read` gives its bytes.
   */
  facts(file: string, stat: fs.Stats, read: () => Uint8Array, extract: (bytes: Uint8Array) => { facts: ModuleFacts; cacheable: boolean }): ModuleFacts {
    const known = this.previous.files[file];
    let hash: string;
    let bytes: Uint8Array | undefined;
    const same = known && known.size === stat.size && known.mtimeMs === stat.mtimeMs && known.ctimeMs === stat.ctimeMs && known.ino === stat.ino;
    if (same && this.previous.facts[known.hash]) {
      hash = known.hash;
    } else {
      bytes = read();
      hash = createHash('sha1').update(bytes).digest('hex');
      this.changed = true;
    }
    let facts = this.previous.facts[hash] ?? this.next.facts[hash];
    if (facts) this.hits++;
    else {
      this.misses++;
      const extracted = extract(bytes ?? read());
      if (!extracted.cacheable) return extracted.facts;
      facts = extracted.facts;
      this.changed = true;
    }
    this.next.files[file] = { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, hash };
    // Identical files (two empty __init__.py) each get their own facts: later phases key things by identity.
    const shared = this.handedOut.has(hash);
    this.handedOut.add(hash);
    this.next.facts[hash] = facts;
    return shared ? structuredClone(facts) : facts;
  }

  /** Writes the cache when anything changed (files gone count too). Never throws: a cache is optional. */
  save(): void {
    if (!this.changed && Object.keys(this.previous.files).length === Object.keys(this.next.files).length) return;
    try {
      // A folder preflight creates gets a .gitignore; a folder the user chose is theirs.
      if (fs.mkdirSync(this.dir, { recursive: true }) !== undefined) {
        fs.writeFileSync(path.join(this.dir, '.gitignore'), '# Created by preflight: its cache, not for version control.\n*\n');
      }
      writeAtomic(path.join(this.dir, FILE), v8.serialize(this.next));
    } catch {
      // Read-only checkout, full disk: the next run extracts again.
    }
  }
}

function load(file: string, extractor: string): Stored | undefined {
  try {
    const stored = v8.deserialize(fs.readFileSync(file)) as Stored;
    if (stored?.extractor !== extractor || typeof stored.files !== 'object' || typeof stored.facts !== 'object') return undefined;
    return stored;
  } catch {
    return undefined;
  }
}

/**
 * The extractor's identity: a hash of the code and queries that make facts (this package's extract/
 * and parse/ modules, grammars/python/*.scm), so any change to them invalidates every cached fact.
 * Computed on first use, not when the module loads: commands without a check never pay for it.
 */
let extractor: string | undefined;
function extractorKey(): string {
  return (extractor ??= computeExtractorKey());
}

function computeExtractorKey(): string {
  const hash = createHash('sha1');
  const here = new URL('..', import.meta.url);
  for (const dir of [new URL('extract/', here), new URL('parse/', here), GRAMMAR_DIR]) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir).filter((n) => /\.(?:js|ts|scm)$/.test(n) && !n.endsWith('.test.ts')).sort();
    } catch {
      continue;
    }
    for (const name of names) hash.update(name).update(fs.readFileSync(new URL(name, dir)));
  }
  // The parser's versions and the decoder (core's read-source) too: they change what the same bytes give.
  const sources = [
    () => require.resolve('tree-sitter/package.json'), () => require.resolve('tree-sitter-python/package.json'),
    () => path.join(path.dirname(require.resolve('@preflight/core')), 'scan/read-source.js'),
  ];
  for (const source of sources) {
    try {
      hash.update(fs.readFileSync(source()));
    } catch {
      hash.update('missing');
    }
  }
  return hash.update(process.version).digest('hex');
}
