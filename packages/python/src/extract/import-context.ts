/**
 * The context an import statement runs in, read from its ancestors: its scope (module, class body,
 * function body) and its guard (a `try` that catches ImportError, `if TYPE_CHECKING:` or a branch that
 * never runs such as `if False:`, a platform or version condition, `if __name__ == "__main__":`). Guards only count inside the statement's own scope: a `try` around a `def` guards
 * the definition, not the call.
 */
import type { Guard, Scope } from '@preflight/core';
import type { SyntaxNode } from '../parse/parser.js';
import { MAIN_BLOCK, RUNTIME_CONDITION, STATICALLY_FALSE, TYPE_CHECKING } from './python-syntax.js';

/** A CamelCase name is an exception class, not a tuple of them (those are named `OPTIONAL_ERRORS`, `errors`). */
const EXCEPTION_CLASS = /^[A-Z](?=[A-Za-z0-9]*[a-z])[A-Za-z0-9]*$/;
/** Lower-case exception classes of the standard library (`socket.timeout` is TimeoutError, `socket.error` OSError). */
const EXCEPTION_ALIASES = new Set(['timeout', 'error', 'herror', 'gaierror']);

/** Exception names whose handler catches ImportError (and so ModuleNotFoundError). */
const CATCHES_IMPORT_ERROR = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);


export interface ImportContext {
  scope: Scope;
  function?: string;
  guard?: Guard;
}

export function importContext(statement: SyntaxNode): ImportContext {
  let scope: Scope = 'module';
  let fn: string | undefined;
  let tryGuard: Guard | undefined;
  let typeChecking = false;
  let mainBlock = false;
  let optional: Guard | undefined;
  let condition: string | undefined;
  let inScope = true; // still inside the statement's own scope (guards beyond a def do not count)

  let child = statement;
  for (let node = statement.parent; node; child = node, node = node.parent) {
    switch (node.type) {
      case 'function_definition':
      case 'lambda':
        if (scope === 'module') {
          scope = 'function';
          fn = node.type === 'lambda' ? '<lambda>' : node.childForFieldName('name')?.text;
        }
        inScope = false;
        break;
      case 'class_definition':
        if (scope === 'module') scope = 'class';
        break;
      case 'try_statement':
        if (inScope && !tryGuard) {
          const caught = handledImportError(node);
          const tryLine = node.startPosition.row + 1;
          if (caught && node.childForFieldName('body')?.id === child.id) tryGuard = { kind: 'try', caught, tryLine };
          else if (caught && (child.type === 'except_clause' || child.type === 'except_group_clause')) optional ??= { kind: 'fallback', tryLine };
          else if (caught && child.type === 'else_clause') optional ??= { kind: 'try-else' };
        }
        break;
      case 'with_statement':
        if (inScope && !tryGuard && suppressesImportError(node)) tryGuard = { kind: 'try', caught: 'suppress(ImportError)' };
        break;
      case 'if_statement':
      case 'elif_clause':
      case 'else_clause':
        if (inScope) {
          const branch = branchCondition(node, child);
          if (branch) {
            if (branch.typeChecking || branch.neverRuns) typeChecking = true;
            else if (MAIN_BLOCK.test(branch.text.trim())) mainBlock = true;
            // Platform and version tests are evaluated on the target; any other test (`if settings.DEBUG:`,
            // `if django.VERSION >= (4, 2):`) is unknown: the import may never run.
            else if (!condition && !ALWAYS_AT_RUNTIME.test(branch.text.trim())) condition = branch.text;
          }
        } else {
          // A function defined only under `if TYPE_CHECKING:` or a platform/version test false on the target
          // does not exist there, so its imports never run; any other test around a def says nothing.
          const branch = branchCondition(node, child);
          if (branch?.typeChecking || branch?.neverRuns) typeChecking = true;
          else if (branch && !condition && RUNTIME_CONDITION.test(branch.text)) condition = branch.text;
        }
        break;
    }
  }
  const guard: Guard | undefined =
    tryGuard ?? (typeChecking ? { kind: 'type-checking' } : condition ? { kind: 'condition', condition } : mainBlock ? { kind: 'main' } : optional);
  return { scope, ...(fn ? { function: fn } : {}), ...(guard ? { guard } : {}) };
}

/** `else:` of `if TYPE_CHECKING:` (or of `if False:`): always runs. */
export const ALWAYS_AT_RUNTIME = /^not \((?:(?:[A-Za-z_][\w.]*\.)?TYPE_CHECKING|False|0|None)\)$/;

/** The handler that makes a `try` catch ImportError: its exception text, `except` for a bare one. */
function handledImportError(tryNode: SyntaxNode): string | undefined {
  for (const clause of tryNode.namedChildren) {
    if (clause.type !== 'except_clause' && clause.type !== 'except_group_clause') continue;
    const caught = clause.namedChildren.find((c) => c.type !== 'block' && c.type !== 'comment');
    if (!caught) return 'except';
    const types = caught.type === 'as_pattern' ? caught.namedChildren[0] : caught;
    if (!types) return 'except';
    const names = types.type === 'tuple' || types.type === 'parenthesized_expression' ? types.namedChildren : [types];
    for (const name of names) {
      const last = name.text.split('.').pop()!.trim();
      if (CATCHES_IMPORT_ERROR.has(last)) return last;
      // A tuple held in a variable (`except OPTIONAL_ERRORS:`) may hold ImportError: not knowable, so guarded.
      // A class name (`Model.DoesNotExist`, `Http404`) or a stdlib alias (`socket.timeout`) is not a tuple.
      if (!/(?:Error|Exception|Warning|Exit|Interrupt|Iteration|Group)$/.test(last) && !EXCEPTION_CLASS.test(last) && !EXCEPTION_ALIASES.has(last) &&
        /^[A-Za-z_][\w.]*$/.test(name.text.trim())) return last;
    }
  }
  return undefined;
}

/** `with suppress(ImportError):` / `with contextlib.suppress(ModuleNotFoundError, ...):` */
function suppressesImportError(withNode: SyntaxNode): boolean {
  const items = withNode.namedChildren.find((c) => c.type === 'with_clause')?.text ?? '';
  return /\bsuppress\s*\([^)]*\b(?:ImportError|ModuleNotFoundError|Exception|BaseException)\b/.test(items);
}

/**
 * The condition under which `child` (a block or clause of an `if`) runs, as source text, and whether it
 * is a TYPE_CHECKING branch (`if TYPE_CHECKING:` body, or `else:` of `if not TYPE_CHECKING:`).
 */
export function branchCondition(node: SyntaxNode, child: SyntaxNode): BranchCondition | undefined {
  if (node.type === 'if_statement' || node.type === 'elif_clause') {
    return node.childForFieldName('consequence')?.id === child.id ? consequenceCondition(node) : undefined;
  }
  const owner = node.parent;
  return owner?.type === 'if_statement' ? elseCondition(owner) : undefined;
}

export interface BranchCondition {
  text: string;
  typeChecking: boolean;
  neverRuns?: boolean;
}

/** What must hold for the consequence of an `if` or `elif` to run. */
export function consequenceCondition(node: SyntaxNode): BranchCondition | undefined {
  const test = node.childForFieldName('condition');
  if (!test) return undefined;
  const text = test.text.trim();
  return { text: test.text, typeChecking: TYPE_CHECKING.test(text), neverRuns: STATICALLY_FALSE.test(text) };
}

/** What must hold for the `else:` of an `if` statement (`owner`) to run: every condition before it is false. */
export function elseCondition(owner: SyntaxNode): BranchCondition | undefined {
  const test = owner.childForFieldName('condition');
  if (!test) return undefined;
  const negated = /^not\s+(.*)$/s.exec(test.text.trim());
  const typeChecking = negated !== null && TYPE_CHECKING.test(negated[1]!.trim()) && !owner.namedChildren.some((c) => c.type === 'elif_clause');
  return { text: `not (${test.text})`, typeChecking };
}
