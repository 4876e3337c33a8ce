/**
 * One walk over the statements of a tree (never into expressions): it collects the import statements
 * and the first indentation error, which the grammar tolerates but Python rejects (an empty block after
 * `def f():`, or a statement indented differently from its block). Equivalent to
 * grammars/python/imports.scm for imports (a test checks both agree) and 3.4 times faster on django
 * (0.5 s against 1.7 s), because the query visits every node.
 */
import { cursorType } from './node-path.js';
import type { SyntaxNode } from './parser.js';

export const IMPORT_STATEMENTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** Node types whose children include statements (or clauses holding blocks of them). */
const STATEMENT_CONTAINERS = new Set([
  'module', 'block', 'if_statement', 'elif_clause', 'else_clause', 'for_statement', 'while_statement',
  'try_statement', 'except_clause', 'except_group_clause', 'finally_clause', 'with_statement',
  'function_definition', 'class_definition', 'decorated_definition', 'match_statement', 'case_clause', 'ERROR',
]);

export interface IndentationProblem {
  /** UTF-16 offset of the offending position (for an empty block: where the block should have started). */
  index: number;
  message: string;
}

export interface StatementScan {
  imports: SyntaxNode[];
  indentation?: IndentationProblem;
}

export function scanStatements(root: SyntaxNode, text: string): StatementScan {
  // Columns and rows from the text (code units, as the tree's offsets): no position object per statement.
  // Python resets the indentation count at a form feed; tree-sitter counts it as a column.
  const hasFormFeed = text.includes('\f');
  const indentOf = (index: number): number => {
    const lineStart = text.lastIndexOf('\n', index - 1) + 1;
    const feed = hasFormFeed ? text.lastIndexOf('\f', index - 1) : -1;
    return feed >= lineStart ? index - feed - 1 : index - lineStart;
  };
  const imports: SyntaxNode[] = [];
  let indentation: IndentationProblem | undefined;
  const cursor = root.walk();
  /** `body`: the statements of a module (all at column 0) or a block (all at the first one's column). */
  const visit = (body: 'module' | 'block' | undefined): void => {
    if (!cursor.gotoFirstChild()) {
      // A block with no statement at all: `def f():` followed by a dedented line.
      if (body === 'block' && !indentation) indentation = { index: cursor.startIndex, message: 'expected an indented block' };
      return;
    }
    const isBlock = body !== undefined;
    let column = body === 'module' ? 0 : -1;
    /** Where the previous statement ended: a statement on its row has no indentation of its own. */
    let previousEnd = -1;
    let previousHadBlock = false;
    do {
      const type = cursorType(cursor);
      if (isBlock && type !== 'comment' && !indentation) {
        const start = cursor.startIndex;
        const indent = indentOf(start);
        if (column === -1) column = indent;
        else if (text.lastIndexOf('\n', start - 1) >= previousEnd && indent !== column) {
          // Deeper than its block right after a compound statement: a dedent that matches no outer level.
          const unindent = indent < column || previousHadBlock;
          indentation = { index: start, message: unindent ? 'unindent does not match any outer indentation level' : 'unexpected indent' };
        }
        previousEnd = cursor.endIndex;
        previousHadBlock = STATEMENT_CONTAINERS.has(type);
      }
      if (IMPORT_STATEMENTS.has(type)) imports.push(cursor.currentNode);
      else if (STATEMENT_CONTAINERS.has(type)) visit(type === 'block' ? 'block' : undefined);
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  };
  visit('module');
  return indentation ? { imports, indentation } : { imports };
}
