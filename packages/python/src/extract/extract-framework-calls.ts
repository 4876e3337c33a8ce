/**
 * Calls that name code by string (`include("blog.urls")`, `Celery("app", include=[...])`,
 * `app.autodiscover_tasks([...])`, `app.conf.update(imports=[...])`, `os.environ.setdefault("DJANGO_SETTINGS_MODULE",
 * "config.settings")`), the assignments that do the same (`app.conf.include = [...]`, `os.environ[...] = ...`)
 * and Celery task definitions: what frameworks import at startup or dispatch by name.
 */
import type { CallString, FrameworkCall, TaskDefinition } from '@preflight/core';
import { loadQuery, statementsHolding, type SyntaxNode } from '../parse/parser.js';
import type { SourcePositions } from '../parse/source-positions.js';
import { isDottedPath, stringLiteral } from './python-syntax.js';

/** Cheap text gates: most files have none of these. */
const MAY_CALL = /\b(?:include|setdefault|autodiscover_tasks|Celery)\s*\(|environ\s*\[|\.conf\.(?:update|include|imports)\b/;
/** The same, for every hit: the query runs only on the statements holding one. */
const CALL_HITS = new RegExp(MAY_CALL.source, 'g');
const MAY_DEFINE_TASKS = /@\s*(?:[\w.]+\.)?(?:task|shared_task|periodic_task)\b/;

export function extractFrameworkCalls(root: SyntaxNode, text: string, positions: SourcePositions): FrameworkCall[] {
  if (!MAY_CALL.test(text)) return [];
  const calls: FrameworkCall[] = [];
  const query = loadQuery('framework-calls');
  for (const match of statementsHolding(root, text, CALL_HITS).flatMap((statement) => query.matches(statement))) {
    const node = match.captures.find((c) => c.name === 'call')?.node;
    const name = match.captures.find((c) => c.name === 'call.name')?.node.text;
    if (!node || !name) continue;
    const onConf = match.captures.some((c) => c.name === 'conf');
    const callee = onConf ? `conf.${name}` : name;
    const fn = enclosingFunction(node);
    const base = { callee, ...(fn ? { function: fn } : {}), span: positions.span(node.startIndex, node.endIndex) };
    const args = match.captures.find((c) => c.name === 'call.arguments')?.node;
    const assigned = match.captures.find((c) => c.name === 'conf.value')?.node;
    if (assigned) {
      // app.conf.imports = [...]: the value, as the only positional argument.
      const literal = literalStrings(assigned);
      const strings = (literal ?? []).map((s) => ({ index: 0, value: stringLiteral(s)!, span: positions.span(s.startIndex, s.endIndex) }));
      calls.push({ ...base, strings, computed: !literal, empty: false });
      continue;
    }
    if (!args) {
      // os.environ["KEY"] = "value": the key and the value, as setdefault's two arguments.
      const strings = ['environ.key', 'environ.value'].map((name, index) => {
        const s = match.captures.find((c) => c.name === name)!.node;
        return { index, value: stringLiteral(s) ?? '', span: positions.span(s.startIndex, s.endIndex) };
      });
      calls.push({ ...base, strings, computed: false, empty: false });
      continue;
    }
    const strings: CallString[] = [];
    const otherKeywords: Record<string, string> = {};
    let computed = false;
    let index = 0;
    for (const arg of args.namedChildren) {
      if (arg.type === 'comment') continue;
      const keyword = arg.type === 'keyword_argument' ? arg.childForFieldName('name')?.text : undefined;
      const value = keyword ? arg.childForFieldName('value') : arg;
      const position = keyword ? undefined : index++;
      const literal = value ? literalStrings(value) : undefined;
      if (!literal) {
        if (!keyword) computed = true;
        else if (value) otherKeywords[keyword] = value.text.length > 80 ? `${value.text.slice(0, 80)}...` : value.text;
        continue;
      }
      for (const s of literal) {
        const content = stringLiteral(s)!;
        strings.push({ ...(keyword ? { keyword } : { index: position }), value: content, span: positions.span(s.startIndex, s.endIndex) });
      }
    }
    calls.push({
      ...base, strings, computed, empty: args.namedChildren.every((c) => c.type === 'comment'),
      ...(Object.keys(otherKeywords).length > 0 ? { otherKeywords } : {}),
    });
  }
  return calls;
}

export function extractTasks(root: SyntaxNode, text: string, positions: SourcePositions): TaskDefinition[] {
  if (!MAY_DEFINE_TASKS.test(text)) return [];
  const tasks: TaskDefinition[] = [];
  for (const match of loadQuery('celery-tasks').matches(root)) {
    const decorator = match.captures.find((c) => c.name === 'task.decorator')?.node;
    const fn = match.captures.find((c) => c.name === 'task.function')?.node;
    if (!decorator || !fn || enclosingFunction(fn.parent!) || insideClass(fn.parent!)) continue;
    let call: SyntaxNode | null = decorator.parent;
    while (call && call.type !== 'call' && call.type !== 'decorator') call = call.parent;
    const nameArg = call?.type === 'call'
      ? call.childForFieldName('arguments')?.namedChildren.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'name')
      : undefined;
    const nameValue = nameArg?.childForFieldName('value');
    const name = nameValue ? stringLiteral(nameValue) : undefined;
    tasks.push({
      function: fn.text, ...(name !== undefined ? { name } : {}), ...(nameArg && name === undefined ? { computedName: true } : {}),
      span: positions.span(fn.startIndex, fn.endIndex),
    });
  }
  return tasks;
}

/** The string nodes of a literal string, or of a list/tuple of them; undefined when anything is computed. */
function literalStrings(node: SyntaxNode): SyntaxNode[] | undefined {
  if (node.type === 'string') return stringLiteral(node) !== undefined && isDottedPath(stringLiteral(node)!) ? [node] : stringLiteral(node) !== undefined ? [] : undefined;
  if (node.type !== 'list' && node.type !== 'tuple') return undefined;
  const out: SyntaxNode[] = [];
  for (const child of node.namedChildren) {
    if (child.type === 'comment') continue;
    const inner = literalStrings(child);
    if (!inner || child.type !== 'string') return undefined;
    out.push(...inner);
  }
  return out;
}

function enclosingFunction(node: SyntaxNode): string | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition') return p.childForFieldName('name')?.text;
  return undefined;
}

function insideClass(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'class_definition') return true;
  return false;
}
