/**
 * Reads of attributes on imported modules (`db.get_db_session` after `import core.database as db`): at
 * module level they run at import time, in a function body when it runs. Only names the module binds
 * exactly once, by a module-level `import` statement, are considered (a name rebound anywhere is
 * skipped), never assignment targets, never under a `hasattr(name, ...)` test or a `try` that catches
 * AttributeError, and in a function only where no enclosing function binds the name itself (a parameter,
 * an assignment, a loop or `with` target, an import).
 *
 * Names bound once by `from M import x` are read too (`x` may be a submodule: what it is, is known only
 * once resolved). Each read carries the rest of its dotted chain (`pkg.mod.Name`); at module level it
 * also says what else decides whether it runs when the statement does: whether it sits in a type annotation or
 * in code evaluated later (a generator's body, a `type` alias, a type parameter), and its guard (`if
 * TYPE_CHECKING:`, `if __name__ == "__main__":`, any other test, an `except` handler, a loop or
 * comprehension body, a short-circuited operand).
 *
 * Found by searching the text for `name.` and confirming each hit in the tree: much cheaper than a
 * query over every function body, and strings and comments are ruled out by the tree.
 */
import type { AttributeRead, AttributeWrite, Binding, Guard } from '@preflight/core';
import type { SyntaxNode } from '../parse/parser.js';
import type { SourcePositions } from '../parse/source-positions.js';
import { ALWAYS_AT_RUNTIME, branchCondition } from './import-context.js';
import { MAIN_BLOCK } from './python-syntax.js';

interface Alias {
  module: string;
  /** For `from module import importedName`: the name imported and the relative level. */
  importedName?: string;
  level?: number;
}

export function extractAttributeReads(
  root: SyntaxNode, text: string, bindings: readonly Binding[], positions: SourcePositions,
): { reads: AttributeRead[]; writes: AttributeWrite[] } {
  const counts = new Map<string, number>();
  for (const b of bindings) counts.set(b.name, (counts.get(b.name) ?? 0) + 1);
  const aliases = new Map<string, Alias>();
  for (const b of bindings) {
    if ((b.kind !== 'import' && b.kind !== 'from-import') || counts.get(b.name) !== 1 || b.conditional || !text.includes(`${b.name}.`)) continue;
    if (b.kind === 'import' && b.module) aliases.set(b.name, { module: b.module });
    else if (b.kind === 'from-import' && b.importedName && b.module !== '__future__') {
      aliases.set(b.name, { module: b.module ?? '', importedName: b.importedName, level: b.level ?? 0 });
    }
  }
  if (aliases.size === 0) return { reads: [], writes: [] };
  // `from __future__ import annotations` (PEP 563): no annotation of the module is evaluated.
  const postponed = /^from\s+__future__\s+import\s+[^\n]*\bannotations\b/m.test(text);
  const reads: AttributeRead[] = [];
  const writes: AttributeWrite[] = [];
  const written = (name: string, path: string[]) => {
    const alias = aliases.get(name)!;
    writes.push({ name, module: alias.module, path, ...(alias.importedName !== undefined ? { importedName: alias.importedName, level: alias.level! } : {}) });
  };
  for (const match of text.matchAll(new RegExp(`\\bsetattr\\(\\s*(${[...aliases.keys()].join('|')})\\s*,\\s*['"](\\w+)['"]`, 'g'))) written(match[1]!, [match[2]!]);
  const shadowed = new Map<string, boolean>();
  const blocks = new AncestorCache();
  const pattern = new RegExp(`(?<![\\w.])(${[...aliases.keys()].join('|')})\\s*\\.\\s*([A-Za-z_]\\w*)`, 'g');
  // In function bodies, a from-imported name is followed only when it is spelled like a module (PEP 8:
  // lowercase): `models.X`, `crud.f()`, not `User.objects` or `Q(...)`, most of the hits, dropped
  // before the tree is searched.
  const classLike = new Set([...aliases].filter(([, a]) => a.importedName !== undefined && /[A-Z]/.test(a.importedName)).map(([n]) => n));
  const bodies = classLike.size > 0 ? functionBodies(root) : [];
  for (const match of text.matchAll(pattern)) {
    const name = match[1]!;
    if (classLike.has(name) && inRanges(bodies, match.index)) continue;
    const object = root.descendantForIndex(match.index, match.index + name.length);
    if (object.type !== 'identifier' || object.text !== name) continue;
    const access = object.parent;
    const attribute = access?.type === 'attribute' && access.childForFieldName('object')?.id === object.id ? access.childForFieldName('attribute') : null;
    if (!access || !attribute) continue;
    // `m.x = 1` writes the attribute: not a read. `m.a.x = 1` reads `m.a`, then writes.
    // The text after the hit says whether the chain goes on or is assigned: most hits need neither walk up.
    CHAIN_TAIL.lastIndex = match.index + match[0].length;
    const tail = CHAIN_TAIL.exec(text)?.[0] ?? '';
    const setPath = ASSIGNED.test(tail) ? writtenPath(access, attribute.text) : undefined;
    if (setPath) written(name, setPath);
    if (setPath?.length === 1) continue;
    // Its ancestors, walked once for every question below.
    const ancestors = blocks.ancestorsOf(access);
    if (guarded(ancestors, name)) continue;
    const alias = aliases.get(name)!;
    const functions = enclosingFunctions(object, ancestors);
    if (neverEvaluated(access, ancestors, functions.length > 0, postponed)) continue;
    if (functions.some((fn) => bindsLocally(fn, name, shadowed))) continue;
    // In a class body, a name the class binds (`@url.setter` after `def url`) is the class's own.
    if (classScopes(access, ancestors).some((cls) => bindsLocally(cls, name, shadowed))) continue;
    const innermost = functions[0];
    const fnName = innermost ? (innermost.type === 'lambda' ? '<lambda>' : innermost.childForFieldName('name')?.text ?? '<function>') : undefined;
    const read: AttributeRead = {
      name, module: alias.module, attribute: attribute.text, span: positions.span(attribute.startIndex, attribute.endIndex),
      ...(fnName ? { function: fnName } : {}),
      ...(alias.importedName !== undefined ? { importedName: alias.importedName, level: alias.level! } : {}),
    };
    const rest = tail.trimStart().startsWith('.') ? chainAfter(access, positions) : [];
    if (rest.length > 0) read.rest = rest;
    if (!fnName) {
      const timing = evaluation(access, ancestors);
      if (timing === 'annotation') read.annotation = true;
      else if (timing === 'deferred') read.deferred = true;
      const guard = moduleLevelGuard(access, ancestors);
      if (guard) read.guard = guard;
    }
    reads.push(read);
  }
  return { reads, writes };
}

/** The attributes of a dotted chain that ends in an assignment target (`m.a.x = 1`: `a`, `x`), if it does. */
function writtenPath(access: SyntaxNode, first: string): string[] | undefined {
  const path = [first];
  for (let node = access; path.length < 32; ) {
    if (isTarget(node) || (node.parent?.type === 'augmented_assignment' && node.parent.childForFieldName('left')?.id === node.id)) return path;
    const next = node.parent;
    if (next?.type !== 'attribute' || next.childForFieldName('object')?.id !== node.id) return undefined;
    const attribute = next.childForFieldName('attribute');
    if (!attribute) return undefined;
    path.push(attribute.text);
    node = next;
  }
  return undefined;
}

/** What follows a hit `m.a`: more attributes, then perhaps an assignment operator. */
const CHAIN_TAIL = /(?:\s*\.\s*[A-Za-z_]\w*)*\s*(?:(?:\/\/|\*\*|<<|>>|[-+*\/%&|^@:])?=(?!=))?/y;
const ASSIGNED = /=$/;

/**
 * A node's ancestors, innermost first. Hits cluster in the same function bodies: each block's own
 * ancestors are remembered, so a walk stops at the first block already seen (every `parent` step
 * crosses into the native tree).
 */
class AncestorCache {
  private readonly known = new Map<number, SyntaxNode[]>();

  ancestorsOf(node: SyntaxNode): SyntaxNode[] {
    const chain: SyntaxNode[] = [];
    const blocks: number[] = [];
    for (let p = node.parent; p; p = p.parent) {
      if (p.type === 'block') {
        const above = this.known.get(p.id);
        if (above) {
          chain.push(p, ...above);
          break;
        }
        blocks.push(chain.length);
      }
      chain.push(p);
    }
    for (const i of blocks) this.known.set(chain[i]!.id, chain.slice(i + 1));
    return chain;
  }
}

/**
 * Code Python does not run as it reads it: an annotation when annotations are postponed, a local
 * variable's annotation (never evaluated, PEP 526), and the exception an `except` names (evaluated only
 * when an exception arrives there).
 */
function neverEvaluated(node: SyntaxNode, ancestors: readonly SyntaxNode[], inFunction: boolean, postponed: boolean): boolean {
  let child = node;
  for (const p of ancestors) {
    if (p.type === 'type') {
      if (postponed) return true;
      const owner = p.parent;
      if (inFunction && owner?.type === 'assignment' && owner.childForFieldName('type')?.id === p.id) return true;
    }
    if (p.type === 'except_clause' && child.type !== 'block') return true;
    child = p;
  }
  return false;
}

/**
 * The bodies of the functions defined by statements (at module level, in classes and compound
 * statements; not lambdas), as sorted, disjoint [start, end) offsets. Walks statements only.
 */
function functionBodies(root: SyntaxNode): [number, number][] {
  const ranges: [number, number][] = [];
  const pending: SyntaxNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    for (const child of node.namedChildren) {
      if (child.type === 'function_definition') {
        const body = child.childForFieldName('body');
        if (body) ranges.push([body.startIndex, body.endIndex]);
      } else if (COMPOUND.has(child.type)) {
        pending.push(child);
      }
    }
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** Nodes that hold statements (directly or through their clauses and blocks). */
const COMPOUND = new Set([
  'block', 'class_definition', 'decorated_definition', 'if_statement', 'elif_clause', 'else_clause', 'for_statement', 'while_statement',
  'try_statement', 'except_clause', 'except_group_clause', 'finally_clause', 'with_statement', 'match_statement', 'case_clause',
]);

function inRanges(ranges: readonly [number, number][], index: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const [start, end] = ranges[mid]!;
    if (index < start) hi = mid - 1;
    else if (index >= end) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * The attributes read after `access` in its dotted chain (`pkg.mod.Name.x`: `Name`, `x`), stopping at
 * one that is assigned or deleted (`pkg.mod.Name = 1` reads `pkg.mod` only).
 */
function chainAfter(access: SyntaxNode, positions: SourcePositions): { attribute: string; span: AttributeRead['span'] }[] {
  const rest: { attribute: string; span: AttributeRead['span'] }[] = [];
  for (let node = access; rest.length < 32; ) {
    const next = node.parent;
    if (next?.type !== 'attribute' || next.childForFieldName('object')?.id !== node.id) break;
    const attribute = next.childForFieldName('attribute');
    if (!attribute || isTarget(next)) break;
    rest.push({ attribute: attribute.text, span: positions.span(attribute.startIndex, attribute.endIndex) });
    node = next;
  }
  return rest;
}

/** Whether an expression is assigned to or deleted rather than read. */
function isTarget(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case 'assignment':
    case 'for_statement':
    case 'for_in_clause':
      return parent.childForFieldName('left')?.id === node.id;
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'as_pattern_target':
    case 'delete_statement':
      return true;
    case 'expression_list':
      return parent.parent?.type === 'delete_statement';
    default:
      return false;
  }
}

/**
 * When a module-level expression is evaluated, if not when its statement runs: `annotation` (a type
 * annotation: only without `from __future__ import annotations`, before 3.14), `deferred` (a generator
 * expression's body, a `type` alias's value, a type parameter's bound: later, if ever).
 */
function evaluation(node: SyntaxNode, ancestors: readonly SyntaxNode[]): 'annotation' | 'deferred' | undefined {
  for (const p of ancestors) {
    switch (p.type) {
      case 'type_alias_statement':
      case 'type_parameter':
        return 'deferred';
      case 'generator_expression':
        if (!inFirstIterable(p, node)) return 'deferred';
        break;
      case 'type':
        return 'annotation';
    }
  }
  return undefined;
}

/** Whether `node` lies in the iterable of the first `for` clause of a comprehension: evaluated at once, where the comprehension is. */
function inFirstIterable(comprehension: SyntaxNode, node: SyntaxNode): boolean {
  const right = comprehension.namedChildren.find((c) => c.type === 'for_in_clause')?.childForFieldName('right');
  return right !== null && right !== undefined && node.startIndex >= right.startIndex && node.endIndex <= right.endIndex;
}

/**
 * What may keep a module-level expression from running when its statement runs, innermost first: `if
 * TYPE_CHECKING:` (or a statically false test), `if __name__ == "__main__":`, an `except` handler (runs only
 * when its `try` failed: `fallback`), and, as a `condition` with the test's text (evaluated on the target
 * when it is a platform or version test), any other `if`, `while` or `match` case, a comprehension's body
 * (the iterable may be empty), and the right operand of `and`/`or` and the branches of `x if c else y`.
 */
function moduleLevelGuard(node: SyntaxNode, ancestors: readonly SyntaxNode[]): Guard | undefined {
  for (const [i, p] of ancestors.entries()) {
    const child = i === 0 ? node : ancestors[i - 1]!;
    switch (p.type) {
      case 'if_statement':
      case 'elif_clause':
      case 'else_clause': {
        const branch = branchCondition(p, child);
        if (!branch) break;
        if (branch.typeChecking || branch.neverRuns) return { kind: 'type-checking' };
        const text = branch.text.trim();
        if (MAIN_BLOCK.test(text)) return { kind: 'main' };
        // `if not TYPE_CHECKING:` runs, as the `else:` of `if TYPE_CHECKING:` does.
        const negated = /^not\s+(.*)$/s.exec(text);
        if (!ALWAYS_AT_RUNTIME.test(negated ? `not (${negated[1]!.trim()})` : text)) return { kind: 'condition', condition: branch.text };
        break;
      }
      case 'except_clause':
      case 'except_group_clause':
        return { kind: 'fallback' };
      case 'while_statement':
        if (p.childForFieldName('body')?.id === child.id) return { kind: 'condition', condition: p.childForFieldName('condition')?.text ?? 'while' };
        break;
      case 'case_clause':
        return { kind: 'condition', condition: 'case' };
      case 'for_statement':
        if (p.childForFieldName('body')?.id === child.id) return { kind: 'condition', condition: 'for' };
        break;
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression':
        if (!inFirstIterable(p, node)) return { kind: 'condition', condition: 'comprehension' };
        break;
      case 'boolean_operator': {
        const left = p.childForFieldName('left');
        if (left?.id !== child.id) {
          const operator = p.childForFieldName('operator')?.type;
          return { kind: 'condition', condition: operator === 'or' ? `not (${left?.text ?? ''})` : left?.text ?? '' };
        }
        break;
      }
      case 'conditional_expression': {
        // `body if test else orelse`: named children in that order.
        const [body, test, orelse] = p.namedChildren;
        if (body?.id === child.id && test) return { kind: 'condition', condition: test.text };
        if (orelse?.id === child.id && test) return { kind: 'condition', condition: `not (${test.text})` };
        break;
      }
    }
  }
  return undefined;
}

/**
 * The defs and lambdas whose body holds the node, innermost first. Decorators and parameter defaults
 * are outside the body: they run where the def statement runs.
 */
function enclosingFunctions(node: SyntaxNode, ancestors: readonly SyntaxNode[]): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const p of ancestors) {
    if (p.type === 'lambda') {
      const body = p.childForFieldName('body');
      if (body && node.startIndex >= body.startIndex && node.endIndex <= body.endIndex) out.push(p);
    } else if (p.type === 'function_definition') {
      const body = p.childForFieldName('body');
      if (body && node.startIndex >= body.startIndex && node.endIndex <= body.endIndex) out.push(p);
    }
  }
  return out;
}

/** The class bodies whose own scope holds the read: the classes met before the innermost function. */
function classScopes(node: SyntaxNode, ancestors: readonly SyntaxNode[]): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const p of ancestors) {
    if (p.type === 'function_definition' || p.type === 'lambda') break;
    const body = p.type === 'class_definition' ? p.childForFieldName('body') : null;
    if (body && node.startIndex >= body.startIndex) out.push(p);
  }
  return out;
}

/**
 * Whether a function (or lambda, or class body) may bind `name` in its own scope: then its reads are of that local, not
 * of the module. Read from the text, erring towards "yes" (a skipped read is never a false finding).
 */
function bindsLocally(fn: SyntaxNode, name: string, cache: Map<string, boolean>): boolean {
  const key = `${fn.id}:${name}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const body = fn.childForFieldName('body')?.text ?? '';
  const n = name;
  const binds = parameterNames(fn).includes(name) ||
    new RegExp(`(?:^|[^\\w.])${n}\\s*(?:,[^=\\n]*)?(?:=(?!=)|:=|[-+*/%&|^@]=|:\\s*\\w)|\\bas\\s+${n}\\b|\\bfor\\b[^\\n]*?\\b${n}\\b[^\\n]*?\\bin\\b|\\bimport\\b[^\\n]*\\b${n}\\b|\\b(?:def|class|del|nonlocal)\\s+${n}\\b|\\bcase\\b[^\\n]*\\b${n}\\b`, 'm').test(body);
  cache.set(key, binds);
  return binds;
}

/** The names a def or lambda binds as parameters (`x`, `x: int`, `x=1`, `*args`, `**kwargs`), not their defaults. */
function parameterNames(fn: SyntaxNode): string[] {
  const names: string[] = [];
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    const named = p.type === 'identifier' ? p : p.childForFieldName('name') ?? p.namedChildren.find((c) => c.type === 'identifier');
    if (named?.type === 'identifier') names.push(named.text);
  }
  return names;
}

/** Under `if hasattr(m, ...)` (or `hasattr(m, ...) and ...`), or in a `try` whose handlers catch AttributeError. */
function guarded(ancestors: readonly SyntaxNode[], name: string): boolean {
  const test = new RegExp(`hasattr\\(\\s*${name}\\s*,`);
  for (const p of ancestors) {
    switch (p.type) {
      case 'if_statement':
      case 'elif_clause':
      case 'while_statement':
      case 'conditional_expression':
      case 'boolean_operator':
        if (test.test(p.type === 'boolean_operator' || p.type === 'conditional_expression' ? p.text : p.childForFieldName('condition')?.text ?? '')) return true;
        break;
      case 'try_statement':
        if (p.namedChildren.some((c) => c.type === 'except_clause' && /^except\s*(?::|.*\b(?:AttributeError|Exception|BaseException)\b)/.test(c.text))) return true;
        break;
      case 'module':
        return false;
    }
  }
  return false;
}
