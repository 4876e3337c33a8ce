import { describe, expect, it } from 'vitest';
import { extractModuleFacts } from './module-facts.js';

const facts = (source: string) => extractModuleFacts(source);
const names = (source: string) => facts(source).bindings.map((b) => `${b.name}:${b.kind}${b.conditional ? '?' : ''}`);

describe('module-level bindings', () => {
  it('def, async def, class, decorated definitions', () => {
    expect(names('def f(): pass\nasync def g(): pass\nclass C: pass\n@d\ndef h(): pass\n')).toEqual(['f:def', 'g:def', 'C:class', 'h:def']);
  });

  it('a classic Mac file (lone \\r line ends) binds what Python binds, on the lines Python counts', () => {
    const source = 'import sys\r\rclass Task:\r    """Doc."""\r    def run(self):\r        return sys.argv\r\rContext = dict\r';
    expect(facts(source).bindings.map((b) => `${b.name}:${b.kind}@${b.line}`)).toEqual(['sys:import@1', 'Task:class@3', 'Context:assignment@8']);
  });

  it('assignments: plain, chained, tuple, list, starred, parenthesised', () => {
    expect(names('a = 1\nb = c = 2\nd, (e, [f, *g]) = x\n')).toEqual(['a:assignment', 'b:assignment', 'c:assignment', 'd:assignment', 'e:assignment', 'f:assignment', 'g:assignment']);
  });

  it('annotated assignment binds only with a value; augmented assignment binds', () => {
    expect(names('x: int\ny: int = 1\nz += 1\n')).toEqual(['y:assignment', 'z:assignment']);
  });

  it('attribute and subscript targets bind nothing', () => {
    expect(names('a.b = 1\nc[0] = 2\n')).toEqual([]);
  });

  it('imports: import a.b binds a, import a.b as c binds c, from m import x as y binds y', () => {
    const { bindings } = facts('import a.b\nimport a.b as c\nfrom m import x as y\nfrom . import z\n');
    expect(bindings).toEqual([
      { name: 'a', kind: 'import', line: 1, conditional: false, module: 'a', level: 0 },
      { name: 'c', kind: 'import', line: 2, conditional: false, module: 'a.b', level: 0 },
      { name: 'y', kind: 'from-import', line: 3, conditional: false, module: 'm', level: 0, importedName: 'x' },
      { name: 'z', kind: 'from-import', line: 4, conditional: false, module: '', level: 1, importedName: 'z' },
    ]);
  });

  it('for, with, walrus and match targets at module level; except-as names are unbound after the handler', () => {
    expect(names('for i, j in x: pass\nwith open(p) as fh: pass\nif (n := 1): pass\ntry:\n    pass\nexcept E as err:\n    pass\n')).toEqual([
      'i:target?', 'j:target?', 'fh:target?', 'n:assignment?',
    ]);
    expect(names('match v:\n    case 1:\n        inside = 1\n')).toEqual(['inside:assignment?']);
    expect(names('match v:\n    case [first, *rest]:\n        pass\n    case {"k": kval}:\n        pass\n')).toEqual(['first:target?', 'rest:target?', 'kval:target?']);
  });

  it('bindings in if/try/else branches are conditional; def and class bodies bind nothing at module level', () => {
    expect(names('if x:\n    a = 1\nelse:\n    b = 2\ntry:\n    c = 3\nexcept E:\n    d = 4\nfinally:\n    e = 5\ndef f():\n    inner = 1\nclass K:\n    attr = 1\n')).toEqual([
      'a:assignment?', 'b:assignment?', 'c:assignment?', 'd:assignment?', 'e:assignment?', 'f:def', 'K:class',
    ]);
  });

  it('global declarations inside functions bind module names; del unbinds', () => {
    expect(names('def f():\n    global G\n    G = 1\nx = 1\ndel x\n')).toEqual(['f:def', 'G:global?', 'x:assignment', 'x:del']);
  });

  it('type aliases (PEP 695)', () => {
    expect(names('type Point = tuple[int, int]\n')).toEqual(['Point:assignment']);
  });
});

describe('__all__, star imports, __getattr__, dynamic namespaces', () => {
  it('__all__ from lists, tuples, +=, append, extend, remove and list concatenation', () => {
    expect(facts('__all__ = ["a"]\n__all__ += ("b",)\n__all__.append("c")\n__all__.extend(["d", "e"])\n__all__.remove("e")\n').dunderAll?.names).toEqual(['a', 'b', 'c', 'd']);
    expect(facts('__all__ = ["a"] + ["b"] + ("c",)\n').dunderAll?.names).toEqual(['a', 'b', 'c']);
    // asyncio/base_events.py: a tuple without parentheses.
    expect(facts("__all__ = 'BaseEventLoop','Server',\n").dunderAll?.names).toEqual(['BaseEventLoop', 'Server']);
  });

  it('__all__ changed where the walk cannot follow (inside a function) is unknown, but its listed names are kept', () => {
    expect(facts('__all__ = ["a"]\ndef export(fn):\n    __all__.append(fn.__name__)\n    return fn\n').dunderAll).toEqual({ names: null, listed: ['a'] });
  });

  it('__all__ said in a docstring or iterated over is still read completely (django/forms/forms.py, httpx)', () => {
    expect(facts('__all__ = ("Form",)\ndef f():\n    """the field named \'__all__\'"""\n').dunderAll?.names).toEqual(['Form']);
    expect(facts('__all__ = ["a"]\nfor n in __all__:\n    print(n)\n[x for x in __all__]\n').dunderAll?.names).toEqual(['a']);
  });

  it('__all__ set in both branches of an if: either may run, so both count', () => {
    expect(facts('if X:\n    __all__ = ["a"]\nelse:\n    __all__ = ["b"]\n').dunderAll?.names).toEqual(['a', 'b']);
  });

  it('a computed __all__ is unknown (null), and no __all__ is absent', () => {
    expect(facts('__all__ = [n for n in dir() if n]\n').dunderAll?.names).toBeNull();
    expect(facts('__all__ = other.__all__ + ["x"]\n').dunderAll?.names).toBeNull();
    expect(facts('x = 1\n').dunderAll).toBeUndefined();
  });

  it('star imports are recorded with their level', () => {
    expect(facts('from .impl import *\nfrom os import *\n').starImports).toEqual([
      { module: 'impl', level: 1, line: 1 },
      { module: 'os', level: 0, line: 2 },
    ]);
  });

  it('module __getattr__, however it is bound', () => {
    expect(facts('def __getattr__(name):\n    raise AttributeError(name)\n').hasModuleGetattr).toBe(true);
    expect(facts('from ._lazy import __getattr__\n').hasModuleGetattr).toBe(true);
    expect(facts('__getattr__ = make_lazy(__name__)\n').hasModuleGetattr).toBe(true);
    expect(facts('class K:\n    def __getattr__(self, n): pass\n').hasModuleGetattr).toBe(false);
  });

  it.each([
    'globals()["x"] = 1\n',
    'globals().update(values)\n',
    'vars()[name] = 1\n',
    'setattr(sys.modules[__name__], "x", 1)\n',
    'exec("X = 1")\n',
    '_g = globals()\n_g["x"] = 1\n',
    'sys.modules["pkg.virtual"] = mod\n',
    '@enum.global_enum\nclass Flags(enum.IntFlag):\n    A = 1\n',
  ])('dynamic namespace: %s', (source) => {
    expect(facts(source).dynamicNamespace).toBe(true);
  });

  it('reading globals() is not a write', () => {
    expect(facts('print(globals()["x"])\nmods = sys.modules\n').dynamicNamespace).toBe(false);
    // httpx/__init__.py: an alias of locals() only read through.
    expect(facts('__locals = locals()\nfor __name in __all__:\n    setattr(__locals[__name], "__module__", "httpx")\n').dynamicNamespace).toBe(false);
    expect(facts('_g = globals()\ninstall(_g)\n').dynamicNamespace).toBe(true);
  });

  it('only sys.modules writes and import hooks register modules (make submodules unknowable)', () => {
    expect(facts('globals()["x"] = 1\n').registersModules).toBeUndefined();
    expect(facts('sys.modules["pkg.virtual"] = mod\n').registersModules).toBe(true);
    expect(facts('sys.modules[__name__] = Lazy(__name__)\n').registersModules).toBe(true);
    expect(facts('sys.meta_path.append(Finder())\n').registersModules).toBe(true);
  });
});

describe('syntax errors', () => {
  it.each([
    ['unclosed bracket', 'x = (1,\n     2\n\ndef f():\n    pass\n', 1, 5, "'(' was never closed"],
    ['Python 2 print', 'import os\nprint "hi"\n', 2, 1, "Missing parentheses in call to 'print'"],
    ['merge conflict marker', 'a = 1\n<<<<<<< HEAD\nb = 2\n=======\nb = 3\n>>>>>>> other\n', 2, 1, 'merge conflict marker'],
    ['a block that never starts', 'def f():\nreturn 1\n', 2, 1, 'IndentationError: expected an indented block'],
    ['an over-indented statement', 'def f():\n    a = 1\n      b = 2\n', 3, 7, 'IndentationError: unexpected indent'],
    ['an under-indented statement', 'class A:\n    def f(self):\n        pass\n  x = 1\n', 4, 3, 'IndentationError: unindent'],
  ])('%s: the first error position', (_what, source, line, column, message) => {
    const problem = facts(source).syntaxError;
    expect(problem?.span).toMatchObject({ line, column });
    expect(problem?.message).toContain(message);
  });

  it.each([
    ['a continuation line inside brackets dedented below its block', 'def f():\n    x = (1 +\n2)\n    return x\n'],
    ['print >> f, x (valid Python 3 syntax)', 'import sys\nprint >> sys.stderr, "m"\n'],
    ['a form feed before an indented line', 'def f():\n    a = 1\n\f    b = 2\n'],
    ['chained assignment of thousands of targets', `${Array.from({ length: 6000 }, (_, i) => `v${i}`).join(' = ')} = 1\n`],
  ])('no false syntax error: %s', (_what, source) => {
    expect(facts(source).syntaxError).toBeUndefined();
  });

  it('what parsed is still indexed', () => {
    const result = facts('import os\ndef ok(): pass\nx = (\n');
    expect(result.syntaxError).toBeDefined();
    expect(result.imports.map((s) => s.module)).toEqual(['os']);
    expect(result.bindings.map((b) => b.name)).toContain('ok');
  });

  it('valid modern syntax parses cleanly', () => {
    const modern = 'match x:\n    case [1, *rest]:\n        pass\ntype A = int\ndef f[T](x: T) -> T: return x\nprint(f"{x!r:>{width}}")\nasync def g():\n    async with a as b:\n        pass\n';
    expect(facts(modern).syntaxError).toBeUndefined();
  });
});
