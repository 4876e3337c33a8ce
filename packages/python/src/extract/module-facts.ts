/**
 * Source text → ModuleFacts: the per-file phase of the pipeline. Depends on the text alone, so its
 * result can be cached by content hash. Never throws on bad source.
 */
import type { ModuleFacts } from '@preflight/core';
import { loadQuery, parsePython } from '../parse/parser.js';
import { SourcePositions } from '../parse/source-positions.js';
import { scanStatements } from '../parse/statement-walk.js';
import { extractBindings } from './extract-bindings.js';
import { extractImports } from './extract-imports.js';
import { findSyntaxError } from './syntax-errors.js';

/** Cheap text gate before a whole-tree query: only files mentioning these can match namespace-writes.scm. */
function mayWriteNamespace(text: string): boolean {
  return text.includes('globals()') || text.includes('vars()') || text.includes('locals()') || text.includes('sys.modules') || text.includes('global_enum');
}

export function extractModuleFacts(text: string): ModuleFacts {
  const tree = parsePython(text);
  const positions = new SourcePositions(text);
  const root = tree.rootNode;
  const { bindings, starImports, dunderAll, hasModuleGetattr } = extractBindings(root, text);
  const statements = scanStatements(root);
  const syntaxError = findSyntaxError(tree, positions, text, statements.indentation);
  return {
    imports: extractImports(statements.imports, positions),
    bindings,
    starImports,
    ...(dunderAll ? { dunderAll } : {}),
    hasModuleGetattr,
    dynamicNamespace: mayWriteNamespace(text) && loadQuery('namespace-writes').captures(root).some((c) => c.name === 'dynamic'),
    ...(syntaxError ? { syntaxError } : {}),
  };
}
