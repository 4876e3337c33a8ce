/**
 * The first place where a file would make Python raise SyntaxError on import: the first ERROR or MISSING
 * node of the tree, an indentation error (found by the statement walk), or a Python 2 statement (`print "x"`, `exec "code"`), which the grammar accepts.
 */
import type { SyntaxProblem } from '@preflight/core';
import { loadQuery, type SyntaxNode, type Tree } from '../parse/parser.js';
import type { SourcePositions } from '../parse/source-positions.js';
import type { IndentationProblem } from '../parse/statement-walk.js';

/** Only lines starting with `print` or `exec` followed by something other than `(` can be Python 2 statements. */
const PYTHON2_HINT = /^[ \t]*(?:print|exec)[ \t]*[^\s(=.,:)\]}]/m;

export function findSyntaxError(tree: Tree, positions: SourcePositions, text: string, indentation?: IndentationProblem): SyntaxProblem | undefined {
  const candidates: { index: number; end: number; message: string }[] = [];
  if (indentation) {
    // An empty block sits at the end of its header line; Python points at the next statement.
    let at = indentation.index;
    while (at < text.length && /\s/.test(text[at]!)) at++;
    candidates.push({ index: at, end: at + 1, message: `IndentationError: ${indentation.message}` });
  }
  if (tree.rootNode.hasError) {
    const node = firstErrorNode(tree.rootNode);
    if (node) {
      const unclosed = node.isMissing ? undefined : unclosedBracket(node.text);
      if (unclosed) {
        const at = node.startIndex + unclosed.offset;
        candidates.push({ index: at, end: at + 1, message: `'${unclosed.bracket}' was never closed` });
      } else {
        const message = node.isMissing ? `expected \`${node.type}\`` : describeError(node);
        candidates.push({ index: node.startIndex, end: Math.max(node.endIndex, node.startIndex), message });
      }
    }
  }
  const python2 = PYTHON2_HINT.test(text) ? loadQuery('python2-statements').captures(tree.rootNode) : [];
  for (const { node } of python2) {
    // `print >> f, x` is valid Python 3 syntax (a tuple of a shift and a value; it fails only at run time).
    if (node.type === 'print_statement' && /^print\s*>>/.test(node.text)) continue;
    const what = node.type === 'print_statement' ? "Missing parentheses in call to 'print'" : "Missing parentheses in call to 'exec'";
    candidates.push({ index: node.startIndex, end: node.endIndex, message: `${what} (a Python 2 statement)` });
    break;
  }
  if (candidates.length === 0) return undefined;
  const first = candidates.reduce((a, b) => (b.index < a.index ? b : a));
  const span = positions.span(first.index, first.end);
  // Report one line of the span: a multi-line ERROR node would underline half the file.
  if (span.endLine !== span.line) {
    span.endLine = span.line;
    span.endColumn = span.column + 1;
  }
  return { message: first.message, span };
}

/** Depth-first, in document order: the first node that is an ERROR or MISSING. */
function firstErrorNode(root: SyntaxNode): SyntaxNode | undefined {
  const cursor = root.walk();
  for (;;) {
    const node = cursor.currentNode;
    if (node.type === 'ERROR' || node.isMissing) return node;
    if (node.hasError && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return undefined;
    }
  }
}

/** The first bracket in `text` that is never closed (strings and comments skipped roughly), as Python reports it. */
function unclosedBracket(text: string): { bracket: string; offset: number } | undefined {
  const open: { bracket: string; offset: number }[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const end = triple ? text.indexOf(c.repeat(3), i + 3) : text.indexOf(c, i + 1);
      if (end === -1) return undefined;
      i = triple ? end + 2 : end;
    } else if (c === '(' || c === '[' || c === '{') {
      open.push({ bracket: c, offset: i });
    } else if (c in pairs) {
      if (open.at(-1)?.bracket !== pairs[c]) return undefined;
      open.pop();
    }
  }
  return open[0];
}

function describeError(node: SyntaxNode): string {
  const text = node.text.split(/\r\n|\r|\n/, 1)[0]!.trim();
  if (text.startsWith('<<<<<<<') || text.startsWith('>>>>>>>') || text.startsWith('=======')) return 'merge conflict marker';
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return shown ? `invalid syntax near \`${shown}\`` : 'invalid syntax';
}
