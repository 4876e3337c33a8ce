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
import { NodePathFinder, type PathFrame } from '../parse/node-path.js';
import type { SourcePositions } from '../parse/source-positions.js';
import { ALWAYS_AT_RUNTIME, consequenceCondition, elseCondition } from './import-context.js';
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
  if (text.includes('setattr(')) for (const match of text.matchAll(new RegExp(`\\bsetattr\\(\\s*(${[...aliases.keys()].join('|')})\\s*,\\s*['"](\\w+)['"]`, 'g'))) written(match[1]!, [match[2]!]);
  const shadowed = new Map<string, boolean>();
  const paths = new NodePathFinder(root, KEEP_NODES);
  const guards = new Guards(text);
  const pattern = new RegExp(`(?<![\\w.])(${[...aliases.keys()].join('|')})\\s*\\.\\s*([A-Za-z_]\\w*)`, 'g');
  // In function bodies, a from-imported name is followed only when it is spelled like a module (PEP 8:
  // lowercase): `models.X`, `crud.f()`, not `User.objects` or `Q(...)`, most of the hits, dropped
  // before the tree is searched.
  const classLike = new Set([...aliases].filter(([, a]) => a.importedName !== undefined && /[A-Z]/.test(a.importedName)).map(([n]) => n));
  const bodies = classLike.size > 0 ? functionBodies(root) : [];
  for (const match of text.matchAll(pattern)) {
    const name = match[1]!;
    if (classLike.has(name) && inRanges(bodies, match.index)) continue;
    // The hit must be the object of an attribute access in the tree (not a string, not a comment).
    const frames = paths.pathTo(match.index, match.index + name.length);
    const at = frames.length - 2;
    const object = frames[at + 1]!;
    const access = frames[at];
    const attributeEnd = match.index + match[0].length;
    if (object.type !== 'identifier' || object.start !== match.index || object.field !== 'object' || access?.type !== 'attribute' || access.end !== attributeEnd) continue;
    const attribute = { name: match[2]!, start: attributeEnd - match[2]!.length, end: attributeEnd };
    // `m.x = 1` writes the attribute: not a read. `m.a.x = 1` reads `m.a`, then writes.
    // The text after the hit says whether the chain goes on or is assigned: most hits need neither walk up.
    CHAIN_TAIL.lastIndex = attributeEnd;
    const tail = CHAIN_TAIL.exec(text)?.[0] ?? '';
    const links = tail.includes('.') ? linksOf(tail, attributeEnd) : [];
    const setPath = ASSIGNED.test(tail) ? writtenPath(frames, at, attribute.name, links) : undefined;
    if (setPath) written(name, setPath);
    if (setPath?.length === 1) continue;
    if (guards.guarded(frames, at, name)) continue;
    const alias = aliases.get(name)!;
    const functions = enclosingFunctions(frames, at);
    if (neverEvaluated(frames, at, functions.length > 0, postponed)) continue;
    if (functions.some(({ fn, body }) => bindsLocally(fn, body, name, text, shadowed))) continue;
    // In a class body, a name the class binds (`@url.setter` after `def url`) is the class's own.
    if (classScopes(frames, at).some(({ fn, body }) => bindsLocally(fn, body, name, text, shadowed))) continue;
    const innermost = functions[0]?.fn;
    const fnName = innermost ? functionName(innermost, text) : undefined;
    const read: AttributeRead = {
      name, module: alias.module, attribute: attribute.name, span: positions.span(attribute.start, attribute.end),
      ...(fnName ? { function: fnName } : {}),
      ...(alias.importedName !== undefined ? { importedName: alias.importedName, level: alias.level! } : {}),
    };
    const rest = links.length > 0 ? chainAfter(frames, at, links, positions) : [];
    if (rest.length > 0) read.rest = rest;
    if (!fnName) {
      const timing = evaluation(frames, at, access);
      if (timing === 'annotation') read.annotation = true;
      else if (timing === 'deferred') read.deferred = true;
      const guard = moduleLevelGuard(frames, at, access);
      if (guard) read.guard = guard;
    }
    reads.push(read);
  }
  return { reads, writes };
}

/**
 * The node types whose children the questions below read (conditions, handlers, parameters, operands):
 * their frames carry the node. Everything else is answered from the path's types, fields and offsets.
 */
const KEEP_NODES = new Set([
  'if_statement', 'elif_clause', 'while_statement', 'try_statement', 'function_definition', 'lambda', 'boolean_operator', 'conditional_expression',
  'generator_expression', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension',
]);

interface Link {
  name: string;
  start: number;
  end: number;
}

/** The attributes of the text after a hit (`.b.c` in `m.a.b.c`), with their offsets. */
function linksOf(tail: string, offset: number): Link[] {
  const links: Link[] = [];
  for (const m of tail.matchAll(/\.\s*([A-Za-z_]\w*)/g)) {
    const end = offset + m.index + m[0].length;
    links.push({ name: m[1]!, start: end - m[1]!.length, end });
  }
  return links;
}

/**
 * The attributes of a dotted chain that ends in an assignment target (`m.a.x = 1`: `a`, `x`), if it
 * does; `frames[at]` is the first access (`m.a`).
 */
function writtenPath(frames: readonly PathFrame[], at: number, first: string, links: readonly Link[]): string[] | undefined {
  const path = [first];
  for (let k = at; path.length < 32; k--) {
    const parent = frames[k - 1];
    if (isTarget(frames, k) || (parent?.type === 'augmented_assignment' && frames[k]!.field === 'left')) return path;
    const link = links[path.length - 1];
    if (parent?.type !== 'attribute' || frames[k]!.field !== 'object' || !link || link.end !== parent.end) return undefined;
    path.push(link.name);
  }
  return undefined;
}

/** What follows a hit `m.a`: more attributes, then perhaps an assignment operator. */
const CHAIN_TAIL = /(?:\s*\.\s*[A-Za-z_]\w*)*\s*(?:(?:\/\/|\*\*|<<|>>|[-+*\/%&|^@:])?=(?!=))?/y;
const ASSIGNED = /=$/;

/**
 * Code Python does not run as it reads it: an annotation when annotations are postponed, a local
 * variable's annotation (never evaluated, PEP 526), and the exception an `except` names (evaluated only
 * when an exception arrives there). `frames[at]` is the access; its ancestors are above it.
 */
function neverEvaluated(frames: readonly PathFrame[], at: number, inFunction: boolean, postponed: boolean): boolean {
  for (let k = at - 1; k >= 0; k--) {
    const p = frames[k]!;
    if (p.type === 'type') {
      if (postponed) return true;
      if (inFunction && frames[k - 1]?.type === 'assignment' && p.field === 'type') return true;
    }
    if (p.type === 'except_clause' && frames[k + 1]!.type !== 'block') return true;
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
 * The attributes read after the access `frames[at]` in its dotted chain (`pkg.mod.Name.x`: `Name`, `x`),
 * stopping at one that is assigned or deleted (`pkg.mod.Name = 1` reads `pkg.mod` only).
 */
function chainAfter(frames: readonly PathFrame[], at: number, links: readonly Link[], positions: SourcePositions): { attribute: string; span: AttributeRead['span'] }[] {
  const rest: { attribute: string; span: AttributeRead['span'] }[] = [];
  for (let k = at; rest.length < 32 && rest.length < links.length; k--) {
    const next = frames[k - 1];
    const link = links[rest.length]!;
    if (next?.type !== 'attribute' || frames[k]!.field !== 'object' || link.end !== next.end || isTarget(frames, k - 1)) break;
    rest.push({ attribute: link.name, span: positions.span(link.start, link.end) });
  }
  return rest;
}

/** Whether the expression `frames[k]` is assigned to or deleted rather than read. */
function isTarget(frames: readonly PathFrame[], k: number): boolean {
  const parent = frames[k - 1];
  if (!parent) return false;
  switch (parent.type) {
    case 'assignment':
    case 'for_statement':
    case 'for_in_clause':
      return frames[k]!.field === 'left';
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'as_pattern_target':
    case 'delete_statement':
      return true;
    case 'expression_list':
      return frames[k - 2]?.type === 'delete_statement';
    default:
      return false;
  }
}

/**
 * When a module-level expression is evaluated, if not when its statement runs: `annotation` (a type
 * annotation: only without `from __future__ import annotations`, before 3.14), `deferred` (a generator
 * expression's body, a `type` alias's value, a type parameter's bound: later, if ever).
 */
function evaluation(frames: readonly PathFrame[], at: number, access: PathFrame): 'annotation' | 'deferred' | undefined {
  for (let k = at - 1; k >= 0; k--) {
    const p = frames[k]!;
    switch (p.type) {
      case 'type_alias_statement':
      case 'type_parameter':
        return 'deferred';
      case 'generator_expression':
        if (!inFirstIterable(p.node!, access)) return 'deferred';
        break;
      case 'type':
        return 'annotation';
    }
  }
  return undefined;
}

/** Whether `range` lies in the iterable of the first `for` clause of a comprehension: evaluated at once, where the comprehension is. */
function inFirstIterable(comprehension: SyntaxNode, range: PathFrame): boolean {
  const right = comprehension.namedChildren.find((c) => c.type === 'for_in_clause')?.childForFieldName('right');
  return right !== null && right !== undefined && range.start >= right.startIndex && range.end <= right.endIndex;
}

/**
 * What may keep a module-level expression from running when its statement runs, innermost first: `if
 * TYPE_CHECKING:` (or a statically false test), `if __name__ == "__main__":`, an `except` handler (runs only
 * when its `try` failed: `fallback`), and, as a `condition` with the test's text (evaluated on the target
 * when it is a platform or version test), any other `if`, `while` or `match` case, a comprehension's body
 * (the iterable may be empty), and the right operand of `and`/`or` and the branches of `x if c else y`.
 */
function moduleLevelGuard(frames: readonly PathFrame[], at: number, access: PathFrame): Guard | undefined {
  for (let k = at - 1; k >= 0; k--) {
    const p = frames[k]!;
    const child = frames[k + 1]!;
    switch (p.type) {
      case 'if_statement':
      case 'elif_clause':
      case 'else_clause': {
        const owner = frames[k - 1];
        const branch = p.type !== 'else_clause'
          ? (child.field === 'consequence' ? consequenceCondition(p.node!) : undefined)
          : (owner?.type === 'if_statement' ? elseCondition(owner.node!) : undefined);
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
        if (child.field === 'body') return { kind: 'condition', condition: p.node!.childForFieldName('condition')?.text ?? 'while' };
        break;
      case 'case_clause':
        return { kind: 'condition', condition: 'case' };
      case 'for_statement':
        if (child.field === 'body') return { kind: 'condition', condition: 'for' };
        break;
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression':
        if (!inFirstIterable(p.node!, access)) return { kind: 'condition', condition: 'comprehension' };
        break;
      case 'boolean_operator': {
        if (child.field !== 'left') {
          const left = p.node!.childForFieldName('left');
          const operator = p.node!.childForFieldName('operator')?.type;
          return { kind: 'condition', condition: operator === 'or' ? `not (${left?.text ?? ''})` : left?.text ?? '' };
        }
        break;
      }
      case 'conditional_expression': {
        // `body if test else orelse`: named children in that order.
        const [body, test, orelse] = p.node!.namedChildren;
        const isChild = (n: SyntaxNode | undefined) => n !== undefined && n.startIndex === child.start && n.endIndex === child.end;
        if (isChild(body) && test) return { kind: 'condition', condition: test.text };
        if (isChild(orelse) && test) return { kind: 'condition', condition: `not (${test.text})` };
        break;
      }
    }
  }
  return undefined;
}

interface Scope {
  /** The def, lambda or class. */
  fn: PathFrame;
  /** Its body, on the path. */
  body: PathFrame;
}

/**
 * The defs and lambdas whose body holds the access `frames[at]`, innermost first. Decorators and
 * parameter defaults are outside the body: they run where the def statement runs.
 */
function enclosingFunctions(frames: readonly PathFrame[], at: number): Scope[] {
  const out: Scope[] = [];
  for (let k = at - 1; k >= 0; k--) {
    const p = frames[k]!;
    if ((p.type === 'function_definition' || p.type === 'lambda') && frames[k + 1]!.field === 'body') out.push({ fn: p, body: frames[k + 1]! });
  }
  return out;
}

/** The class bodies whose own scope holds the read: the classes met before the innermost function. */
function classScopes(frames: readonly PathFrame[], at: number): Scope[] {
  const out: Scope[] = [];
  for (let k = at - 1; k >= 0; k--) {
    const p = frames[k]!;
    if (p.type === 'function_definition' || p.type === 'lambda') break;
    if (p.type === 'class_definition' && frames[k + 1]!.field === 'body') out.push({ fn: p, body: frames[k + 1]! });
  }
  return out;
}

/** A def's name, read from its text (`def name(` / `async def name(`), or from the tree when that fails. */
function functionName(fn: PathFrame, text: string): string {
  if (fn.type === 'lambda') return '<lambda>';
  DEF_NAME.lastIndex = fn.start;
  return DEF_NAME.exec(text)?.[1] ?? fn.node?.childForFieldName('name')?.text ?? '<function>';
}
const DEF_NAME = /(?:async\s+)?def\s+([^\s(:]+)/y;

/**
 * Whether a function (or lambda, or class body) may bind `name` in its own scope: then its reads are of that local, not
 * of the module. Read from the text, erring towards "yes" (a skipped read is never a false finding).
 */
function bindsLocally(fn: PathFrame, body: PathFrame, name: string, text: string, cache: Map<string, boolean>): boolean {
  const key = `${fn.start}:${fn.type}:${name}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const binds = localBinding(name).test(text.slice(body.start, body.end)) ||
    (fn.node !== undefined && parameterNames(fn.node).includes(name));
  cache.set(key, binds);
  return binds;
}

const localBindings = new Map<string, RegExp>();

/** A binding of `name` in a body's text (an assignment, a loop or `with` target, an import, a def...). */
function localBinding(n: string): RegExp {
  let binding = localBindings.get(n);
  if (!binding) {
    if (localBindings.size > 1000) localBindings.clear();
    localBindings.set(n, (binding = new RegExp(`(?:^|[^\\w.])${n}\\s*(?:,[^=\\n]*)?(?:=(?!=)|:=|[-+*/%&|^@]=|:\\s*\\w)|\\bas\\s+${n}\\b|\\bfor\\b[^\\n]*?\\b${n}\\b[^\\n]*?\\bin\\b|\\bimport\\b[^\\n]*\\b${n}\\b|\\b(?:def|class|del|nonlocal)\\s+${n}\\b|\\bcase\\b[^\\n]*\\b${n}\\b`, 'm')));
  }
  return binding;
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

/**
 * Under `if hasattr(m, ...)` (or `hasattr(m, ...) and ...`), or in a `try` whose handlers catch
 * AttributeError. One per file: what it learns of each `try` is kept.
 */
class Guards {
  private readonly hasattr: boolean;
  private readonly tests = new Map<string, RegExp>();
  private readonly catching = new Map<number, boolean>();

  constructor(private readonly text: string) {
    this.hasattr = text.includes('hasattr');
  }

  /** Whether the access `frames[at]` on `name` is guarded. */
  guarded(frames: readonly PathFrame[], at: number, name: string): boolean {
    const test = this.hasattr ? this.hasattrTest(name) : undefined;
    for (let k = at - 1; k >= 0; k--) {
      const p = frames[k]!;
      switch (p.type) {
        case 'if_statement':
        case 'elif_clause':
        case 'while_statement':
          if (test?.test(p.node?.childForFieldName('condition')?.text ?? '')) return true;
          break;
        case 'conditional_expression':
        case 'boolean_operator':
          if (test?.test(this.text.slice(p.start, p.end))) return true;
          break;
        case 'try_statement':
          if (this.catchesAttributeError(p)) return true;
          break;
      }
    }
    return false;
  }

  private hasattrTest(name: string): RegExp {
    let test = this.tests.get(name);
    if (!test) this.tests.set(name, (test = new RegExp(`hasattr\\(\\s*${name}\\s*,`)));
    return test;
  }

  private catchesAttributeError(tryFrame: PathFrame): boolean {
    let catches = this.catching.get(tryFrame.start);
    if (catches === undefined) {
      catches = tryFrame.node!.namedChildren.some((c) => c.type === 'except_clause' && /^except\s*(?::|.*\b(?:AttributeError|Exception|BaseException)\b)/.test(c.text));
      this.catching.set(tryFrame.start, catches);
    }
    return catches;
  }
}
