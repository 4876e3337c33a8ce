/**
 * One file's facts from its bytes: decoded as Python's tokenizer would (BOM, coding cookie), then
 * extracted. A pure function of the bytes, so it runs on any thread and its result can be cached.
 */
import v8 from 'node:v8';
import { decodeSource, type ModuleFacts } from '@preflight/core';
import { extractModuleFacts } from './module-facts.js';

export interface FileFactsResult {
  facts: ModuleFacts;
  /** What went wrong inside preflight (never the file's fault): said to the user, and not cached. */
  notices: string[];
}

/**
 * A result as it crosses threads and sits in the cache: the facts v8-serialised once, where they were
 * extracted. One serialisation of the fresh objects, whichever thread made them, so the same facts are
 * the same bytes (a structured clone's arrays serialise otherwise) and the cache stores what came.
 */
export interface SerialisedFactsResult {
  serialised: Uint8Array;
  notices: string[];
}

export function serialisedFactsOfBytes(file: string, bytes: Uint8Array): SerialisedFactsResult {
  const { facts, notices } = factsOfBytes(file, bytes);
  return { serialised: v8.serialize(facts), notices };
}

export function factsOfBytes(file: string, bytes: Uint8Array): FileFactsResult {
  const decoded = decodeSource(bytes);
  if (!decoded.ok) {
    // A file Python could not even decode: facts holding just that syntax error.
    return { facts: { ...emptyFacts(), syntaxError: { message: decoded.message, span: { line: decoded.line, column: 1, endLine: decoded.line, endColumn: 2 } } }, notices: [] };
  }
  return factsOfText(file, decoded.text);
}

/** The facts of text already decoded (an editor's buffer); as `factsOfBytes` after decoding. */
export function factsOfText(file: string, text: string): FileFactsResult {
  // One file preflight fails on must not cost the rest of the project its findings.
  try {
    return { facts: extractModuleFacts(text), notices: [] };
  } catch (error) {
    const message = `${file}: internal error while reading it (${error instanceof Error ? error.message : String(error)}); its imports are not checked, please report this`;
    return { facts: { ...emptyFacts(), dynamicNamespace: true, registersModules: true }, notices: [message] };
  }
}

/** A file's facts, or undefined when preflight failed on it (facts that are not cached). */
export function extractedFacts(file: string, bytes: Uint8Array): ModuleFacts | undefined {
  const result = factsOfBytes(file, bytes);
  return result.notices.length === 0 ? result.facts : undefined;
}

export function emptyFacts(): ModuleFacts {
  return { imports: [], bindings: [], starImports: [], hasModuleGetattr: false, dynamicNamespace: false };
}
