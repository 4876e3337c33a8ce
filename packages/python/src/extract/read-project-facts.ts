/**
 * Every file's facts: from the cache when its bytes are known, else extracted — on this thread, or on a
 * pool of worker threads when there is enough to parse for the pool to pay for its start. Files keep
 * their scan order whatever order the workers finish in. Unreadable files are said, never skipped silently.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import type { ModuleFacts, ProgressListener } from '@preflight/core';
import type { FactsCache } from '../cache/facts-cache.js';
import { extractInPool, type FactsJob } from './facts-pool.js';
import { emptyFacts, factsOfBytes, type FileFactsResult, type SerialisedFactsResult } from './file-facts.js';

export interface FileFacts {
  path: string;
  facts: ModuleFacts;
}

/** Every file's facts, in scan order, and how they were had: how many files (and bytes) were parsed, on how many threads. */
export interface ProjectFacts {
  files: FileFacts[];
  parsed: number;
  parsedBytes: number;
  threads: number;
}

export interface ReadOptions {
  /** Worker threads (default: the machine's parallelism); 1 keeps everything on this thread. */
  jobs?: number;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** `stat`s already taken this run, by file: not taken again. */
  stats?: ReadonlyMap<string, fs.Stats>;
  /** Tests: the source size from which the pool is used, and the worker script. */
  poolThresholdBytes?: number;
  workerScript?: URL;
}

/**
 * Below this much source to parse, a pool costs more than it saves: starting two workers (each loading
 * tree-sitter and compiling the queries) takes about as long as parsing this on one thread here.
 */
export const POOL_THRESHOLD_BYTES = 2 * 1024 * 1024;

/** How long the async path works before the event loop gets a turn (a frame at 60 Hz). */
const SLICE_MS = 16;
/** Gives the event loop a turn (keys, redraws) before going on. */
export const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Pending extends FactsJob {
  index: number;
  stat?: fs.Stats;
  hash?: string;
}

/** On this thread, at once. */
export function readProjectFacts(root: string, files: readonly string[], cache: FactsCache | undefined, notices: string[]): ProjectFacts {
  const results: FileFacts[] = new Array(files.length);
  const pending: Pending[] = [];
  files.forEach((file, index) => lookUp(root, file, index, cache, notices, results, pending));
  for (const job of pending) settle(job, factsOfBytes(job.file, job.bytes), cache, notices, results);
  return { files: results, parsed: pending.length, parsedBytes: sizeOf(pending), threads: 1 };
}

/** With progress, turns for the event loop, and the worker pool when the parse is big enough. */
export async function readProjectFactsAsync(root: string, files: readonly string[], cache: FactsCache | undefined, notices: string[], options: ReadOptions = {}): Promise<ProjectFacts> {
  const { onProgress = () => {}, signal } = options;
  const results: FileFacts[] = new Array(files.length);
  const pending: Pending[] = [];
  const total = files.length;
  let done = 0;
  let slice = performance.now();
  /** Reports progress once a slice has passed; says whether it did. */
  const report = () => {
    if (performance.now() - slice < SLICE_MS) return false;
    onProgress({ phase: 'parse', done, total, cached: cache?.hits ?? 0 });
    slice = performance.now();
    return true;
  };
  // Work done on this thread gives the event loop a turn after each slice (the pool's leaves it free).
  const breathe = async () => {
    if (!report()) return;
    await turn();
    signal?.throwIfAborted();
  };
  for (let index = 0; index < total; index++) {
    if (lookUp(root, files[index]!, index, cache, notices, results, pending, options.stats)) done++;
    await breathe();
  }
  const jobs = Math.max(1, options.jobs ?? os.availableParallelism());
  const bytes = sizeOf(pending);
  let threads = 1;
  if (jobs > 1 && bytes >= (options.poolThresholdBytes ?? POOL_THRESHOLD_BYTES)) {
    threads = await extractInPool(pending, jobs, (k, result) => {
      settle(pending[k]!, result, cache, notices, results);
      done++;
      report();
    }, signal, ...(options.workerScript ? [options.workerScript] : []));
  } else {
    for (const job of pending) {
      settle(job, factsOfBytes(job.file, job.bytes), cache, notices, results);
      done++;
      await breathe();
    }
  }
  onProgress({ phase: 'parse', done: total, total, cached: cache?.hits ?? 0 });
  return { files: results, parsed: pending.length, parsedBytes: bytes, threads };
}

function sizeOf(pending: readonly Pending[]): number {
  return pending.reduce((n, job) => n + job.bytes.length, 0);
}

/** The file's facts from the cache (true), or its bytes queued in `pending` (false). */
function lookUp(root: string, file: string, index: number, cache: FactsCache | undefined, notices: string[], results: FileFacts[], pending: Pending[], stats?: ReadonlyMap<string, fs.Stats>): boolean {
  const full = path.join(root, file);
  try {
    if (!cache) {
      pending.push({ index, file, bytes: fs.readFileSync(full) });
      return false;
    }
    const stat = stats?.get(file) ?? fs.statSync(full);
    const found = cache.lookup(file, stat, () => fs.readFileSync(full));
    if ('facts' in found) {
      results[index] = { path: file, facts: found.facts };
      return true;
    }
    pending.push({ index, file, bytes: found.bytes, stat, hash: found.hash });
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A name that is not UTF-8 comes back from the walk with U+FFFD in it, and cannot be opened by it.
    const why = code === 'ENOENT' && file.includes('\ufffd') ? 'its name is not valid UTF-8' : code ?? String(error);
    notices.push(`${file}: could not be read (${why}); its imports are not checked`);
    results[index] = { path: file, facts: emptyFacts() };
    return true;
  }
}

/** Extracted here (facts) or on a worker (serialised there): the cache keeps the serialised form. */
function settle(job: Pending, result: FileFactsResult | SerialisedFactsResult, cache: FactsCache | undefined, notices: string[], results: FileFacts[]): void {
  notices.push(...result.notices);
  const facts = 'facts' in result ? result.facts : v8.deserialize(result.serialised) as ModuleFacts;
  // An internal error must be said again next run: such facts are not cached.
  if (cache && job.stat && job.hash && result.notices.length === 0) cache.remember(job.file, job.stat, job.hash, 'facts' in result ? v8.serialize(facts) : result.serialised);
  results[job.index] = { path: job.file, facts };
}
