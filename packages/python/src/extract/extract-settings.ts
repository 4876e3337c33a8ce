/**
 * Dotted-path strings in settings (`INSTALLED_APPS = ["app.apps.AppConfig"]`, `ROOT_URLCONF = "config.urls"`,
 * `LOGGING = {"handlers": {"h": {"class": "app.log.Handler"}}}`), with their positions and the dict keys
 * above them: frameworks import them, so they are imports too. Only literals are read (lists, tuples,
 * dicts, `+`, `+=`); anything computed is left out. Settings inside functions and classes are not settings.
 */
import type { SettingString } from '@preflight/core';
import { loadQuery, type SyntaxNode } from '../parse/parser.js';
import type { SourcePositions } from '../parse/source-positions.js';
import { isDottedPath, stringLiteral } from './python-syntax.js';

export function extractSettings(root: SyntaxNode, positions: SourcePositions): SettingString[] {
  const out: SettingString[] = [];
  for (const match of loadQuery('settings-strings').matches(root)) {
    const name = match.captures.find((c) => c.name === 'setting.name')?.node;
    const value = match.captures.find((c) => c.name === 'setting.value')?.node;
    if (!name || !value || insideDefinition(value)) continue;
    collect(value, [], (path, node, content) => out.push({ setting: name.text, path, value: content, span: positions.span(node.startIndex, node.endIndex) }));
  }
  return out;
}

type Sink = (path: string[], node: SyntaxNode, content: string) => void;

function collect(node: SyntaxNode, path: string[], sink: Sink): void {
  if (path.length > 6) return;
  switch (node.type) {
    case 'string': {
      const content = stringLiteral(node);
      if (content !== undefined && isDottedPath(content)) sink(path, node, content);
      return;
    }
    case 'list':
    case 'tuple':
    case 'set':
    case 'parenthesized_expression':
    case 'binary_operator':
      for (const child of node.namedChildren) collect(child, path, sink);
      return;
    case 'dictionary':
      for (const pair of node.namedChildren) {
        if (pair.type !== 'pair') continue;
        const key = pair.childForFieldName('key');
        const value = pair.childForFieldName('value');
        const keyText = key?.type === 'string' ? stringLiteral(key) : undefined;
        if (value && keyText !== undefined) collect(value, [...path, keyText], sink);
      }
  }
}

function insideDefinition(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'class_definition') return true;
  return false;
}
