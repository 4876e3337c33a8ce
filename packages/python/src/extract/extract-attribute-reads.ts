/**
 * Module-level reads of attributes on imported modules (`db.get_db_session` after `import core.database as
 * db`): they run at import time, so a missing attribute crashes the import. Only names the module binds
 * exactly once, by a module-level `import` statement, are considered (a name rebound anywhere is skipped),
 * and only reads outside def bodies and outside assignment targets.
 */
import type { AttributeRead, Binding } from '@preflight/core';
import { loadQuery, type SyntaxNode } from '../parse/parser.js';
import type { SourcePositions } from '../parse/source-positions.js';

export function extractAttributeReads(root: SyntaxNode, text: string, bindings: readonly Binding[], positions: SourcePositions): AttributeRead[] {
  const counts = new Map<string, number>();
  for (const b of bindings) counts.set(b.name, (counts.get(b.name) ?? 0) + 1);
  const aliases = new Map<string, string>();
  for (const b of bindings) {
    if (b.kind === 'import' && counts.get(b.name) === 1 && !b.conditional && b.module && text.includes(`${b.name}.`)) aliases.set(b.name, b.module);
  }
  if (aliases.size === 0) return [];
  const reads: AttributeRead[] = [];
  for (const match of loadQuery('attribute-reads').matches(root)) {
    const object = match.captures.find((c) => c.name === 'read.object')?.node;
    const attribute = match.captures.find((c) => c.name === 'read.attribute')?.node;
    if (!object || !attribute) continue;
    const module = aliases.get(object.text);
    if (!module || !atModuleLevel(object)) continue;
    // `m.x = 1` writes the attribute: not a read.
    const attr = object.parent!;
    if (attr.parent?.type === 'assignment' && attr.parent.childForFieldName('left')?.id === attr.id) continue;
    reads.push({ name: object.text, module, attribute: attribute.text, span: positions.span(attribute.startIndex, attribute.endIndex) });
  }
  return reads;
}

/** Outside every def, lambda and class body: runs when the module is imported. Decorators and default values count too. */
function atModuleLevel(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'lambda') return false;
    if ((p.type === 'function_definition' || p.type === 'class_definition') && p.childForFieldName('body')?.startIndex !== undefined) {
      const body = p.childForFieldName('body')!;
      if (node.startIndex >= body.startIndex && node.endIndex <= body.endIndex) return false;
    }
  }
  return true;
}
