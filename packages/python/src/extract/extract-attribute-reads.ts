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
  const query = loadQuery('attribute-reads');
  for (const match of importTimeNodes(root).flatMap((node) => query.matches(node))) {
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

/** Outside every def body and lambda: runs when the module is imported (class bodies, decorators and defaults too). */
function atModuleLevel(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'lambda') return false;
    if (p.type === 'function_definition') {
      const body = p.childForFieldName('body');
      if (body && node.startIndex >= body.startIndex && node.endIndex <= body.endIndex) return false;
    }
  }
  return true;
}

/**
 * The parts of a module that run at import time, so the query never visits function bodies (most of a
 * file): statements, class bodies, and of each def its decorators and parameter defaults.
 */
function importTimeNodes(root: SyntaxNode): SyntaxNode[] {
  const nodes: SyntaxNode[] = [];
  const visit = (statements: SyntaxNode[]) => {
    for (const node of statements) {
      if (node.type === 'decorated_definition') {
        for (const child of node.namedChildren) if (child.type === 'decorator') nodes.push(child);
        const definition = node.childForFieldName('definition');
        if (definition) visit([definition]);
      } else if (node.type === 'function_definition') {
        const parameters = node.childForFieldName('parameters');
        if (parameters) nodes.push(parameters);
      } else if (node.type === 'class_definition') {
        const superclasses = node.childForFieldName('superclasses');
        if (superclasses) nodes.push(superclasses);
        visit(node.childForFieldName('body')?.namedChildren ?? []);
      } else if (['if_statement', 'try_statement', 'with_statement', 'for_statement', 'while_statement'].includes(node.type) && /def |class /.test(node.text)) {
        // Compound statements holding definitions: look inside them the same way.
        for (const child of node.namedChildren) {
          if (child.type === 'block') visit(child.namedChildren);
          else if (child.namedChildren.some((c) => c.type === 'block')) visit(child.namedChildren.flatMap((c) => (c.type === 'block' ? c.namedChildren : [c])));
          else nodes.push(child);
        }
      } else {
        nodes.push(node);
      }
    }
  };
  visit(root.namedChildren);
  return nodes;
}
