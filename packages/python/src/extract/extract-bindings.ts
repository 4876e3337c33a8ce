/**
 * The names a module binds at module level, in statement order, and the facts that make its namespace
 * partly unknowable: star imports, `__all__`, a module-level `__getattr__`. Walks the module's statements
 * and the blocks of compound statements (if/try/for/while/with/match), never def or class bodies, except
 * for `global` declarations inside functions (they bind module names when the function runs).
 */
import type { Binding, BindingKind, DunderAll, StarImport } from '@preflight/core';
import { loadQuery, type SyntaxNode } from '../parse/parser.js';

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
  return collector.result();
}

const TYPE_CHECKING = /^(?:[A-Za-z_][\w.]*\.)?TYPE_CHECKING$/;

/** Children of a compound statement that hold statements executed in the module's scope. */
const BLOCK_FIELDS: Record<string, string[]> = {
  if_statement: ['consequence', 'alternative'],
  elif_clause: ['consequence'],
  else_clause: ['body'],
  for_statement: ['body', 'alternative'],
  while_statement: ['body', 'alternative'],
  with_statement: ['body'],
  try_statement: ['body'],
  except_clause: [],
  finally_clause: [],
  match_statement: ['body'],
};

class BindingCollector {
  private readonly bindings: Binding[] = [];
  private readonly starImports: StarImport[] = [];
  private dunderAllNames: string[] | null | undefined;
  private hasModuleGetattr = false;
  /** Inside an `if TYPE_CHECKING:` body: what is bound there does not exist at run time. */
  private typeCheckingDepth = 0;

  result(): ModuleBindings {
    return {
      // Global declarations and walrus targets are collected after the walk: restore statement order.
      bindings: this.bindings.sort((a, b) => a.line - b.line),
      starImports: this.starImports,
      ...(this.dunderAllNames !== undefined ? { dunderAll: { names: this.dunderAllNames } } : {}),
      hasModuleGetattr: this.hasModuleGetattr,
    };
  }

  statements(nodes: SyntaxNode[], conditional: boolean): void {
    for (const node of nodes) this.statement(node, conditional);
  }

  private add(name: string, kind: BindingKind, node: SyntaxNode, conditional: boolean, extra: Partial<Binding> = {}): void {
    const typeCheckingOnly = this.typeCheckingDepth > 0 ? { typeCheckingOnly: true } : {};
    this.bindings.push({ name, kind, line: node.startPosition.row + 1, conditional, ...extra, ...typeCheckingOnly });
  }

  private statement(node: SyntaxNode, conditional: boolean): void {
    switch (node.type) {
      case 'expression_statement':
        for (const child of node.namedChildren) this.expression(child, node, conditional);
        return;
      case 'function_definition': {
        const name = node.childForFieldName('name')?.text;
        if (name) {
          this.add(name, 'def', node, conditional);
          if (name === '__getattr__') this.hasModuleGetattr = true;
        }
        return;
      }
      case 'class_definition': {
        const name = node.childForFieldName('name')?.text;
        if (name) this.add(name, 'class', node, conditional);
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
          if (target.type === 'aliased_import') {
            const alias = target.childForFieldName('alias')?.text;
            const module = target.childForFieldName('name')?.text.replace(/\s/g, '');
            if (alias && module) this.add(alias, 'import', node, conditional, { module, level: 0 });
          } else {
            const module = target.text.replace(/\s/g, '');
            const first = module.split('.')[0]!;
            // `import a.b.c` binds `a`, which is the package `a`.
            if (first) this.add(first, 'import', node, conditional, { module: first, level: 0 });
          }
        }
        return;
      case 'import_from_statement':
      case 'future_import_statement':
        this.fromImport(node, conditional);
        return;
      case 'case_clause':
        for (const block of node.namedChildren) if (block.type === 'block') this.statements(block.namedChildren, true);
        return;
      case 'delete_statement':
        for (const target of node.namedChildren) this.targets(target, 'del', node, conditional);
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
    const typeChecking = node.type === 'if_statement' && TYPE_CHECKING.test(node.childForFieldName('condition')?.text.trim() ?? '');
    for (const child of node.namedChildren) {
      switch (child.type) {
        case 'block':
          if (typeChecking) this.typeCheckingDepth++;
          this.statements(child.namedChildren, true);
          if (typeChecking) this.typeCheckingDepth--;
          break;
        case 'elif_clause':
        case 'else_clause':
        case 'finally_clause':
        case 'except_clause':
        case 'except_group_clause':
          for (const block of child.namedChildren) if (block.type === 'block') this.statements(block.namedChildren, true);
          break;
      }
    }
  }

  private fromImport(node: SyntaxNode, conditional: boolean): void {
    const moduleNode = node.childForFieldName('module_name');
    let module = '__future__';
    let level = 0;
    if (moduleNode?.type === 'relative_import') {
      level = moduleNode.namedChildren.find((c) => c.type === 'import_prefix')?.text.length ?? 0;
      module = moduleNode.namedChildren.find((c) => c.type === 'dotted_name')?.text.replace(/\s/g, '') ?? '';
    } else if (moduleNode) {
      module = moduleNode.text.replace(/\s/g, '');
    }
    if (node.namedChildren.some((c) => c.type === 'wildcard_import')) {
      this.starImports.push({ module, level, line: node.startPosition.row + 1 });
      return;
    }
    for (const target of node.childrenForFieldName('name')) {
      const importedNode = target.type === 'aliased_import' ? target.childForFieldName('name') : target;
      const importedName = importedNode?.text.replace(/\s/g, '');
      const bound = target.type === 'aliased_import' ? target.childForFieldName('alias')?.text : importedName;
      if (importedName && bound) this.add(bound, 'from-import', node, conditional, { module, level, importedName });
    }
  }

  private expression(node: SyntaxNode, statement: SyntaxNode, conditional: boolean): void {
    if (node.type === 'assignment') {
      // `a = b = 1` nests: (assignment left: a right: (assignment left: b ...)). An annotation alone binds nothing.
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left && right) {
        this.targets(left, 'assignment', statement, conditional);
        if (left.type === 'identifier' && left.text === '__all__') this.dunderAllAssign(right);
      }
      if (right?.type === 'assignment') this.expression(right, statement, conditional);
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

  private dunderAllAssign(value: SyntaxNode): void {
    this.dunderAllNames = stringSequence(value);
  }

  private dunderAllExtend(value: SyntaxNode): void {
    if (this.dunderAllNames === null) return;
    const more = stringSequence(value);
    this.dunderAllNames = more === null || this.dunderAllNames === undefined ? null : [...this.dunderAllNames, ...more];
  }

  /** `__all__.append("x")`, `__all__.extend([...])`, `__all__.remove("x")`. */
  private dunderAllMethod(call: SyntaxNode): void {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'attribute' || fn.childForFieldName('object')?.text !== '__all__') return;
    if (this.dunderAllNames === null) return;
    const method = fn.childForFieldName('attribute')?.text;
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    const current = this.dunderAllNames ?? [];
    if (method === 'append' && args.length === 1) {
      const s = stringLiteral(args[0]!);
      this.dunderAllNames = s === null ? null : [...current, s];
    } else if (method === 'extend' && args.length === 1) {
      const more = stringSequence(args[0]!);
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

/** A list/tuple of string literals → its strings; `a + b` of such sequences too; anything else → null (unknown). */
function stringSequence(node: SyntaxNode): string[] | null {
  if (node.type === 'list' || node.type === 'tuple' || node.type === 'parenthesized_expression') {
    const out: string[] = [];
    for (const item of node.namedChildren) {
      if (item.type === 'comment') continue;
      const s = stringLiteral(item);
      if (s === null) return null;
      out.push(s);
    }
    return out;
  }
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '+') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const a = left ? stringSequence(left) : null;
    const b = right ? stringSequence(right) : null;
    return a && b ? [...a, ...b] : null;
  }
  return null;
}

function stringLiteral(node: SyntaxNode): string | null {
  if (node.type !== 'string') return null;
  if (node.namedChildren.some((c) => c.type === 'interpolation')) return null;
  const content = node.namedChildren.filter((c) => c.type === 'string_content').map((c) => c.text).join('');
  return /^[A-Za-z_]\w*$/u.test(content) ? content : null;
}
