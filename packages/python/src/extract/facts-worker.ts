/**
 * A worker thread of the facts pool: its own tree-sitter parser and compiled queries; takes batches of
 * files (name and bytes) and answers with their facts — plain data, no syntax tree crosses threads.
 */
import { parentPort } from 'node:worker_threads';
import { factsOfBytes } from './file-facts.js';

export interface FactsBatch {
  files: { file: string; bytes: Uint8Array }[];
}

parentPort?.on('message', ({ files }: FactsBatch) => {
  parentPort!.postMessage(files.map(({ file, bytes }) => factsOfBytes(file, bytes)));
});
