/**
 * circular-import on attribute reads: `m.X` at module level while `m` is partially initialised. Each
 * package below starts its cycle from its `__init__`, so a crash is certain (an error); the shapes were
 * run in CPython 3.11 (fixtures/circular-imports holds the ones the real interpreter is run on).
 */
import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { check } from '../check.js';
import type { Target } from '../environment/target.js';

const findings = (files: Record<string, string>, target?: Target) =>
  check({ root: writeRepo(files), ...(target ? { target } : {}) }).report.findings
    .filter((f) => f.rule === 'circular-import')
    .map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.name}`);

/** `p` imports `p.a`, which imports `p.b` before binding NAME; `p.b` holds `reader`. */
const cycle = (reader: string, a = 'from . import b\nNAME = 1\n') => ({ 'p/__init__.py': 'from . import a\n', 'p/a.py': a, 'p/b.py': reader });

describe('circular-import: attribute reads on a partially initialised module', () => {
  it('through `import p.a as a`, `from p import a` and `from . import a`: the name not bound yet', () => {
    expect(findings(cycle('import p.a as a\nX = a.NAME\n'))).toEqual(['p/b.py:2:7 error NAME']);
    expect(findings(cycle('from p import a\nX = a.NAME\n'))).toEqual(['p/b.py:2:7 error NAME']);
    expect(findings(cycle('from . import a as alias\nX = alias.NAME\n'))).toEqual(['p/b.py:2:11 error NAME']);
  });

  it('at import time: a class body, a base class, a decorator, a default, a statement, a first iterable', () => {
    const reads = [
      'class C:\n    y = a.NAME', 'class D(a.NAME): pass', '@a.NAME\ndef f(): pass', 'def g(x=a.NAME): pass', 'print(a.NAME)', 'xs = [1 for _ in a.NAME]',
    ];
    for (const read of reads) expect(findings(cycle(`from . import a\n${read}\n`)), read).toHaveLength(1);
  });

  it('through `import p.a`: `p.a` is not an attribute of `p` until its import has finished, whatever it has bound', () => {
    const message = (files: Record<string, string>) => check({ root: writeRepo(files) }).report.findings.find((f) => f.rule === 'circular-import')?.message;
    // p is executing too (its __init__ started the cycle): "partially initialized module 'p'".
    expect(findings(cycle('import p.a\nX = p.a.NAME\n', 'NAME = 1\nfrom . import b\n'))).toEqual(['p/b.py:2:7 error a']);
    expect(message(cycle('import p.a\nX = p.a.NAME\n'))).toContain("AttributeError: partially initialized module 'p' has no attribute 'a'");
    // p finished (its __init__ is empty), p.q executing (its __init__ started the cycle): "cannot access
    // submodule" from 3.11 on (CPython's own test_absolute_circular_submodule).
    const nested = { 'p/__init__.py': '', 'p/q/__init__.py': 'import p.q.a\n', 'p/q/a.py': 'import p.q\nX = p.q.a\n' };
    expect(findings(nested)).toEqual(['p/q/a.py:2:7 error q']);
    expect(message(nested)).toContain("AttributeError: cannot access submodule 'q' of module 'p'");
    expect(check({ root: writeRepo(nested), target: { version: [3, 10], platform: 'linux' } }).report.findings[0]!.message).toContain("AttributeError: module 'p' has no attribute 'q'");
    // p.q finished, p.q.a executing: only when p.q.a is imported first (a warning).
    const order = { 'p/__init__.py': '', 'p/q/__init__.py': '', 'p/q/a.py': 'NAME = 1\nimport p.q.b\n', 'p/q/b.py': 'import p.q.a\nX = p.q.a.NAME\n' };
    expect(findings(order)).toEqual(['p/q/b.py:2:9 warning a']);
    expect(message(order)).toContain("AttributeError: cannot access submodule 'a' of module 'p.q'; crashes when `p.q.a` is imported first");
    // Assigning `p.a.NAME` reads `p.a` first.
    expect(findings(cycle('import p.a\np.a.NAME = 2\n'))).toEqual(['p/b.py:2:3 error a']);
  });

  it('in namespace packages too (a folder has nothing to run: bound on its parent once imported)', () => {
    const files = { 'ns/sub/__init__.py': 'import ns.sub.child\n', 'ns/sub/child.py': 'import ns.sub\nns.sub\n' };
    expect(findings(files)).toEqual(['ns/sub/child.py:2:4 error sub']);
  });

  it('silent when the name is bound, the module finished, or the read runs later', () => {
    // Bound before the import that closes the cycle (`import p.a as a` and `from` find the partial module).
    expect(findings(cycle('import p.a as a\nX = a.NAME\n', 'NAME = 1\nfrom . import b\n'))).toEqual([]);
    expect(findings(cycle('from . import a\nX = a.NAME\n', 'NAME = 1\nfrom . import b\n'))).toEqual([]);
    // The defining module runs to its end first: p imports b (which imports a), then reads.
    expect(findings({ 'p/__init__.py': 'from . import b\n', 'p/a.py': 'from . import b\nNAME = 1\n', 'p/b.py': 'import p.a\nfrom . import a\nX = a.NAME\nY = p.a.NAME\n' })).toEqual([]);
    // In function bodies and lambdas; in a generator's body; in a comprehension body that may never run.
    for (const read of ['def f():\n    return a.NAME', 'f = lambda: a.NAME', 'g = (a.NAME for _ in range(3))', 'xs = [a.NAME for _ in ()]']) {
      expect(findings(cycle(`from . import a\n${read}\n`)), read).toEqual([]);
    }
  });

  it('silent where the read may not run: TYPE_CHECKING, __main__, unknown tests, short circuits, except handlers, hasattr', () => {
    const reads = [
      'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    X = a.NAME',
      'if __name__ == "__main__":\n    print(a.NAME)',
      'import os\nif os.environ.get("X"):\n    X = a.NAME',
      'import sys\nif sys.version_info < (3, 0):\n    X = a.NAME',
      'X = None or a.NAME if False else 1',
      'import os\nX = os.environ.get("X") and a.NAME',
      'try:\n    import json\nexcept ImportError:\n    X = a.NAME',
      'try:\n    X = a.NAME\nexcept AttributeError:\n    X = None',
      'X = a.NAME if hasattr(a, "NAME") else None',
    ];
    for (const read of reads) expect(findings(cycle(`from . import a\n${read}\n`)), read).toEqual([]);
    // A platform or version test true on the target runs.
    expect(findings(cycle('from . import a\nimport sys\nif sys.version_info >= (3, 8):\n    X = a.NAME\n'))).toEqual(['p/b.py:4:11 error NAME']);
  });

  it('annotations are evaluated at definition time, except under `from __future__ import annotations` and from 3.14', () => {
    const annotated = 'def f(x: a.NAME) -> None:\n    pass\n';
    expect(findings(cycle(`from . import a\n${annotated}`))).toEqual(['p/b.py:2:12 error NAME']);
    expect(findings(cycle(`from __future__ import annotations\nfrom . import a\n${annotated}`))).toEqual([]);
    expect(findings(cycle(`from . import a\n${annotated}`), { version: [3, 14], platform: 'linux' })).toEqual([]);
  });

  it('not followed: a from-imported object that is not a module, a package binding the name itself, a module that can bind anything', () => {
    // `K.X`: K is a class (its own import is the crash), not followed as a module.
    expect(findings({ 'p/__init__.py': 'from . import a\n', 'p/a.py': 'from . import b\nclass K:\n    X = 1\n', 'p/b.py': 'from p import a\nfrom p.a import K\nY = K.X\n' }))
      .toEqual(['p/b.py:2:17 error K']);
    expect(findings({ ...cycle('import p.a\nX = p.a.NAME\n'), 'p/__init__.py': 'a = None\nfrom . import a\n' })).toEqual([]);
    expect(findings(cycle('from . import a\nX = a.NAME\n', 'def __getattr__(name):\n    return name\nfrom . import b\nNAME = 1\n'))).toEqual([]);
    // Read before the reader's own import: a NameError, not a circular import.
    expect(findings(cycle('X = a.NAME\nfrom . import a\n'))).toEqual([]);
  });
});
