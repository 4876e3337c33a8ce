/**
 * The on-disk cache of per-file facts. Facts depend only on a file's bytes and on the extractor (its
 * code and queries), so they are keyed by a content hash, under a key of the extractor's own files; a
 * file whose size and mtime are those of the last run is not even hashed. One file,
 * `.preflight_cache/facts-v2.bin` (v8 serialisation; each file's facts serialised on their own, so a
 * run that changed one file writes the others back as they were read, without serialising them again),
 * written atomically (temporary file + rename), with
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
import { ensureCacheDir } from './cache-dir.js';

const FILE = 'facts-v2.bin';
/** The single-blob format before v2: removed when v2 is written. */
const OLD_FILES = ['facts-v1.bin'];
const require = createRequire(import.meta.url);

interface Stored {
  extractor: string;
  /** Relative path → what it was last time (size, times and inode: a file copied with its mtime is another file). */
  files: Record<string, { size: number; mtimeMs: number; ctimeMs: number; ino: number; hash: string }>;
  /** Content hash → its facts, v8-serialised. */
  facts: Record<string, Uint8Array>;
}

export class FactsCache {
  private readonly previous: Stored;
  private readonly next: Stored;
  private changed = false;
  hits = 0;
  misses = 0;
  /** Why the cache on disk was not used, when it was not (`--verbose`). */
  readonly ignored: string | undefined;

  constructor(private readonly dir: string) {
    const extractor = extractorKey();
    const loaded = load(path.join(dir, FILE), extractor);
    this.ignored = 'ignored' in loaded ? loaded.ignored : undefined;
    this.previous = 'stored' in loaded ? loaded.stored : { extractor, files: {}, facts: {} };
    this.next = { extractor, files: {}, facts: {} };
  }

  /**
   * The facts of `file` when its bytes are known, else its bytes and their hash, for `remember` once
   * extracted. `read` gives the bytes; a file whose size, times and inode are last run's is not read.
   */
  lookup(file: string, stat: fs.Stats, read: () => Uint8Array): { facts: ModuleFacts } | { bytes: Uint8Array; hash: string } {
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
    const stored = this.previous.facts[hash] ?? this.next.facts[hash];
    let facts: ModuleFacts | undefined;
    try {
      // Each lookup gets its own objects (two empty __init__.py too: later phases key things by identity).
      facts = stored ? (v8.deserialize(stored) as ModuleFacts) : undefined;
    } catch {
      facts = undefined;
    }
    if (!facts) {
      this.misses++;
      return { bytes: bytes ?? read(), hash };
    }
    this.hits++;
    this.record(file, stat, hash, stored!);
    return { facts };
  }

  /** Facts just extracted from the bytes of `hash` (v8-serialised, as they were made), kept for the next run. */
  remember(file: string, stat: fs.Stats, hash: string, serialised: Uint8Array): void {
    this.changed = true;
    this.record(file, stat, hash, serialised);
  }

  /**
   * Whether `file`'s facts are still the last run's, its bytes having changed: extracts them (`extract`,
   * undefined when it failed) unless their hash is known, and keeps them for the next run when they are
   * (when not, the full read that follows extracts them as it does any changed file). Nothing else is
   * deserialised: a run whose changed files all answer yes needs no other file's facts.
   */
  unchangedSince(file: string, stat: fs.Stats, read: () => Uint8Array, extract: (bytes: Uint8Array) => ModuleFacts | undefined): boolean {
    const bytes = read();
    const hash = createHash('sha1').update(bytes).digest('hex');
    let serialised = this.previous.facts[hash] ?? this.next.facts[hash];
    if (!serialised) {
      const facts = extract(bytes);
      if (!facts) return false;
      serialised = v8.serialize(facts);
    }
    const known = this.previous.files[file];
    const last = known && this.previous.facts[known.hash];
    if (!last || Buffer.compare(last, serialised) !== 0) return false;
    this.changed = true;
    this.record(file, stat, hash, serialised);
    return true;
  }

  /** Keeps the last run's entries of these files, as they are, for those this run did not record. */
  keep(files: readonly string[]): void {
    for (const file of files) {
      const known = this.previous.files[file];
      if (this.next.files[file] || !known || !this.previous.facts[known.hash]) continue;
      this.next.files[file] = known;
      this.next.facts[known.hash] = this.previous.facts[known.hash]!;
    }
  }

  private record(file: string, stat: fs.Stats, hash: string, facts: Uint8Array): void {
    this.next.files[file] = { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, hash };
    this.next.facts[hash] = facts;
  }

  /** Writes the cache when anything changed (files gone count too). Never throws: a cache is optional. */
  save(): void {
    if (!this.changed && Object.keys(this.previous.files).length === Object.keys(this.next.files).length) return;
    try {
      ensureCacheDir(this.dir);
      writeAtomic(path.join(this.dir, FILE), v8.serialize(this.next));
      for (const old of OLD_FILES) fs.rmSync(path.join(this.dir, old), { force: true });
    } catch {
      // Read-only checkout, full disk: the next run extracts again.
    }
  }
}

function load(file: string, extractor: string): { stored: Stored } | { ignored: string } | { none: true } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { none: true } : { ignored: `the cache ${file} could not be read (${code ?? String(error)}): every file is parsed` };
  }
  try {
    const stored = v8.deserialize(bytes) as Stored;
    if (typeof stored?.files !== 'object' || typeof stored.facts !== 'object') return { ignored: `the cache ${file} is not one of preflight's: ignored, rewritten` };
    if (stored.extractor !== extractor) return { ignored: `the cache ${file} was written by another version of preflight: ignored, rewritten` };
    return { stored };
  } catch {
    return { ignored: `the cache ${file} is truncated or corrupt: ignored, rewritten` };
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
