/**
 * Source text → ModuleFacts: the per-file phase of the pipeline. Depends on the text alone, so its
 * result can be cached by content hash. Never throws on bad source.
 */
import type { AttributeRead, AttributeWrite, ModuleFacts, Suppression } from '@preflight/core';
import { extractAppConfigs } from './extract-app-configs.js';
import { extractAttributeReads } from './extract-attribute-reads.js';
import { extractFrameworkCalls, extractTasks } from './extract-framework-calls.js';
import { extractSettings } from './extract-settings.js';
import { extractSuppressions } from './extract-suppressions.js';
import { joinBracketedLines } from '../parse/join-bracketed-lines.js';
import { loadQuery, parsePython, statementsHolding, type SyntaxNode } from '../parse/parser.js';
import { SourcePositions } from '../parse/source-positions.js';
import { scanStatements } from '../parse/statement-walk.js';
import { extractBindings } from './extract-bindings.js';
import { extractImports } from './extract-imports.js';
import { findSyntaxError } from './syntax-errors.js';

/**
 * Cheap text gate before a query: only statements mentioning these can match namespace-writes.scm
 * (but for writes through an alias of `globals()`, anywhere once an alias is bound).
 */
const NAMESPACE_WRITE = /globals\(\)|vars\(\)|locals\(\)|sys\.modules|sys\.meta_path|sys\.path_hooks|global_enum|\bexec\s*\(|__path__|declare_namespace/g;

function namespaceWrites(root: SyntaxNode, text: string): Pick<ModuleFacts, 'dynamicNamespace' | 'extendsPath' | 'registersModules'> {
  NAMESPACE_WRITE.lastIndex = 0;
  if (!NAMESPACE_WRITE.test(text)) return { dynamicNamespace: false };
  const query = loadQuery('namespace-writes');
  let captures = statementsHolding(root, text, NAMESPACE_WRITE).flatMap((statement) => query.captures(statement));
  // `g = globals()` binds an alias: what is written through it may be anywhere.
  if (captures.some((c) => c.name === 'alias')) captures = query.captures(root);
  const kinds = new Set<string>();
  const aliases = new Set<string>();
  const written = new Set<string>();
  for (const { name, node } of captures) {
    if (name === 'alias') aliases.add(node.text);
    else if (name === 'alias_write') written.add(node.text);
    else kinds.add(name);
  }
  const aliasWritten = [...aliases].some((a) => written.has(a));
  return {
    dynamicNamespace: kinds.has('dynamic') || aliasWritten,
    ...(kinds.has('path') ? { extendsPath: true as const } : {}),
    ...(kinds.has('modules') ? { registersModules: true as const } : {}),
  };
}

const LONE_CR = /\r(?!\n)/g;

/** Only modules that configure Django or Celery are read for settings. */
const SETTINGS_GATE = /^(?:INSTALLED_APPS|MIDDLEWARE|ROOT_URLCONF|LOGGING|TEMPLATES|REST_FRAMEWORK|AUTH_USER_MODEL|CELERY_\w+|beat_schedule)\s*(?:\+?=|:)|\.beat_schedule\s*=/m;

function settingsOf(root: SyntaxNode, text: string, positions: SourcePositions): Pick<ModuleFacts, 'settings' | 'computedSettings'> {
  if (!SETTINGS_GATE.test(text)) return {};
  const { strings, computed } = extractSettings(root, positions);
  return { ...(strings.length > 0 ? { settings: strings } : {}), ...(computed.length > 0 ? { computedSettings: computed } : {}) };
}

function frameworkOf(root: SyntaxNode, text: string, positions: SourcePositions): Pick<ModuleFacts, 'frameworkCalls' | 'tasks' | 'appConfig'> {
  const frameworkCalls = extractFrameworkCalls(root, text, positions);
  const tasks = extractTasks(root, text, positions);
  const appConfig = extractAppConfigs(root, text);
  return { ...(frameworkCalls.length > 0 ? { frameworkCalls } : {}), ...(tasks.length > 0 ? { tasks } : {}), ...(appConfig ? { appConfig } : {}) };
}

function suppressionsOf(root: SyntaxNode, text: string, positions: SourcePositions): { suppressions?: Suppression[] } {
  const suppressions = extractSuppressions(root, text, positions);
  return suppressions.length > 0 ? { suppressions } : {};
}

function attributeReadsOf(
  root: SyntaxNode, text: string, bindings: ModuleFacts['bindings'], positions: SourcePositions,
): { attributeReads?: AttributeRead[]; attributeWrites?: AttributeWrite[] } {
  const { reads, writes } = extractAttributeReads(root, text, bindings, positions);
  return { ...(reads.length > 0 ? { attributeReads: reads } : {}), ...(writes.length > 0 ? { attributeWrites: writes } : {}) };
}

export function extractModuleFacts(source: string): ModuleFacts {
  // A lone `\r` ends a line for Python (universal newlines), not for the grammar's scanner, which read a
  // classic Mac file as one line: read as `\n`, the same length, so every offset stays true.
  const text = source.includes('\r') ? source.replace(LONE_CR, '\n') : source;
  let tree = parsePython(text);
  if (tree.rootNode.hasError) {
    // Lines inside brackets are one logical line for Python, whatever their indentation; the grammar's
    // scanner disagrees in rare cases. Same offsets, so every position stays true.
    const joined = parsePython(joinBracketedLines(text));
    if (!joined.rootNode.hasError) tree = joined;
  }
  const positions = new SourcePositions(text);
  const root = tree.rootNode;
  const { bindings, starImports, dunderAll, hasModuleGetattr } = extractBindings(root, text);
  const statements = scanStatements(root, text);
  const syntaxError = findSyntaxError(tree, positions, text, statements.indentation);
  return {
    imports: extractImports(statements.imports, positions),
    bindings,
    starImports,
    ...(dunderAll ? { dunderAll } : {}),
    hasModuleGetattr,
    ...namespaceWrites(root, text),
    ...settingsOf(root, text, positions),
    ...frameworkOf(root, text, positions),
    ...attributeReadsOf(root, text, bindings, positions),
    ...suppressionsOf(root, text, positions),
    ...(syntaxError ? { syntaxError } : {}),
  };
}
