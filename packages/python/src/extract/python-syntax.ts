/**
 * Small readers shared by the extractors: dotted names, relative-import prefixes, and the conditions
 * whose meaning preflight knows (`TYPE_CHECKING`, `__name__ == "__main__"`, platform and version tests,
 * statically false tests).
 */
import type { SyntaxNode } from '../parse/parser.js';

/** `a . b` (spaces and line continuations are legal inside a dotted name) → `a.b`. */
export function dottedText(node: SyntaxNode): string {
  if (node.type === 'dotted_name') return node.namedChildren.filter((c) => c.type === 'identifier').map((c) => c.text).join('.');
  return node.type === 'identifier' ? node.text : '';
}

/** The `module_name` of a from-import: `..pkg.mod` → { module: 'pkg.mod', level: 2 } (`from . . import x` is level 2 too). */
export function readModuleName(node: SyntaxNode): { module: string; level: number } {
  if (node.type === 'relative_import') {
    const prefix = node.namedChildren.find((c) => c.type === 'import_prefix');
    const dotted = node.namedChildren.find((c) => c.type === 'dotted_name');
    return { module: dotted ? dottedText(dotted) : '', level: prefix ? prefix.text.replace(/[^.]/g, '').length : 0 };
  }
  return { module: dottedText(node), level: 0 };
}

/** `a.b as c` or `a.b` → the dotted name, the alias, and the node of the name itself. */
export function readAliased(node: SyntaxNode): { dotted: string; alias?: string; nameNode: SyntaxNode } {
  if (node.type === 'aliased_import') {
    const nameNode = node.childForFieldName('name') ?? node;
    const alias = node.childForFieldName('alias')?.text;
    return { dotted: dottedText(nameNode), nameNode, ...(alias ? { alias } : {}) };
  }
  return { dotted: dottedText(node), nameNode: node };
}

/** `TYPE_CHECKING`, `typing.TYPE_CHECKING`, and the spelled-out `TYPE_CHECKING is True` / `== True`. */
export const TYPE_CHECKING = /^(?:[A-Za-z_][\w.]*\.)?TYPE_CHECKING(?:\s+is\s+True|\s*==\s*True)?$/;
export const MAIN_BLOCK = /^__name__\s*==\s*(['"])__main__\1$|^(['"])__main__\2\s*==\s*__name__$/;
/** Tests that run only on some platforms or versions (evaluated once the target is known). */
export const RUNTIME_CONDITION =
  /\b(?:sys\s*\.\s*(?:platform|version_info|implementation|hexversion|maxsize)|os\s*\.\s*name|platform\s*\.\s*(?:system|python_implementation|machine)\s*\()/;
/** `if False:`, `if 0:`, `if None:`: the body never runs. */
export const STATICALLY_FALSE = /^(?:False|0|None|\(\s*\))$/;

/** A plain string literal's content (no f-string interpolation, no escapes read); else undefined. */
export function stringLiteral(node: SyntaxNode): string | undefined {
  if (node.type !== 'string' || node.namedChildren.some((c) => c.type === 'interpolation')) return undefined;
  return node.namedChildren.filter((c) => c.type === 'string_content').map((c) => c.text).join('');
}

/** `a.b.C`, or `a.b:C` (the entry-point form some settings use). */
export function isDottedPath(text: string): boolean {
  return /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?::[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)?$/.test(text);
}
