import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { check } from './check.js';
import { explain } from './explain.js';

describe('explain', () => {
  const result = check({
    root: writeRepo({
      Procfile: 'web: uvicorn main:app\n',
      'main.py': 'from api import routes\n',
      'api/__init__.py': '',
      'api/routes.py': 'from models import User\n',
      'models/__init__.py': 'from models.user import User\n',
      'models/user.py': 'class User:\n    pass\n',
    }),
  });

  it('a name: where it is defined and re-exported, who imports it, and which services reach it', () => {
    expect(explain(result, 'User')).toBe(
      [
        'name User',
        '  defined in models.user (models/user.py:1)',
        '    imported at startup by uvicorn main:app: main → api.routes → models → models.user',
        '  bound in api.routes (api/routes.py:1) by `from models import User`',
        '  bound in models (models/__init__.py:1) by `from models.user import User`',
        '  imported by:',
        '    api/routes.py:1 from models',
        '    models/__init__.py:1 from models.user',
        '',
      ].join('\n'),
    );
  });

  it('a module: who imports it (submodules named in from-imports too) and the startup chain', () => {
    expect(explain(result, 'api.routes')).toBe(
      ['module api.routes (api/routes.py)', '  imported by:', '    main.py:1 (at import time)', '  imported at startup by uvicorn main:app: main → api.routes', ''].join('\n'),
    );
    expect(explain(result, 'nothing_here')).toBe('preflight knows no module or name `nothing_here` in this project\n');
  });

  it('a location: why each finding there is an error, when Python raises it, for which service, and the fix', () => {
    const broken = check({ root: writeRepo({ Procfile: 'web: uvicorn main:app\n', 'main.py': 'from models import Usr\n', 'models.py': 'class User:\n    pass\n' }) });
    expect(explain(broken, 'main.py:1')).toBe([
      'main.py:1:20: unresolved-name (error)',
      '  `Usr` is not defined in module `models`, nor anywhere else in the project',
      "  why an error: Python raises `ImportError: cannot import name 'Usr' from 'models'`",
      '  when: at startup of uvicorn main:app, which imports main when starting (main)',
      '  fix: did you mean `User` (defined in models)?',
      '  more: preflight rule unresolved-name',
      '',
    ].join('\n'));
    expect(explain(broken, 'models.py:1')).toBe('no finding at models.py:1: no import there\n');
  });

  it('a line without a finding: where each name resolves, or which module made preflight unsure', () => {
    const unsure = check({
      root: writeRepo({
        'main.py': 'from models import User\nfrom dyn import Anything\n',
        'models.py': 'class User:\n    pass\n',
        'dyn.py': 'globals().update(Anything=1)\n',
      }),
      cacheDir: false,
    });
    expect(explain(unsure, 'main.py:1')).toBe(
      'no finding at main.py:1: every import there resolves\n  `models` is models (models.py)\n  `User` is defined in models (models.py:1)\n',
    );
    expect(explain(unsure, 'main.py:2')).toBe(
      'no finding at main.py:2: not every import there could be checked\n  `dyn` is dyn (dyn.py)\n  `Anything` not checked: `dyn` writes its namespace dynamically\n',
    );
    const guarded = check({ root: writeRepo({ 'app.py': 'try:\n    from gone.x import y\nexcept ImportError:\n    y = None\n', 'gone/__init__.py': '' }), cacheDir: false });
    expect(explain(guarded, 'app.py:2')).toBe(
      'no finding at app.py:2: an import there does not resolve, and is not reported\n  `gone.x` does not resolve (guarded: try, see --show-guarded)\n',
    );
    expect(explain(unsure, 'nothere.py:3')).toContain('preflight analysed no file `nothere.py`');
  });

  it('a line of a parenthesised import: a name that fails on another of its lines is said to be reported there', () => {
    const multi = check({
      root: writeRepo({ 'app.py': 'from models import (\n    User,\n    Nope,\n)\n', 'models.py': 'class User:\n    pass\n' }),
      cacheDir: false,
    });
    expect(explain(multi, 'app.py:2')).toBe(
      'no finding at app.py:2: an import there does not resolve, reported where said below\n'
      + '  `models` is models (models.py)\n  `User` is defined in models (models.py:1)\n  `Nope` does not resolve: unresolved-name at app.py:3:5\n',
    );
    expect(explain(multi, 'app.py:3')).toContain('app.py:3:5: unresolved-name (error)');
    // The module that fails, reported on the first line, said on the others.
    const gone = check({ root: writeRepo({ 'app.py': 'from pkg.gone import (\n    A,\n)\n', 'pkg/__init__.py': '' }), cacheDir: false });
    expect(explain(gone, 'app.py:2')).toContain('`pkg.gone` does not resolve: unresolved-module at app.py:1:6');
  });
});
