/**
 * A pool of worker threads extracting facts in parallel. Files go out in batches (a few hundred KB
 * each) to whichever worker is free, so a big file does not hold the others up; results come back by
 * index. A worker that dies (a crash in native code, out of memory) costs nothing but time: its batch
 * is extracted again on this thread.
 */
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { FactsBatch } from './facts-worker.js';
import { serialisedFactsOfBytes, type SerialisedFactsResult } from './file-facts.js';

const BATCH_BYTES = 256 * 1024;
const BATCH_FILES = 64;
/**
 * A worker's young generation, in MB. Each file's syntax nodes are garbage within milliseconds, but
 * what survives two scavenges of a large young generation is promoted, native trees with it, and freed
 * only by a full collection: a small one frees them sooner. django, 2 workers: peak RSS 355-368 ->
 * 300-313 MB, CPU unchanged; saleor 460-468 -> 391-411 MB.
 */
const WORKER_YOUNG_GENERATION_MB = 8;

export interface FactsJob {
  file: string;
  bytes: Uint8Array;
}

/**
 * Extracts `jobs` on up to `size` workers (no more than there are batches); `onResult` gets each job's
 * index and result as it comes back. Resolves to the number of workers started. `script` replaces the
 * worker (tests: one that dies).
 */
export async function extractInPool(jobs: readonly FactsJob[], size: number, onResult: (index: number, result: SerialisedFactsResult) => void, signal?: AbortSignal, script: URL = workerScript()): Promise<number> {
  const batches = batchesOf(jobs);
  let next = 0;
  const workers = Array.from({ length: Math.min(size, batches.length) }, () => new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } }));
  try {
    await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
      let current: number[] | undefined;
      const send = () => {
        if (signal?.aborted) return reject(signal.reason);
        current = batches[next++];
        if (!current) return resolve();
        worker.postMessage({ files: current.map((i) => jobs[i]!) } satisfies FactsBatch);
      };
      worker.on('message', (results: SerialisedFactsResult[]) => {
        results.forEach((result, k) => onResult(current![k]!, result));
        send();
      });
      // A dead worker's batch is done here; the others carry on with the rest.
      const fallBack = () => {
        for (const i of current ?? []) onResult(i, serialisedFactsOfBytes(jobs[i]!.file, jobs[i]!.bytes));
        current = undefined;
        resolve();
      };
      worker.on('error', fallBack);
      worker.on('exit', (code) => { if (code !== 0 && current) fallBack(); });
      send();
    })));
    // Batches a dead worker never took.
    for (; next < batches.length; next++) for (const i of batches[next]!) onResult(i, serialisedFactsOfBytes(jobs[i]!.file, jobs[i]!.bytes));
    return workers.length;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function batchesOf(jobs: readonly FactsJob[]): number[][] {
  const batches: number[][] = [];
  let batch: number[] = [];
  let bytes = 0;
  jobs.forEach((job, i) => {
    batch.push(i);
    bytes += job.bytes.length;
    if (bytes >= BATCH_BYTES || batch.length >= BATCH_FILES) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
  });
  if (batch.length) batches.push(batch);
  return batches;
}

/** The worker's compiled file: beside this one when built; from the sources (tests), the built copy. */
function workerScript(): URL {
  const beside = new URL('./facts-worker.js', import.meta.url);
  return fs.existsSync(beside) ? beside : new URL('../../dist/extract/facts-worker.js', import.meta.url);
}
