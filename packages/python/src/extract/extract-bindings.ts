/**
 * The names a module binds at module level, in statement order, and the facts that make its namespace
 * partly unknowable: star imports, `__all__`, a module-level `__getattr__`. Walks the module's statements
 * and the blocks of compound statements (if/try/for/while/with/match), never def or class bodies, except
 * for `global` declarations inside functions (they bind module names when the function runs).
 */
import type { Binding, BindingKind, DunderAll, StarImport } from '@preflight/core';
import { loadQuery, type SyntaxNode } from '../parse/parser.js';
import { readAliased, readModuleName, RUNTIME_CONDITION, TYPE_CHECKING } from './python-syntax.js';

export interface ModuleBindings {
  bindings: Binding[];
  starImports: StarImport[];
  dunderAll?: DunderAll;
  hasModuleGetattr: boolean;
}

export function extractBindings(root: SyntaxNode, text: string): ModuleBindings {
  const collector = new BindingCollector();
  collector.statements(root.namedChildren, false);
  // Text gates: the whole-tree searches below can only match files that contain these tokens.
  if (/\bglobal[ \t]+\w/.test(text)) collector.globalDeclarations(root);
  if (text.includes(':=')) collector.walrusTargets(root);
  // `__all__` used anywhere the walk did not read it (changed inside a function, passed to a helper):
  // its final value is unknowable.
  // The text count is an upper bound (docstrings say `__all__` too): the tree counts only when it exceeds.
  const mentions = (text.match(/\b__all__\b/g) ?? []).length;
  if (collector.dunderAllUnread(mentions)) {
    const captures = loadQuery('dunder-all-uses').captures(root);
    const reads = captures.filter((c) => c.name === 'read').length;
    collector.checkDunderAllUses(captures.length - 2 * reads);
  }
  return collector.result();
}

class BindingCollector {
  private readonly bindings: Binding[] = [];
  private readonly starImports: StarImport[] = [];
  private dunderAllNames: string[] | null | undefined;
  private readonly dunderAllListed = new Set<string>();
  /** How many `__all__` mentions the recognised forms accounted for. */
  private dunderAllUses = 0;
  private hasModuleGetattr = false;
  /** Inside an `if TYPE_CHECKING:` body: what is bound there does not exist at run time. */
  private typeCheckingDepth = 0;
  /** Platform and version conditions of the enclosing branches, outermost first. */
  private readonly conditions: string[] = [];

  result(): ModuleBindings {
    return {
      // Global declarations and walrus targets are collected after the walk: restore statement order.
      bindings: this.bindings.sort((a, b) => a.line - b.line),
      starImports: this.starImports,
      ...(this.dunderAllNames !== undefined ? { dunderAll: { names: this.dunderAllNames, listed: [...this.dunderAllListed] } } : {}),
      hasModuleGetattr: this.hasModuleGetattr,
    };
  }

  dunderAllUnread(mentions: number): boolean {
    return mentions > this.dunderAllUses && this.dunderAllNames !== undefined;
  }

  checkDunderAllUses(mentions: number): void {
    if (this.dunderAllUnread(mentions)) this.dunderAllNames = null;
  }

  statements(nodes: SyntaxNode[], conditional: boolean): void {
    for (const node of nodes) this.statement(node, conditional);
  }

  private add(name: string, kind: BindingKind, node: SyntaxNode, conditional: boolean, extra: Partial<Binding> = {}): void {
    // PEP 562: a module `__getattr__`, however it is bound (def, import, assignment), answers any name.
    if (name === '__getattr__' && kind !== 'del') this.hasModuleGetattr = true;
    const typeCheckingOnly = this.typeCheckingDepth > 0 ? { typeCheckingOnly: true } : {};
    const condition = this.conditions.length > 0 ? { condition: this.conditions.join(' and ') } : {};
    this.bindings.push({ name, kind, line: node.startPosition.row + 1, conditional, ...extra, ...typeCheckingOnly, ...condition });
  }

  private statement(node: SyntaxNode, conditional: boolean): void {
    switch (node.type) {
      case 'expression_statement':
        for (const child of node.namedChildren) this.expression(child, node, conditional);
        return;
      case 'function_definition':
      case 'class_definition': {
        const name = node.childForFieldName('name')?.text;
        if (name) this.add(name, node.type === 'class_definition' ? 'class' : 'def', node, conditional);
        return;
      }
      case 'decorated_definition': {
        const definition = node.childForFieldName('definition');
        if (definition) this.statement(definition, conditional);
        return;
      }
      case 'type_alias_statement': {
        const name = node.namedChildren[0]?.namedChildren[0] ?? node.namedChildren[0];
        if (name?.type === 'identifier') this.add(name.text, 'assignment', node, conditional);
        return;
      }
      case 'import_statement':
        for (const target of node.childrenForFieldName('name')) {
          const { dotted, alias } = readAliased(target);
          if (!dotted) continue;
          // `import a.b.c` binds `a`, the package; `import a.b as c` binds `c`, the module a.b.
          if (alias) this.add(alias, 'import', node, conditional, { module: dotted, level: 0 });
          else this.add(dotted.split('.')[0]!, 'import', node, conditional, { module: dotted.split('.')[0]!, level: 0 });
        }
        return;
      case 'import_from_statement':
      case 'future_import_statement':
        this.fromImport(node, conditional);
        return;
      case 'delete_statement':
        for (const target of node.namedChildren) this.targets(target, 'del', node, conditional);
        return;
      case 'case_clause':
        for (const child of node.namedChildren) {
          if (child.type === 'case_pattern') this.patternCaptures(child, node);
          if (child.type === 'block') this.statements(child.namedChildren, true);
        }
        return;
      case 'if_statement':
      case 'for_statement':
      case 'while_statement':
      case 'with_statement':
      case 'try_statement':
      case 'match_statement':
        this.compound(node);
        return;
      default:
        return;
    }
  }

  /** Statements in a compound statement's blocks run only on some paths: their bindings are conditional. */
  private compound(node: SyntaxNode): void {
    if (node.type === 'for_statement') {
      const left = node.childForFieldName('left');
      if (left) this.targets(left, 'target', node, true);
    }
    if (node.type === 'with_statement') {
      const items = node.namedChildren.find((c) => c.type === 'with_clause');
      for (const pattern of items?.descendantsOfType('as_pattern_target') ?? []) this.targets(pattern.namedChildren[0] ?? pattern, 'target', node, true);
    }
    const test = node.type === 'if_statement' ? node.childForFieldName('condition')?.text.trim() ?? '' : '';
    const typeChecking = TYPE_CHECKING.test(test);
    // Platform/version tests seen so far in this if/elif chain: later branches run when they are false.
    const earlier: string[] = [];
    const runtimeTest = (text: string) => (RUNTIME_CONDITION.test(text) ? text : undefined);
    const inBranch = (condition: string | undefined, body: () => void) => {
      const parts = [...earlier.map((c) => `not (${c})`), ...(condition ? [`(${condition})`] : [])];
      this.conditions.push(...parts);
      body();
      this.conditions.length -= parts.length;
    };
    if (node.type === 'if_statement') {
      for (const child of node.namedChildren) {
        if (child.type === 'block') {
          if (typeChecking) this.typeCheckingDepth++;
          inBranch(runtimeTest(test), () => this.statements(child.namedChildren, true));
          if (typeChecking) this.typeCheckingDepth--;
          const first = runtimeTest(test);
          if (first) earlier.push(first);
        } else if (child.type === 'elif_clause') {
          const elifTest = runtimeTest(child.childForFieldName('condition')?.text.trim() ?? '');
          const block = child.namedChildren.find((c) => c.type === 'block');
          if (block) inBranch(elifTest, () => this.statements(block.namedChildren, true));
          if (elifTest) earlier.push(elifTest);
        } else if (child.type === 'else_clause') {
          const block = child.namedChildren.find((c) => c.type === 'block');
          if (block) inBranch(undefined, () => this.statements(block.namedChildren, true));
        }
      }
      return;
    }
    for (const child of node.namedChildren) {
      switch (child.type) {
        case 'block':
          this.statements(child.namedChildren, true);
          break;
        case 'else_clause':
        case 'finally_clause':
        case 'except_clause':
        case 'except_group_clause':
          for (const block of child.namedChildren) if (block.type === 'block') this.statements(block.namedChildren, true);
          break;
      }
    }
  }

  /** `case [first, *rest]:`, `case {"k": v}:`, `case Point(x=px) as p:` bind their capture names. */
  private patternCaptures(pattern: SyntaxNode, clause: SyntaxNode): void {
    for (const id of pattern.descendantsOfType('identifier')) {
      // Class names and dotted value patterns (`Color.RED`) are read, not bound: skip dotted parts.
      if (id.parent?.type === 'dotted_name' && id.parent.namedChildren.length > 1) continue;
      if (id.parent?.type === 'class_pattern' || id.parent?.parent?.type === 'class_pattern' && id.parent.type === 'dotted_name') continue;
      if (id.text !== '_') this.add(id.text, 'target', clause, true);
    }
  }

  private fromImport(node: SyntaxNode, conditional: boolean): void {
    const moduleNode = node.childForFieldName('module_name');
    const { module, level } = moduleNode ? readModuleName(moduleNode) : { module: '__future__', level: 0 };
    if (node.namedChildren.some((c) => c.type === 'wildcard_import')) {
      this.starImports.push({ module, level, line: node.startPosition.row + 1 });
      return;
    }
    for (const target of node.childrenForFieldName('name')) {
      const { dotted, alias } = readAliased(target);
      if (dotted) this.add(alias ?? dotted, 'from-import', node, conditional, { module, level, importedName: dotted });
    }
  }

  private expression(node: SyntaxNode, statement: SyntaxNode, conditional: boolean): void {
    if (node.type === 'assignment') {
      // `a = b = 1` nests to the right: (assignment left: a right: (assignment left: b ...)). Walked as a
      // loop, not recursively, so thousands of chained targets cannot exhaust the stack.
      const lefts: SyntaxNode[] = [];
      let value: SyntaxNode | null = node;
      while (value?.type === 'assignment') {
        const left = value.childForFieldName('left');
        value = value.childForFieldName('right');
        if (left && value) lefts.push(left); // an annotation alone binds nothing
      }
      for (const left of lefts) {
        this.targets(left, 'assignment', statement, conditional);
        if (left.type === 'identifier' && left.text === '__all__' && value) this.dunderAllAssign(value, conditional);
      }
    } else if (node.type === 'augmented_assignment') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type === 'identifier') {
        this.add(left.text, 'assignment', statement, conditional);
        if (left.text === '__all__' && right) this.dunderAllExtend(right);
      }
    } else if (node.type === 'call') {
      this.dunderAllMethod(node);
    }
  }

  /** Assignment targets: names, tuples and lists of targets, starred targets; attributes and subscripts bind nothing. */
  private targets(node: SyntaxNode, kind: BindingKind, statement: SyntaxNode, conditional: boolean): void {
    switch (node.type) {
      case 'identifier':
        this.add(node.text, kind, statement, conditional);
        return;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'expression_list':
      case 'list_splat_pattern':
      case 'list_splat':
      case 'parenthesized_expression':
        for (const child of node.namedChildren) this.targets(child, kind, statement, conditional);
        return;
      default:
        return;
    }
  }

  /** `__all__ = [...]`; in a branch, the names of every branch count (either may run). */
  private dunderAllAssign(value: SyntaxNode, conditional: boolean): void {
    this.dunderAllUses++;
    const names = stringSequence(value, this.dunderAllListed);
    const previous = this.dunderAllNames;
    this.dunderAllNames = conditional && previous !== undefined ? (previous === null || names === null ? null : [...previous, ...names]) : names;
  }

  private dunderAllExtend(value: SyntaxNode): void {
    this.dunderAllUses++;
    if (this.dunderAllNames === null) return;
    const more = stringSequence(value, this.dunderAllListed);
    this.dunderAllNames = more === null || this.dunderAllNames === undefined ? null : [...this.dunderAllNames, ...more];
  }

  /** `__all__.append("x")`, `__all__.extend([...])`, `__all__.remove("x")`. */
  private dunderAllMethod(call: SyntaxNode): void {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'attribute' || fn.childForFieldName('object')?.text !== '__all__') return;
    this.dunderAllUses++;
    if (this.dunderAllNames === null) return;
    const method = fn.childForFieldName('attribute')?.text;
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    const current = this.dunderAllNames ?? [];
    if (method === 'append' && args.length === 1) {
      const s = stringLiteral(args[0]!);
      if (s !== null) this.dunderAllListed.add(s);
      this.dunderAllNames = s === null ? null : [...current, s];
    } else if (method === 'extend' && args.length === 1) {
      const more = stringSequence(args[0]!, this.dunderAllListed);
      this.dunderAllNames = more === null ? null : [...current, ...more];
    } else if (method === 'remove' && args.length === 1) {
      const s = stringLiteral(args[0]!);
      this.dunderAllNames = s === null ? null : current.filter((n) => n !== s);
    } else if (method !== 'index' && method !== 'count' && method !== 'copy') {
      this.dunderAllNames = null;
    }
  }

  /** `global x` inside a function binds the module name `x` when that function runs. */
  globalDeclarations(root: SyntaxNode): void {
    for (const node of root.descendantsOfType('global_statement')) {
      if (!node.parent || node.parent.type === 'module') continue;
      for (const name of node.namedChildren) if (name.type === 'identifier') this.add(name.text, 'global', node, true);
    }
  }

  /** `(x := value)` at module level, including inside comprehensions, binds `x` in the module. */
  walrusTargets(root: SyntaxNode): void {
    for (const { node } of loadQuery('walrus').captures(root)) {
      let inModule = true;
      for (let p = node.parent; p; p = p.parent) {
        if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'class_definition') {
          inModule = false;
          break;
        }
      }
      if (inModule) this.add(node.text, 'assignment', node, true);
    }
  }
}

/** A list/tuple of string literals → its strings; `a + b + ...` of such sequences too; anything else → null (unknown). */
function stringSequence(node: SyntaxNode, listed?: Set<string>): string[] | null {
  // Flatten a left-nested `+` chain iteratively (a long chain must not exhaust the stack).
  const parts: SyntaxNode[] = [];
  let current: SyntaxNode | null = node;
  while (current?.type === 'binary_operator' && current.childForFieldName('operator')?.text === '+') {
    const right = current.childForFieldName('right');
    if (!right) return null;
    parts.push(right);
    current = current.childForFieldName('left');
  }
  if (!current) return null;
  parts.push(current);
  const out: string[] = [];
  for (const part of parts.reverse()) {
    if (part.type !== 'list' && part.type !== 'tuple' && part.type !== 'parenthesized_expression' && part.type !== 'expression_list') return null;
    for (const item of part.namedChildren) {
      if (item.type === 'comment') continue;
      const s = stringLiteral(item);
      if (s === null) return null;
      out.push(s);
      listed?.add(s);
    }
  }
  return out;
}

function stringLiteral(node: SyntaxNode): string | null {
  if (node.type !== 'string') return null;
  if (node.namedChildren.some((c) => c.type === 'interpolation')) return null;
  const content = node.namedChildren.filter((c) => c.type === 'string_content').map((c) => c.text).join('');
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(content) ? content : null;
}
