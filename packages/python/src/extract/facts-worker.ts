/**
 * A worker thread of the facts pool: its own tree-sitter parser and compiled queries; takes batches of
 * files (name and bytes) and answers with their facts, v8-serialised — plain bytes, no syntax tree crosses threads.
 */
import { parentPort } from 'node:worker_threads';
import { serialisedFactsOfBytes } from './file-facts.js';

export interface FactsBatch {
  files: { file: string; bytes: Uint8Array }[];
}

// Serialised here, once; their buffers are moved to the main thread, not cloned.
parentPort?.on('message', ({ files }: FactsBatch) => {
  const results = files.map(({ file, bytes }) => serialisedFactsOfBytes(file, bytes));
  const owned = results.map((r) => r.serialised).filter((b) => b.byteOffset === 0 && b.byteLength === b.buffer.byteLength);
  parentPort!.postMessage(results, owned.map((b) => b.buffer as ArrayBuffer));
});
