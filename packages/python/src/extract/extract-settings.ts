/**
 * Dotted-path strings in settings (`INSTALLED_APPS = ["app.apps.AppConfig"]`, `ROOT_URLCONF = "config.urls"`,
 * `LOGGING = {"handlers": {"h": {"class": "app.log.Handler"}}}`), with their positions and the dict keys
 * above them: frameworks import them, so they are imports too. Only literals are read (lists, tuples,
 * dicts, `+`, `+=`); anything computed is left out, and the settings that have a computed part (or are
 * changed by a method call, `INSTALLED_APPS.append(name)`) are named, since their full value is not known.
 * Settings inside functions and classes are not settings.
 */
import type { SettingString } from '@preflight/core';
import { loadQuery, type SyntaxNode } from '../parse/parser.js';
import type { SourcePositions } from '../parse/source-positions.js';
import { isDottedPath, stringLiteral } from './python-syntax.js';

export function extractSettings(root: SyntaxNode, positions: SourcePositions): { strings: SettingString[]; computed: string[] } {
  const out: SettingString[] = [];
  const computed = new Set<string>();
  for (const match of loadQuery('settings-strings').matches(root)) {
    const mutated = match.captures.find((c) => c.name === 'setting.mutated')?.node;
    if (mutated) {
      if (!insideDefinition(mutated)) computed.add(mutated.text);
      continue;
    }
    const name = match.captures.find((c) => c.name === 'setting.name')?.node;
    const value = match.captures.find((c) => c.name === 'setting.value')?.node;
    if (!name || !value || insideDefinition(value)) continue;
    const condition = enclosingCondition(value);
    const sink: Sink = (path, node, content) => out.push({
      setting: name.text, path, value: content, span: positions.span(node.startIndex, node.endIndex), ...(condition ? { condition } : {}),
    });
    if (!collect(value, [], sink)) computed.add(name.text);
  }
  return { strings: out, computed: [...computed].sort() };
}

type Sink = (path: string[], node: SyntaxNode, content: string) => void;

/** Values that are literals whatever their content: what a setting holds besides dotted-path strings. */
const LITERAL = new Set(['integer', 'float', 'true', 'false', 'none', 'comment', 'unary_operator']);

/** Reads the literal strings of a value into `sink`; false when some part of it is computed (a name, a call, ...). */
function collect(node: SyntaxNode, path: string[], sink: Sink): boolean {
  if (path.length > 6) return false;
  switch (node.type) {
    case 'string': {
      const content = stringLiteral(node);
      if (content !== undefined && isDottedPath(content)) sink(path, node, content);
      return content !== undefined;
    }
    case 'concatenated_string':
      return node.namedChildren.every((c) => c.type === 'comment' || (c.type === 'string' && stringLiteral(c) !== undefined));
    case 'list':
    case 'tuple':
    case 'set':
    case 'parenthesized_expression':
    case 'binary_operator': {
      let literal = true;
      for (const child of node.namedChildren) if (!collect(child, path, sink)) literal = false;
      return literal;
    }
    case 'dictionary': {
      let literal = true;
      for (const pair of node.namedChildren) {
        if (pair.type === 'comment') continue;
        if (pair.type !== 'pair') {
          literal = false;
          continue;
        }
        const key = pair.childForFieldName('key');
        const value = pair.childForFieldName('value');
        const keyText = key?.type === 'string' ? stringLiteral(key) : undefined;
        if (value && keyText !== undefined) {
          if (!collect(value, [...path, keyText], sink)) literal = false;
        } else literal = false;
      }
      return literal;
    }
    default:
      return LITERAL.has(node.type);
  }
}

/**
 * The test a setting's assignment runs under (`if not DEBUG: MIDDLEWARE += [...]`): the framework reads the
 * value only when it holds. The innermost `if`, `elif` or `else`; `except` for a handler (runs on failure).
 */
function enclosingCondition(node: SyntaxNode): string | undefined {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    switch (p.type) {
      case 'if_statement':
      case 'elif_clause':
        if (p.childForFieldName('consequence')?.id === child.id) return p.childForFieldName('condition')?.text;
        break;
      case 'else_clause':
        if (p.parent?.type === 'if_statement') return `not (${p.parent.childForFieldName('condition')?.text ?? ''})`;
        break;
      case 'except_clause':
        return 'an exception was raised';
    }
  }
  return undefined;
}

function insideDefinition(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'class_definition') return true;
  return false;
}
