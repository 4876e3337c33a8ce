/**
 * A deliberately small reader of Python source text for the breakage harness: the statements that start
 * at column 0 (so run unconditionally at import time), the imports and definitions among them. It
 * shares no code with preflight's extractor, so the harness does not inherit its blind spots.
 */

export interface Statement {
  /** Offset of the first character and one past the last (the newline excluded). */
  start: number;
  end: number;
  /** 1-based line of the first and the last character. */
  line: number;
  endLine: number;
  text: string;
}

export interface ImportedName {
  name: string;
  alias?: string;
}

export type ImportStatement =
  | { kind: 'from'; statement: Statement; level: number; module: string; names: ImportedName[] }
  | { kind: 'import'; statement: Statement; modules: ImportedName[] };

/** The statements starting at column 0, string literals and brackets followed across lines. */
export function topLevelStatements(text: string): Statement[] {
  const statements: Statement[] = [];
  let i = 0;
  let line = 1;
  let depth = 0;
  let start = -1;
  let startLine = 0;
  let continued = false;
  let atLineStart = true;
  const close = (end: number, endLine: number) => {
    if (start >= 0) statements.push({ start, end, line: startLine, endLine, text: text.slice(start, end) });
    start = -1;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (atLineStart) {
      atLineStart = false;
      if (depth === 0 && !continued && c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r' && c !== '#') {
        start = i;
        startLine = line;
      }
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      i += quote.length;
      while (i < text.length && !text.startsWith(quote, i)) {
        if (text[i] === '\\') i++;
        else if (text[i] === '\n') {
          if (!triple) break;
          line++;
        }
        i++;
      }
      i += quote.length;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === '\n') {
      continued = text[i - 1] === '\\' || (text[i - 1] === '\r' && text[i - 2] === '\\');
      if (depth === 0 && !continued) close(text[i - 1] === '\r' ? i - 1 : i, line);
      line++;
      atLineStart = true;
    }
    i++;
  }
  if (depth === 0) close(text.length, line);
  return statements;
}

const FROM = /^from\s+(\.*)\s*([\w.]*)\s+import\s+([\s\S]*)$/;
const IMPORT = /^import\s+([\s\S]*)$/;

function parseNames(list: string): ImportedName[] | undefined {
  const bare = list.replace(/\\\r?\n/g, ' ').replace(/#[^\n]*/g, '').replace(/^\s*\(|\)\s*$/g, '').trim();
  if (bare === '*') return [{ name: '*' }];
  if (bare.includes(';')) return undefined;
  const names: ImportedName[] = [];
  for (const part of bare.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([\w.]+)(?:\s+as\s+(\w+))?$/.exec(part);
    if (!m) return undefined;
    names.push(m[2] ? { name: m[1]!, alias: m[2] } : { name: m[1]! });
  }
  return names.length > 0 ? names : undefined;
}

export function parseImport(statement: Statement): ImportStatement | undefined {
  const from = FROM.exec(statement.text);
  if (from) {
    const names = parseNames(from[3]!);
    return names ? { kind: 'from', statement, level: from[1]!.length, module: from[2]!, names } : undefined;
  }
  const plain = IMPORT.exec(statement.text);
  if (plain) {
    const modules = parseNames(plain[1]!);
    return modules ? { kind: 'import', statement, modules } : undefined;
  }
  return undefined;
}

/** Names a column-0 statement defines by `class`, `def` or a plain assignment (`X = ...`, `X: T = ...`). */
export function definedName(statement: Statement): string | undefined {
  const m = /^(?:async\s+def|def|class)\s+(\w+)/.exec(statement.text) ?? /^(\w+)\s*(?::[^=\n]+)?=(?!=)/.exec(statement.text);
  return m?.[1];
}

export interface PythonText {
  statements: Statement[];
  imports: ImportStatement[];
  /** Each name a column-0 class/def/assignment defines, with how many times. */
  definitions: Map<string, number>;
  /** Defines a module `__getattr__`, star-imports, or touches its own namespace: names may come from anywhere. */
  open: boolean;
}

export function readPythonText(text: string): PythonText {
  const statements = topLevelStatements(text);
  const imports: ImportStatement[] = [];
  const definitions = new Map<string, number>();
  for (const statement of statements) {
    const parsed = parseImport(statement);
    if (parsed) imports.push(parsed);
    const name = definedName(statement);
    if (name) definitions.set(name, (definitions.get(name) ?? 0) + 1);
  }
  const open = /^def __getattr__|^from\s+\S+\s+import\s+\*|globals\(\)|sys\.modules|locals\(\)|\bexec\(/m.test(text);
  return { statements, imports, definitions, open };
}
