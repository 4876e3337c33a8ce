/**
 * Evaluates the conditions type checkers understand, as pyright does, against a target: comparisons of
 * `sys.version_info` (whole, `[:2]`, `[0]`, `.major`/`.minor`) with tuples or ints, `sys.platform` with
 * `==`, `!=`, `in`, `.startswith(...)`, `os.name`, `platform.system()`, combined with `and`, `or`, `not`
 * and parentheses. Anything else is unknown (undefined), never guessed.
 */
import type { Target } from './target.js';

type Value = number[] | number | string | string[] | boolean | undefined;

export function evaluateCondition(text: string, target: Target): boolean | undefined {
  const tokens = tokenize(text);
  if (!tokens) return undefined;
  const parser = new ConditionParser(tokens, target);
  const result = parser.orExpression();
  return parser.done() && typeof result === 'boolean' ? result : undefined;
}

const TOKEN = /\s*(?:(\d+)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_][\w]*)|(==|!=|>=|<=|<|>|\(|\)|\[|\]|,|:|\.))/y;

function tokenize(text: string): string[] | undefined {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let index = 0;
  while (index < text.length) {
    if (/^\s*$/.test(text.slice(index))) break;
    TOKEN.lastIndex = index;
    const m = TOKEN.exec(text);
    if (!m) return undefined;
    tokens.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
    index = TOKEN.lastIndex;
  }
  return tokens;
}

const OS_NAME = { linux: 'posix', darwin: 'posix', win32: 'nt' } as const;
const PLATFORM_SYSTEM = { linux: 'Linux', darwin: 'Darwin', win32: 'Windows' } as const;

class ConditionParser {
  private position = 0;

  constructor(
    private readonly tokens: string[],
    private readonly target: Target,
  ) {}

  done(): boolean {
    return this.position === this.tokens.length;
  }

  private peek(offset = 0): string | undefined {
    return this.tokens[this.position + offset];
  }

  private accept(token: string): boolean {
    if (this.peek() !== token) return false;
    this.position++;
    return true;
  }

  orExpression(): Value {
    let left = this.andExpression();
    while (this.accept('or')) {
      const right = this.andExpression();
      left = left === true || right === true ? true : left === false && right === false ? false : undefined;
    }
    return left;
  }

  private andExpression(): Value {
    let left = this.notExpression();
    while (this.accept('and')) {
      const right = this.notExpression();
      left = left === false || right === false ? false : left === true && right === true ? true : undefined;
    }
    return left;
  }

  private notExpression(): Value {
    if (this.accept('not')) {
      const value = this.notExpression();
      return typeof value === 'boolean' ? !value : undefined;
    }
    return this.comparison();
  }

  private comparison(): Value {
    const left = this.operand();
    const op = this.peek();
    if (op === 'in' || (op === 'not' && this.peek(1) === 'in')) {
      this.position += op === 'in' ? 1 : 2;
      const right = this.operand();
      if (typeof left !== 'string' || !Array.isArray(right)) return undefined;
      const inside = (right as unknown[]).includes(left);
      return op === 'in' ? inside : !inside;
    }
    if (op && ['==', '!=', '<', '<=', '>', '>='].includes(op)) {
      this.position++;
      return compare(left, op, this.operand());
    }
    return left;
  }

  private operand(): Value {
    const token = this.peek();
    if (token === undefined) return undefined;
    if (token === '(') {
      this.position++;
      if (this.accept(')')) return [];
      const first = this.orExpression();
      if (this.accept(')')) return first;
      const items: Value[] = [first];
      while (this.accept(',')) {
        if (this.peek() === ')') break;
        items.push(this.orExpression());
      }
      if (!this.accept(')')) return undefined;
      return tupleOf(items);
    }
    if (/^\d+$/.test(token)) {
      this.position++;
      return Number(token);
    }
    if (/^["']/.test(token)) {
      this.position++;
      return token.slice(1, -1);
    }
    if (token === 'True' || token === 'False') {
      this.position++;
      return token === 'True';
    }
    return this.name();
  }

  /** `sys.version_info[...]`, `sys.platform`, `os.name`, `platform.system()`, with `.startswith(...)`. */
  private name(): Value {
    const parts: string[] = [];
    do {
      const part = this.peek();
      if (!part || !/^[A-Za-z_]\w*$/.test(part)) return undefined;
      parts.push(part);
      this.position++;
    } while (this.accept('.'));
    const dotted = parts.join('.');
    // `import sys as _sys` style prefixes are not followed; `sys.` and `os.` are the supported spellings.
    let value: Value;
    if (dotted === 'sys.version_info') value = [...this.target.version];
    else if (dotted === 'sys.version_info.major') value = this.target.version[0];
    else if (dotted === 'sys.version_info.minor') value = this.target.version[1];
    else if (dotted === 'sys.platform') value = this.target.platform;
    else if (dotted === 'os.name') value = OS_NAME[this.target.platform];
    else if (dotted === 'sys.platform.startswith' || dotted === 'os.name.startswith') {
      const subject = dotted.startsWith('sys') ? this.target.platform : OS_NAME[this.target.platform];
      const arg = this.call();
      if (typeof arg === 'string') return subject.startsWith(arg);
      if (Array.isArray(arg)) return (arg as unknown[]).some((a) => typeof a === 'string' && subject.startsWith(a));
      return undefined;
    } else if (dotted === 'platform.system') {
      if (!this.accept('(') || !this.accept(')')) return undefined;
      return PLATFORM_SYSTEM[this.target.platform];
    } else return undefined;

    if (Array.isArray(value) && this.accept('[')) {
      // [0], [1], [:2], [:1]
      if (this.accept(':')) {
        const end = Number(this.peek());
        this.position++;
        if (!this.accept(']') || Number.isNaN(end)) return undefined;
        value = (value as number[]).slice(0, end);
      } else {
        const index = Number(this.peek());
        this.position++;
        if (!this.accept(']') || Number.isNaN(index)) return undefined;
        value = (value as number[])[index];
      }
    }
    return value;
  }

  private call(): Value {
    if (!this.accept('(')) return undefined;
    const arg = this.operand();
    return this.accept(')') ? arg : undefined;
  }
}

function tupleOf(items: Value[]): Value {
  if (items.every((i) => typeof i === 'number')) return items as number[];
  if (items.every((i) => typeof i === 'string')) return items as string[];
  return undefined;
}

function compare(left: Value, op: string, right: Value): boolean | undefined {
  if (left === undefined || right === undefined) return undefined;
  if (Array.isArray(left) && Array.isArray(right) && left.every((x) => typeof x === 'number') && right.every((x) => typeof x === 'number')) {
    // Tuple comparison, as Python does it: element by element, then by length.
    const a = left as number[];
    const b = right as number[];
    let c = 0;
    for (let i = 0; i < Math.min(a.length, b.length) && c === 0; i++) c = Math.sign(a[i]! - b[i]!);
    if (c === 0 && a.length < b.length) {
      // The target is (major, minor) of any micro: `>= (3, 11, 0)` holds on every 3.11, `>= (3, 11, 4)` is unknown.
      if (b.slice(a.length).every((x) => x === 0)) return op === '>=' ? true : op === '<' ? false : undefined;
      return undefined;
    }
    if (c === 0) c = Math.sign(a.length - b.length);
    return applyOrder(c, op);
  }
  if (typeof left === 'number' && typeof right === 'number') return applyOrder(Math.sign(left - right), op);
  if (typeof left === 'string' && typeof right === 'string') {
    if (op === '==') return left === right;
    if (op === '!=') return left !== right;
    return undefined;
  }
  return undefined;
}

function applyOrder(c: number, op: string): boolean | undefined {
  switch (op) {
    case '==': return c === 0;
    case '!=': return c !== 0;
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
    default: return undefined;
  }
}
