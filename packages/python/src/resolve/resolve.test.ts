/** Resolution against inline repositories, through the whole check() pipeline. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { check } from '../check.js';

function findingsOf(files: Record<string, string | Uint8Array>, options: { roots?: string[] } = {}) {
  const { report } = check({ root: writeRepo(files), ...options });
  return report.findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.name ?? f.module}`);
}

function rootsOf(files: Record<string, string>): string[] | undefined {
  return check({ root: writeRepo(files) }).report.summary.roots;
}

describe('source roots', () => {
  it('a folder whose own modules are imported absolutely from beneath it (the seeds backend/ layout)', () => {
    expect(rootsOf({ 'backend/models/__init__.py': '', 'backend/api/__init__.py': '', 'backend/api/x.py': 'from models import y\n' })).toEqual(['.', 'backend']);
  });

  it('src layouts and project files', () => {
    expect(rootsOf({ 'src/pkg/__init__.py': '', 'tools/manage.py': '' })).toEqual(['.', 'src', 'tools']);
  });

  it('a folder named like a third-party package it uses is no evidence (examples/django/ importing django)', () => {
    const files = { 'examples/django/settings.py': 'from django.conf import settings\n', 'examples/app/run.py': 'import django\n' };
    expect(rootsOf(files)).toEqual(['.']);
    expect(findingsOf(files)).toEqual([]);
  });

  it('configured roots replace the inference', () => {
    expect(check({ root: writeRepo({ 'a/m.py': '', 'b/n.py': 'import m\n' }), roots: ['a', 'b'] }).report.summary.roots).toEqual(['a', 'b']);
  });

  it('resolves absolute imports only through roots: a same-named file elsewhere does not shadow a third-party package', () => {
    expect(findingsOf({ 'app/__init__.py': '', 'app/core/__init__.py': '', 'app/core/jwt.py': 'X = 1\n', 'app/auth.py': 'from jwt import encode\n' })).toEqual([]);
  });
});

describe('placing files', () => {
  it('a script folder with relative imports is imported as a namespace package from a higher root', () => {
    const files = { 'scripts/helpers.py': 'X = 1\n', 'scripts/run.py': 'import helpers\nfrom . import helpers as h\nfrom .helpers import X\n' };
    expect(rootsOf(files)).toEqual(['.', 'scripts']);
    expect(findingsOf(files)).toEqual([]);
  });

  it('relative imports above the analysed folder are said once when that folder is itself a package', () => {
    const { report } = check({ root: writeRepo({ '__init__.py': '', 'tools/run.py': 'from ... import x\n' }) });
    expect(report.findings).toEqual([]);
    expect(report.notices).toEqual(['tools/run.py: its relative imports go above the analysed folder, which is itself a package; they are not checked (analyse the folder above it)']);
  });

  it('analysing a package folder directly: relative imports to its parent are said once, not reported', () => {
    const { report } = check({ root: writeRepo({ '__init__.py': 'a = 1\n', 'sub/__init__.py': '', 'sub/m.py': 'from .. import a\nfrom ... import above\n' }) });
    expect(report.findings).toEqual([]);
    expect(report.notices).toHaveLength(1);
  });

  it('otherwise they are errors: Python has no parent package to go to', () => {
    expect(findingsOf({ 'tool.py': 'from .. import x\n' })).toEqual(['tool.py:1 unresolved-module ..']);
  });

  it('inside a regular package, going above the top-level package is an error', () => {
    expect(findingsOf({ 'app/__init__.py': '', 'app/views.py': 'from ..outside import helper\n' })).toEqual(['app/views.py:1 unresolved-module ..outside']);
  });
});

describe('scan', () => {
  it('a nested build/ or dist/ package is analysed; only top-level build output is skipped', () => {
    expect(findingsOf({ 'pkg/__init__.py': '', 'pkg/build/__init__.py': '', 'pkg/build/tracker.py': 'X = 1\n', 'build/lib/pkg/x.py': 'x = (\n', 'main.py': 'from pkg.build.tracker import X\n' })).toEqual([]);
  });

  it("a nested project's modules do not shadow third-party packages for the rest of the repository", () => {
    const files = { 'pyproject.toml': '', 'src/app/__init__.py': '', 'src/app/main.py': 'from build import ProjectBuilder\n', 'tests/fixtures/proj/pyproject.toml': '', 'tests/fixtures/proj/build.py': 'X = 1\n', 'tests/fixtures/proj/run.py': 'from build import X\n' };
    expect(findingsOf(files)).toEqual([]);
  });
});

describe('what exists but is not analysed is unknown, never missing', () => {
  it('gitignored generated modules (setuptools_scm _version.py), excluded folders, symlinked folders', () => {
    const root = writeRepo({
      '.gitignore': '_version.py\n', 'pkg/__init__.py': 'from ._version import version\nfrom pkg.legacy.old import Thing\nfrom pkg.common.util import helper\n',
      'pkg/_version.py': 'version = "1"\n', 'pkg/legacy/old.py': 'x = (\n', 'shared/util.py': 'def helper(): pass\n',
    });
    fs.symlinkSync(path.join(root, 'shared'), path.join(root, 'pkg', 'common'));
    const { report } = check({ root, exclude: ['pkg/legacy/'] });
    expect(report.findings).toEqual([]);
    expect(report.notices).toEqual(['pkg/common/: symlinked folder not followed']);
  });
});

describe('stubs, file names, namespace portions', () => {
  it('a .pyi does not exist at run time: it neither hides a namespace folder nor makes a module of it', () => {
    expect(findingsOf({ 'foo.pyi': 'x: int\n', 'foo/bar.py': 'B = 1\n', 'main.py': 'from foo.bar import B\n' })).toEqual([]);
  });

  it('config.sample.py is not the module config', () => {
    expect(findingsOf({ 'config.py': 'SECRET = 1\n', 'config.sample.py': 'OTHER = 1\n', 'main.py': 'from config import SECRET\n' })).toEqual([]);
  });

  it('a namespace package under a namespace top level is open to installed portions', () => {
    expect(findingsOf({ 'google/cloud/myservice/api.py': '', 'main.py': 'from google.cloud import storage\nimport google.cloud.storage\n' })).toEqual([]);
  });

  it('a package that extends its __path__ may have submodules anywhere', () => {
    expect(findingsOf({ 'backports/__init__.py': 'from pkgutil import extend_path\n__path__ = extend_path(__path__, __name__)\n', 'main.py': 'import backports.thing\nfrom backports import other\n' })).toEqual([]);
  });

  it('a star import without __all__ exports the submodules the package imported', () => {
    expect(findingsOf({ 'pkg/__init__.py': 'from .sub import thing\n', 'pkg/sub.py': 'thing = 1\n', 'mid.py': 'from pkg import *\n', 'main.py': 'from mid import sub, thing\n' })).toEqual([]);
  });

  it('a re-export cycle through a module with __getattr__ is not a miss; the import order decides (circular-import)', () => {
    // Python: importing b first works (b's __getattr__ answers a); importing a first crashes in b.
    expect(findingsOf({ 'a.py': 'from b import X\n', 'b.py': 'def __getattr__(name):\n    return name\nfrom a import X\n' })).toEqual(['b.py:3 circular-import X']);
  });
});

describe('target version and platform', () => {
  const files = {
    'compat.py': 'import sys\nif sys.version_info >= (3, 12):\n    def new_api(): pass\nelse:\n    def old_api(): pass\nif sys.platform == "win32":\n    def win_only(): pass\n',
    'main.py': 'from compat import new_api\nfrom compat import old_api\nfrom compat import win_only\n',
  };
  const on = (version: [number, number], platform: 'linux' | 'win32') =>
    check({ root: writeRepo(files), target: { version, platform } }).report.findings.map((f) => `${f.line} ${f.name} ${f.message.includes('only when') ? 'only-when' : ''}`.trim());

  it('a binding under a version or platform condition exists only where the condition holds', () => {
    expect(on([3, 11], 'linux')).toEqual(['1 new_api only-when', '3 win_only only-when']);
    expect(on([3, 12], 'linux')).toEqual(['2 old_api only-when', '3 win_only only-when']);
    expect(on([3, 12], 'win32')).toEqual(['2 old_api only-when']);
  });

  it('the message names the condition and the target', () => {
    const [finding] = check({ root: writeRepo(files), target: { version: [3, 11], platform: 'linux' } }).report.findings;
    expect(finding!.message).toBe('`new_api` is bound in module `compat` only when `(sys.version_info >= (3, 12))`, which is false on Python 3.11 on linux');
  });
});

describe('configured roots', () => {
  it('files outside every configured root are named from the analysed folder', () => {
    const files = { 'src/app/__init__.py': 'A = 1\n', 'tests/__init__.py': '', 'tests/helpers.py': 'def h(): pass\n', 'tests/test_a.py': 'from .helpers import h\nfrom app import A\n' };
    expect(findingsOf(files, { roots: ['src'] })).toEqual([]);
  });

  it('a stdlib module that no configured root provides is still the standard library', () => {
    // A declared dependency file, so an undeclared third-party import would be a missing-dependency warning.
    const files = {
      'requirements.txt': 'requests\n',
      'app/__init__.py': '', 'app/main.py': 'import io\nimport tempfile\nimport email.mime.text\nfrom os import path\nimport requests\nimport yaml\n',
    };
    const expected = ['app/main.py:6 missing-dependency yaml'];
    expect(findingsOf(files)).toEqual(expected);
    expect(findingsOf(files, { roots: [''] })).toEqual(expected);
    // Still checked against the target version: `asyncio.taskgroups` is new in 3.11.
    const { report } = check({ root: writeRepo({ 'main.py': 'import asyncio.taskgroups\n' }), roots: [''], target: { version: [3, 10], platform: 'linux' } });
    expect(report.findings.map((f) => `${f.rule} ${f.module}`)).toEqual(['unresolved-module asyncio.taskgroups']);
  });

  it('a configured root in a hidden folder is said to be left out, and is used with includeHidden', () => {
    const root = writeRepo({ '.tools/src/helper.py': 'H = 1\n', 'main.py': 'from helper import H\n' });
    const hidden = check({ root, roots: ['', '.tools/src'] }).report;
    expect(hidden.notices).toContain('source root `.tools/src` is in a hidden folder, which is left out (--include-hidden, or include-hidden = true, analyses it)');
    const included = check({ root, roots: ['', '.tools/src'], includeHidden: true }).report;
    expect(included.notices).toEqual([]);
    expect(included.findings).toEqual([]);
  });

  it('a module of a configured root shadows the same-named pure-Python stdlib module, as on sys.path', () => {
    const files = { 'src/email/__init__.py': 'OURS = 1\n', 'src/app.py': 'from email import OURS\nfrom email import message_from_string\n' };
    expect(findingsOf(files, { roots: ['src'] })).toEqual(['src/app.py:2 unresolved-name message_from_string']);
  });
});

describe('modules', () => {
  it('every package on the way must exist, and a plain module has no submodules', () => {
    expect(findingsOf({ 'pkg/__init__.py': '', 'pkg/mod.py': '', 'main.py': 'import pkg.nope.deeper\nimport pkg.mod.sub\n' })).toEqual([
      'main.py:1 unresolved-module pkg.nope.deeper',
      'main.py:2 unresolved-module pkg.mod.sub',
    ]);
  });

  it('a regular package wins over a module of the same name; stubs and extension modules exist', () => {
    expect(findingsOf({
      'dual/__init__.py': 'FROM_PACKAGE = 1\n', 'dual.py': 'FROM_MODULE = 1\n',
      'typed.pyi': 'def f() -> int: ...\n', 'speedups.cpython-311-x86_64-linux-gnu.so': '',
      'main.py': 'from dual import FROM_PACKAGE\nfrom dual import FROM_MODULE\nimport typed\nfrom speedups import anything\n',
    })).toEqual(['main.py:2 unresolved-name FROM_MODULE']);
  });

  it('submodules of a module that writes sys.modules are unknown, not missing', () => {
    expect(findingsOf({ 'pkg/__init__.py': '', 'pkg/packages.py': 'import sys\nsys.modules["pkg.packages.urllib3"] = sys\n', 'main.py': 'import pkg.packages.urllib3\n' })).toEqual([]);
  });
});

describe('names', () => {
  it('a package __init__ importing its own submodule with `from . import x` is not a cycle', () => {
    expect(findingsOf({ 'pkg/__init__.py': 'from . import views\n', 'pkg/views.py': 'V = 1\n', 'main.py': 'from pkg import views\n' })).toEqual([]);
  });

  it('star-import cycles terminate and still export what is defined', () => {
    expect(findingsOf({ 'a.py': 'from b import *\nA = 1\n', 'b.py': 'from a import *\nB = 1\n', 'main.py': 'from a import A, B\nfrom a import C\n' })).toEqual([
      'main.py:2 unresolved-name C',
    ]);
  });

  it('a name deleted at module level is gone; one deleted only in a branch may remain', () => {
    expect(findingsOf({ 'm.py': 'x = 1\ndel x\ny = 1\nif FLAG:\n    del y\n', 'main.py': 'from m import x\nfrom m import y\n' })).toEqual(['main.py:1 unresolved-name x']);
  });

  it('a name listed in __all__ is not bound by it (__all__ shapes `import *` only)', () => {
    // celery/worker/__init__.py with its re-export dropped: `__all__ = ('WorkController',)` alone binds nothing.
    expect(findingsOf({ 'm.py': '__all__ = ["MAGIC"]\nfor n in __all__:\n    setup(n)\n', 'main.py': 'from m import MAGIC\n' })).toEqual(['main.py:1 unresolved-name MAGIC']);
    expect(findingsOf({ 'm.py': '__all__ = ["MAGIC"]\nglobals().update(MAGIC=1)\n', 'main.py': 'from m import MAGIC\n' })).toEqual([]);
  });

  it('a module that does not parse is reported once, not at its importers', () => {
    expect(findingsOf({ 'broken.py': 'x = (\n', 'main.py': 'from broken import x, y\n' })).toEqual(['broken.py:1 syntax-error broken']);
  });

  it('a cascade is reported once: importers of a broken re-export are clean', () => {
    expect(findingsOf({ 'p.py': 'from q import Gone\n', 'q.py': '', 'main.py': 'from p import Gone\n' })).toEqual(['p.py:1 unresolved-name Gone']);
  });

  it('a name bound only under if TYPE_CHECKING does not exist at run time', () => {
    const files = {
      'types_only.py': 'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from decimal import Decimal\nelse:\n    Other = 1\n',
      'main.py': 'from types_only import Decimal\nfrom types_only import Other\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from types_only import Decimal as D\n',
    };
    expect(findingsOf(files)).toEqual(['main.py:1 unresolved-name Decimal']);
    const [finding] = check({ root: writeRepo(files) }).report.findings;
    expect(finding!.message).toBe('`Decimal` is bound in module `types_only` only under `if TYPE_CHECKING:`, so it does not exist at run time');
  });

  it('module attributes every module has', () => {
    expect(findingsOf({ 'pkg/__init__.py': '', 'main.py': 'from pkg import __name__, __file__, __path__, __doc__\n' })).toEqual([]);
  });
});
