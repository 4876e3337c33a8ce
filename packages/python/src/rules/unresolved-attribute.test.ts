import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { check } from '../check.js';

const findings = (files: Record<string, string>) =>
  check({ root: writeRepo(files) }).report.findings.filter((f) => f.rule === 'unresolved-attribute').map((f) => `${f.line}:${f.column} ${f.name} ${f.impact?.when}`);

describe('unresolved-attribute', () => {
  const core = { 'core/__init__.py': '', 'core/database.py': 'AsyncSessionLocal = None\ndef get_db():\n    pass\n', 'core/cache.py': '' };

  it('module-level reads (assignments, decorators, defaults) of names the imported module lacks', () => {
    expect(findings({
      ...core,
      'app.py': 'import core.database as db\nimport core\n\nfactory = db.get_db_session\nok = db.get_db\nsub = core.cache\n\n@db.missing\ndef f(x=db.get_db):\n    return db.in_body\n\ndb.written = 1\n',
    })).toEqual(['4:14 get_db_session import', '6:12 cache import', '8:5 missing import', '10:15 in_body call']);
  });

  it('a submodule read through its package works only when something imported it: a warning unless the importer or the package does', () => {
    const severities = (files: Record<string, string>) =>
      check({ root: writeRepo(files) }).report.findings.filter((f) => f.rule === 'unresolved-attribute').map((f) => `${f.severity} ${f.file}:${f.line} ${f.name}`);
    expect(severities({ ...core, 'app.py': 'import core\nsub = core.cache\n' })).toEqual(['warning app.py:2 cache']);
    expect(severities({ ...core, 'app.py': 'import core\nimport core.cache\nsub = core.cache\n' })).toEqual([]);
    expect(severities({ ...core, 'core/__init__.py': 'from . import cache\n', 'app.py': 'import core\nsub = core.cache\n' })).toEqual([]);
    expect(severities({ ...core, 'core/__init__.py': 'import core.cache\n', 'app.py': 'import core\nsub = core.cache\n' })).toEqual([]);
  });

  it('annotations Python never evaluates, and the exception an except names, are not reads (proved with python3 on httpx)', () => {
    // Without postponed annotations: parameter, return and module/class variable annotations run; local ones never.
    expect(findings({
      ...core,
      'app.py': 'import core.database as db\n\ndef f(x: db.Nope1) -> db.Nope2:\n    y: db.Local = 1\n\nz: db.Nope3 = 1\ntry:\n    pass\nexcept db.NopeError:\n    pass\n',
    })).toEqual(['3:13 Nope1 import', '3:26 Nope2 import', '6:7 Nope3 import']);
    // `from __future__ import annotations`: none is evaluated.
    expect(findings({
      ...core,
      'app.py': 'from __future__ import annotations\nimport core.database as db\n\ndef f(x: db.Nope1) -> db.Nope2:\n    pass\n\nclass K:\n    a: db.Nope3\n',
    })).toEqual([]);
  });

  it('class bodies run at import time; method bodies when called', () => {
    expect(findings({ ...core, 'app.py': 'import core.database as db\n\nclass Repo:\n    factory = db.make_session\n\n    def get(self):\n        return db.in_method\n' })).toEqual(['4:18 make_session import', '7:19 in_method call']);
  });

  it('names rebound in the module, conditional imports and dynamic modules are not followed', () => {
    expect(findings({
      ...core,
      'lazy.py': 'def __getattr__(name):\n    return name\n',
      'app.py': 'import core.database as db\ndb = None\ntry:\n    import lazy\nexcept ImportError:\n    lazy = None\nimport lazy as lz\nx = lz.anything\n',
    })).toEqual([]);
  });

  it('in function bodies: not where a function binds the name itself, nor in strings and comments', () => {
    expect(findings({
      ...core,
      'app.py': [
        'import core.database as db',
        'def param(db):\n    return db.anything',
        'def typed(x: int, *, db: object = None, **kw):\n    return db.anything',
        'def assigned():\n    db = object()\n    return db.anything',
        'def loop(items):\n    for db in items:\n        print(db.anything)',
        'def outer():\n    db = 1\n    def inner():\n        return db.anything\n    return inner',
        'def doc():\n    "db.anything is documented"\n    # db.anything in a comment\n    return db.get_db',
        'def broken():\n    return db.get_db_sesion()',
        'handler = lambda: db.nope',
        'def probe():\n    if hasattr(db, "maybe"):\n        return db.maybe\n    try:\n        return db.other\n    except AttributeError:\n        return None',
      ].join('\n') + '\n',
    })).toEqual(['22:15 get_db_sesion call', '23:22 nope call']);
    const [finding] = check({ root: writeRepo({ ...core, 'app.py': 'import core.database as db\ndef broken():\n    return db.get_db_sesion()\n' }) }).report.findings;
    expect(finding!.message).toBe('module `core.database` (imported as `db`) has no attribute `get_db_sesion`: AttributeError when `broken()` runs');
  });

  it('`from pkg import mod` binds the submodule: its reads are checked at import time and in functions, unless pkg binds `mod` itself', () => {
    expect(findings({
      ...core,
      'core/__init__.py': 'from .conf import settings\n', 'core/conf.py': 'settings = object()\n', 'core/settings.py': 'DEBUG = 1\n',
      'app.py': 'from core import database, settings\nfrom core.database import get_db\n\nclass A:\n    s = database.get_db_sesion\n\ndef f():\n    return database.nope, settings.anything, get_db.__name__\n',
    })).toEqual(['5:18 get_db_sesion import', '8:21 nope call']);
  });

  it('down a dotted chain: each submodule the import loaded, then the name', () => {
    expect(findings({
      ...core, 'core/db/__init__.py': '', 'core/db/engine.py': 'def connect():\n    pass\n',
      'app.py': 'import core.db.engine\nfrom core import db\n\na = core.db.engine.conect\nb = core.db.engine.connect.__name__\nc = db.engine.nope\n\ndef f():\n    return core.db.enginee\n',
    })).toEqual(['4:20 conect import', '6:15 nope import', '9:20 enginee call']);
  });

  it('installed modules: `from pkg import sub` and chains through installed submodules', () => {
    const root = writeRepo({
      'site/lib2/__init__.py': 'from .objects import thing\n', 'site/lib2/objects.py': 'thing = object()\n',
      'site/lib2/sub/__init__.py': 'VALUE = 1\n', 'site/lib2/sub/leaf.py': 'def leaf():\n    pass\n',
      'app.py': 'from lib2 import sub, thing\nimport lib2.sub.leaf\n\na = sub.VALUEE\nb = lib2.sub.leaf.leaff\nc = thing.anything\nd = sub.VALUE\n',
    });
    const report = check({ root, sitePackages: ['site'], exclude: ['site'] }).report;
    expect(report.findings.filter((f) => f.rule === 'unresolved-attribute').map((f) => `${f.line}:${f.column} ${f.module}.${f.name}`)).toEqual([
      '4:9 lib2.sub.VALUEE', '5:19 lib2.sub.leaf.leaff',
    ]);
  });
});
