import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { check } from '../check.js';

const findings = (files: Record<string, string>) =>
  check({ root: writeRepo(files) }).report.findings.filter((f) => f.rule === 'unresolved-attribute').map((f) => `${f.line}:${f.column} ${f.name}`);

describe('unresolved-attribute', () => {
  const core = { 'core/__init__.py': '', 'core/database.py': 'AsyncSessionLocal = None\ndef get_db():\n    pass\n', 'core/cache.py': '' };

  it('module-level reads (assignments, decorators, defaults) of names the imported module lacks', () => {
    expect(findings({
      ...core,
      'app.py': 'import core.database as db\nimport core\n\nfactory = db.get_db_session\nok = db.get_db\nsub = core.cache\n\n@db.missing\ndef f(x=db.get_db):\n    return db.in_body\n\ndb.written = 1\n',
    })).toEqual(['4:14 get_db_session', '6:12 cache', '8:5 missing']);
  });

  it('a submodule read through its package works only when something imported it: a warning unless the importer or the package does', () => {
    const severities = (files: Record<string, string>) =>
      check({ root: writeRepo(files) }).report.findings.filter((f) => f.rule === 'unresolved-attribute').map((f) => `${f.severity} ${f.file}:${f.line} ${f.name}`);
    expect(severities({ ...core, 'app.py': 'import core\nsub = core.cache\n' })).toEqual(['warning app.py:2 cache']);
    expect(severities({ ...core, 'app.py': 'import core\nimport core.cache\nsub = core.cache\n' })).toEqual([]);
    expect(severities({ ...core, 'core/__init__.py': 'from . import cache\n', 'app.py': 'import core\nsub = core.cache\n' })).toEqual([]);
    expect(severities({ ...core, 'core/__init__.py': 'import core.cache\n', 'app.py': 'import core\nsub = core.cache\n' })).toEqual([]);
  });

  it('class bodies run at import time; method bodies do not', () => {
    expect(findings({ ...core, 'app.py': 'import core.database as db\n\nclass Repo:\n    factory = db.make_session\n\n    def get(self):\n        return db.in_method\n' })).toEqual(['4:18 make_session']);
  });

  it('names rebound in the module, conditional imports and dynamic modules are not followed', () => {
    expect(findings({
      ...core,
      'lazy.py': 'def __getattr__(name):\n    return name\n',
      'app.py': 'import core.database as db\ndb = None\ntry:\n    import lazy\nexcept ImportError:\n    lazy = None\nimport lazy as lz\nx = lz.anything\n',
    })).toEqual([]);
  });
});
