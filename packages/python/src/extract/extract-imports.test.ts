import { describe, expect, it } from 'vitest';
import { loadQuery, parsePython } from '../parse/parser.js';
import { scanStatements } from '../parse/statement-walk.js';
import { extractModuleFacts } from './module-facts.js';

const sites = (source: string) => extractModuleFacts(source).imports;
const one = (source: string) => {
  const all = sites(source);
  expect(all).toHaveLength(1);
  return all[0]!;
};

describe('import sites', () => {
  it('import a.b: the module, its span, module scope', () => {
    const site = one('import a.b\n');
    expect(site).toMatchObject({ kind: 'import', module: 'a.b', level: 0, star: false, scope: 'module' });
    expect(site.names).toEqual([{ name: 'a.b', span: { line: 1, column: 8, endLine: 1, endColumn: 11 } }]);
    expect(site.moduleSpan).toEqual({ line: 1, column: 8, endLine: 1, endColumn: 11 });
  });

  it('import a.b as c: the alias', () => {
    expect(one('import a.b as c\n').names[0]).toMatchObject({ name: 'a.b', alias: 'c' });
  });

  it('import a, b: one site per module', () => {
    expect(sites('import a, b.c\n').map((s) => s.module)).toEqual(['a', 'b.c']);
  });

  it('from m import x, y as z', () => {
    const site = one('from m import x, y as z\n');
    expect(site).toMatchObject({ kind: 'from', module: 'm', level: 0 });
    expect(site.names.map((n) => [n.name, n.alias])).toEqual([['x', undefined], ['y', 'z']]);
    expect(site.names[1]!.span).toEqual({ line: 1, column: 18, endLine: 1, endColumn: 19 });
  });

  it('from . import x / from ..pkg.mod import * : level and star', () => {
    expect(one('from . import x\n')).toMatchObject({ module: '', level: 1, star: false });
    expect(one('from ..pkg.mod import *\n')).toMatchObject({ module: 'pkg.mod', level: 2, star: true, names: [] });
  });

  it('parenthesised, multi-line names keep their own lines', () => {
    const site = one('from m import (\n    a,\n    b as c,\n)\n');
    expect(site.names.map((n) => n.span.line)).toEqual([2, 3]);
  });

  it('from __future__ import annotations is a future import', () => {
    expect(one('from __future__ import annotations\n')).toMatchObject({ future: true, module: '__future__' });
  });

  it('columns count code points, lines count \\r and \\r\\n', () => {
    const site = sites('x = "😀"; import os\r\ny = 1\rimport z\n');
    expect(site[0]!.moduleSpan).toMatchObject({ line: 1, column: 17 });
    expect(site[1]!.moduleSpan).toMatchObject({ line: 3, column: 8 });
  });
});

describe('scope', () => {
  it('module, class body, function body (with its name), lambda-free nesting', () => {
    const [m, c, f, method] = sites(
      'import a\nclass K:\n    import b\ndef run():\n    import c\nclass L:\n    def go(self):\n        import d\n',
    );
    expect(m).toMatchObject({ scope: 'module' });
    expect(c).toMatchObject({ scope: 'class' });
    expect(f).toMatchObject({ scope: 'function', function: 'run' });
    expect(method).toMatchObject({ scope: 'function', function: 'go' });
  });
});

describe('guards', () => {
  it.each([
    ['ImportError', 'try:\n    import a\nexcept ImportError:\n    a = None\n'],
    ['ModuleNotFoundError', 'try:\n    import a\nexcept (ValueError, ModuleNotFoundError):\n    pass\n'],
    ['Exception', 'try:\n    import a\nexcept Exception as e:\n    pass\n'],
    ['except', 'try:\n    import a\nexcept:\n    pass\n'],
  ])('try/except %s', (caught, source) => {
    expect(one(source).guard).toEqual({ kind: 'try', caught, tryLine: 1 });
  });

  it('a try that catches something else does not guard; its except and else branches are marked as alternatives', () => {
    expect(one('try:\n    import a\nexcept KeyError:\n    pass\n').guard).toBeUndefined();
    const [, inHandler, inElse] = sites('try:\n    import a\nexcept ImportError:\n    import b\nelse:\n    import c\n');
    expect(inHandler!.guard).toEqual({ kind: 'fallback', tryLine: 1 });
    expect(inElse!.guard).toEqual({ kind: 'try-else' });
  });

  it('a try around a def does not guard the imports inside it', () => {
    expect(one('try:\n    def f():\n        import a\nexcept ImportError:\n    pass\n').guard).toBeUndefined();
  });

  it('contextlib.suppress(ImportError)', () => {
    expect(one('with contextlib.suppress(ImportError):\n    import a\n').guard).toMatchObject({ kind: 'try' });
  });

  it('if TYPE_CHECKING / typing.TYPE_CHECKING / else of if not TYPE_CHECKING', () => {
    expect(one('if TYPE_CHECKING:\n    import a\n').guard).toEqual({ kind: 'type-checking' });
    expect(one('if typing.TYPE_CHECKING:\n    import a\n').guard).toEqual({ kind: 'type-checking' });
    // saleor writes it out.
    expect(one('if TYPE_CHECKING is True:\n    import a\n').guard).toEqual({ kind: 'type-checking' });
    expect(one('if not TYPE_CHECKING:\n    pass\nelse:\n    import a\n').guard).toEqual({ kind: 'type-checking' });
    expect(one('if TYPE_CHECKING:\n    pass\nelse:\n    import a\n').guard).toBeUndefined();
  });

  it('sys.platform, sys.version_info and os.name conditions are recorded, with else negated', () => {
    expect(one('if sys.platform == "win32":\n    import a\n').guard).toEqual({ kind: 'condition', condition: 'sys.platform == "win32"' });
    expect(one('if sys.version_info >= (3, 11):\n    pass\nelse:\n    import a\n').guard).toEqual({ kind: 'condition', condition: 'not (sys.version_info >= (3, 11))' });
    expect(one('if os.name == "nt":\n    import a\n').guard).toMatchObject({ kind: 'condition' });
    // Any other test is recorded too: preflight cannot tell whether it holds, so the import may not run.
    expect(one('if DEBUG:\n    import a\n').guard).toEqual({ kind: 'condition', condition: 'DEBUG' });
  });

  it('if __name__ == "__main__": runs only as a script', () => {
    expect(one('if __name__ == "__main__":\n    import a\n').guard).toEqual({ kind: 'main' });
    expect(one("if '__main__' == __name__:\n    import a\n").guard).toEqual({ kind: 'main' });
  });
});

describe('the statement walk', () => {
  it('finds exactly what grammars/python/imports.scm finds', () => {
    const source = [
      'import a', 'if x:', '    from b import c', 'try:', '    import d', 'except ImportError:', '    import e',
      'class K:', '    @dec', '    def m(self):', '        with ctx:', '            for i in y:', '                while z:',
      '                    match v:', '                        case 1:', '                            import f',
      'from __future__ import annotations', 'def g():', '    try:', '        pass', '    finally:', '        import h', '',
    ].join('\n');
    const root = parsePython(source).rootNode;
    const byQuery = loadQuery('imports').captures(root).map((c) => c.node.startIndex);
    expect(scanStatements(root, source).imports.map((n) => n.startIndex)).toEqual(byQuery);
    expect(byQuery).toHaveLength(7);
  });
});
