/**
 * What decides a Django app's label, read from a module that mentions `AppConfig` (an app's `apps.py`,
 * or a module `INSTALLED_APPS` names a config class of): its module-level classes with their bases and
 * the class attributes Django reads (`name`, `label`, `default`), and `default_app_config`.
 */
import type { AppConfigFacts, ClassDefinition } from '@preflight/core';
import { loadQuery, type SyntaxNode } from '../parse/parser.js';
import { stringLiteral } from './python-syntax.js';

/** Cheap text gate: a module that names neither defines no AppConfig and no default_app_config. */
const MAY_CONFIGURE_APPS = /\bAppConfig\b|\bdefault_app_config\b/;
const ATTRIBUTES = new Set<string>(['name', 'label', 'default']);

export function extractAppConfigs(root: SyntaxNode, text: string): AppConfigFacts | undefined {
  if (!MAY_CONFIGURE_APPS.test(text)) return undefined;
  const classes: ClassDefinition[] = [];
  let defaultAppConfig: string | null | undefined;
  for (const match of loadQuery('app-configs').matches(root)) {
    const dac = match.captures.find((c) => c.name === 'dac.value')?.node;
    if (dac) {
      defaultAppConfig = stringLiteral(dac) ?? null;
      continue;
    }
    const node = match.captures.find((c) => c.name === 'class')?.node;
    const name = node?.childForFieldName('name')?.text;
    if (!node || !name) continue;
    const bases = (node.childForFieldName('superclasses')?.namedChildren ?? [])
      .filter((b) => b.type !== 'keyword_argument' && b.type !== 'comment')
      .map((b) => b.text);
    classes.push({ name, bases, attributes: classAttributes(node.childForFieldName('body')), line: node.startPosition.row + 1 });
  }
  if (classes.length === 0 && defaultAppConfig === undefined) return undefined;
  return { classes, ...(defaultAppConfig !== undefined ? { defaultAppConfig } : {}) };
}

/** `name = "..."`, `label = "..."`, `default = True` directly in the class body; null when assigned anything else. */
function classAttributes(body: SyntaxNode | null): ClassDefinition['attributes'] {
  const attributes: ClassDefinition['attributes'] = {};
  for (const statement of body?.namedChildren ?? []) {
    const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'identifier' || !ATTRIBUTES.has(left.text)) continue;
    attributes[left.text as 'name' | 'label' | 'default'] = !right ? null : right.type === 'true' ? true : right.type === 'false' ? false : stringLiteral(right) ?? null;
  }
  return attributes;
}
