/**
 * Reads of attributes on imported modules (`db.get_db_session` after `import core.database as db`): at
 * module level they run at import time, in a function body when it runs. Only names the module binds
 * exactly once, by a module-level `import` statement, are considered (a name rebound anywhere is
 * skipped), never assignment targets, never under a `hasattr(name, ...)` test or a `try` that catches
 * AttributeError, and in a function only where no enclosing function binds the name itself (a parameter,
 * an assignment, a loop or `with` target, an import).
 *
 * Found by searching the text for `name.` and confirming each hit in the tree: much cheaper than a
 * query over every function body, and strings and comments are ruled out by the tree.
 */
import type { AttributeRead, Binding } from '@preflight/core';
import type { SyntaxNode } from '../parse/parser.js';
import type { SourcePositions } from '../parse/source-positions.js';

export function extractAttributeReads(root: SyntaxNode, text: string, bindings: readonly Binding[], positions: SourcePositions): AttributeRead[] {
  const counts = new Map<string, number>();
  for (const b of bindings) counts.set(b.name, (counts.get(b.name) ?? 0) + 1);
  const aliases = new Map<string, string>();
  for (const b of bindings) {
    if (b.kind === 'import' && counts.get(b.name) === 1 && !b.conditional && b.module && text.includes(`${b.name}.`)) aliases.set(b.name, b.module);
  }
  if (aliases.size === 0) return [];
  // `from __future__ import annotations` (PEP 563): no annotation of the module is evaluated.
  const postponed = /^from\s+__future__\s+import\s+[^\n]*\bannotations\b/m.test(text);
  const reads: AttributeRead[] = [];
  const shadowed = new Map<string, boolean>();
  const pattern = new RegExp(`(?<![\\w.])(${[...aliases.keys()].join('|')})\\s*\\.\\s*([A-Za-z_]\\w*)`, 'g');
  for (const match of text.matchAll(pattern)) {
    const name = match[1]!;
    const object = root.descendantForIndex(match.index, match.index + name.length);
    if (object.type !== 'identifier' || object.text !== name) continue;
    const access = object.parent;
    const attribute = access?.type === 'attribute' && access.childForFieldName('object')?.id === object.id ? access.childForFieldName('attribute') : null;
    if (!access || !attribute) continue;
    // `m.x = 1` writes the attribute: not a read.
    if (access.parent?.type === 'assignment' && access.parent.childForFieldName('left')?.id === access.id) continue;
    if (guarded(access, name)) continue;
    const functions = enclosingFunctions(object);
    if (neverEvaluated(access, functions.length > 0, postponed)) continue;
    if (functions.some((fn) => bindsLocally(fn, name, shadowed))) continue;
    const innermost = functions[0];
    const fnName = innermost ? (innermost.type === 'lambda' ? '<lambda>' : innermost.childForFieldName('name')?.text ?? '<function>') : undefined;
    reads.push({
      name, module: aliases.get(name)!, attribute: attribute.text, span: positions.span(attribute.startIndex, attribute.endIndex),
      ...(fnName ? { function: fnName } : {}),
    });
  }
  return reads;
}

/**
 * Code Python does not run as it reads it: an annotation when annotations are postponed, a local
 * variable's annotation (never evaluated, PEP 526), and the exception an `except` names (evaluated only
 * when an exception arrives there).
 */
function neverEvaluated(node: SyntaxNode, inFunction: boolean, postponed: boolean): boolean {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.type === 'type') {
      if (postponed) return true;
      const owner = p.parent;
      if (inFunction && owner?.type === 'assignment' && owner.childForFieldName('type')?.id === p.id) return true;
    }
    if (p.type === 'except_clause' && child.type !== 'block') return true;
  }
  return false;
}

/**
 * The defs and lambdas whose body holds the node, innermost first. Decorators and parameter defaults
 * are outside the body: they run where the def statement runs.
 */
function enclosingFunctions(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let p = node.parent; p; p = p.parent) {
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

/**
 * Whether a function (or lambda) may bind `name` in its own scope: then its reads are of that local, not
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
function guarded(node: SyntaxNode, name: string): boolean {
  const test = new RegExp(`hasattr\\(\\s*${name}\\s*,`);
  for (let p = node.parent; p; p = p.parent) {
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
