/**
 * Dotted-path strings in module-level UPPER_CASE settings (`INSTALLED_APPS = ["app.apps.AppConfig"]`,
 * `ROOT_URLCONF = "config.urls"`), with their positions: frameworks import them at startup, so they are
 * imports too. Only plain string literals are read; anything computed is ignored.
 */
import type { SettingString } from '@preflight/core';
import { loadQuery, type SyntaxNode } from '../parse/parser.js';
import type { SourcePositions } from '../parse/source-positions.js';

export function extractSettings(root: SyntaxNode, positions: SourcePositions): SettingString[] {
  const out: SettingString[] = [];
  for (const match of loadQuery('settings-strings').matches(root)) {
    const name = match.captures.find((c) => c.name === 'setting.name')?.node;
    const value = match.captures.find((c) => c.name === 'setting.value')?.node;
    if (!name || !value || name.parent?.parent?.parent?.type !== 'module') continue;
    const strings = value.type === 'string' ? [value] : value.namedChildren.filter((c) => c.type === 'string');
    for (const s of strings) {
      if (s.namedChildren.some((c) => c.type === 'interpolation')) continue;
      const content = s.namedChildren.filter((c) => c.type === 'string_content').map((c) => c.text).join('');
      if (!/^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*$/.test(content)) continue;
      out.push({ setting: name.text, value: content, span: positions.span(s.startIndex, s.endIndex) });
    }
  }
  return out;
}
