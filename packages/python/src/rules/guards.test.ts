import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { check } from '../check.js';

const findings = (files: Record<string, string>) =>
  check({ root: writeRepo(files) }).report.findings.map((f) => `${f.severity} ${f.file}:${f.line} ${f.rule}`);

describe('guards decide severity (found as false positives on Debian dist-packages)', () => {
  it('a try whose handler names an exception class (socket.timeout, Model.DoesNotExist) does not guard an import', () => {
    const lib = { 'lib/__init__.py': '' };
    expect(findings({ ...lib, 'app.py': 'import socket\ntry:\n    from lib.gone import X\nexcept socket.timeout:\n    pass\n' })).toEqual(['error app.py:3 unresolved-module']);
    expect(findings({ ...lib, 'app.py': 'try:\n    from lib.gone import X\nexcept Widget.DoesNotExist:\n    pass\n' })).toEqual(['error app.py:2 unresolved-module']);
    // A tuple held in a variable may hold ImportError: guarded.
    expect(findings({ ...lib, 'app.py': 'try:\n    from lib.gone import X\nexcept OPTIONAL_ERRORS:\n    pass\n' })).toEqual([]);
  });

  it('an `except ImportError:` fallback runs only when the import it replaces fails', () => {
    const lib = { 'lib/__init__.py': '', 'lib/new.py': 'X = 1\n' };
    // The first choice resolves: the fallback is dead code here (click_repl's click._bashcomplete).
    expect(findings({ ...lib, 'app.py': 'try:\n    from lib.new import X\nexcept ImportError:\n    from lib.old import X\n' })).toEqual([]);
    // The first choice fails: the fallback runs, and fails.
    expect(findings({ ...lib, 'app.py': 'try:\n    from lib.gone import X\nexcept ImportError:\n    from lib.old import X\n' })).toEqual(['error app.py:4 unresolved-module']);
    // A try without an import to judge by: maybe.
    expect(findings({ ...lib, 'app.py': 'try:\n    X = compute()\nexcept ImportError:\n    from lib.old import X\n' })).toEqual(['warning app.py:4 unresolved-module']);
  });

  it('an import under a test preflight cannot evaluate may never run: a warning (rest_framework on django.VERSION)', () => {
    expect(findings({ 'lib.py': 'X = 1\n', 'app.py': 'import django\nif django.VERSION >= (4, 2):\n    from lib import Y\nelse:\n    from lib import X\n' })).toEqual([
      'warning app.py:3 unresolved-name',
    ]);
  });

  it('an import hook (sys.meta_path) serves names and submodules preflight cannot list (gi.repository)', () => {
    expect(findings({
      'gi/__init__.py': '', 'gi/importer.py': 'class DynamicImporter:\n    def __init__(self, path):\n        self.path = path\n',
      'gi/repository/__init__.py': 'import sys\nfrom ..importer import DynamicImporter\nsys.meta_path.append(DynamicImporter("gi.repository"))\n',
      'app.py': 'from gi.repository import GLib, Gtk\n',
    })).toEqual([]);
  });

  it('`pkg.__init__` is a module: the package file imported once more (yq)', () => {
    expect(findings({ 'yq/__init__.py': 'def cli():\n    pass\n', 'yq/__main__.py': 'from yq.__init__ import cli\nfrom .__init__ import cli as again\n' })).toEqual([]);
  });
});

describe('suppressions', () => {
  const lib = { 'lib.py': 'X = 1\n' };

  it('at the end of the line, or of the first line of a multi-line import; a list limits the rules', () => {
    expect(findings({ ...lib, 'app.py': 'from lib import Y  # preflight: ignore\nfrom lib import Z  # preflight: ignore[unresolved-name]\n' })).toEqual([]);
    expect(findings({ ...lib, 'app.py': 'from lib import (  # preflight: ignore[unresolved-name]\n    X,\n    Y,\n)\n' })).toEqual([]);
    expect(findings({ ...lib, 'app.py': 'from lib import Y  # preflight: ignore[unresolved-module]\n' })).toEqual([
      'error app.py:1 unresolved-name', 'warning app.py:1 unused-suppression',
    ]);
  });

  it('a suppression that suppresses nothing, or names an unknown rule, is an unused-suppression warning; one inside a string is not a comment', () => {
    const report = check({ root: writeRepo({ ...lib, 'app.py': 'from lib import X  # preflight: ignore\nimport os  # preflight: ignore[no-such-rule]\ntext = "# preflight: ignore"\n' }) }).report;
    expect(report.findings.map((f) => [f.rule, f.severity, f.line, f.column, f.message])).toEqual([
      ['unused-suppression', 'warning', 1, 20, '`# preflight: ignore` suppresses nothing on this line'],
      ['unused-suppression', 'warning', 2, 12, '`# preflight: ignore[no-such-rule]` names unknown rule `no-such-rule`'],
    ]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 2 });
  });

  it('a suppression on a guarded import is used, with or without --show-guarded; identical files keep their own suppressions', () => {
    expect(findings({ 'app.py': 'try:\n    import app_missing.x  # preflight: ignore\nexcept ImportError:\n    pass\n', 'app_missing/__init__.py': '' })).toEqual([]);
    const twins = { 'a/__init__.py': '', 'b/__init__.py': '', 'a/m.py': 'from . import foo  # preflight: ignore\n', 'b/m.py': 'from . import foo  # preflight: ignore\n', 'a/foo.py': '' };
    // a.m's comment suppresses a resolved import (unused); b.m's suppresses a real finding. Warm cache or not.
    const root = writeRepo(twins);
    for (const cacheDir of [false, undefined, undefined] as const) {
      expect(check({ root, ...(cacheDir === false ? { cacheDir } : {}) }).report.findings.map((f) => `${f.file} ${f.rule}`)).toEqual(['a/m.py unused-suppression']);
    }
  });
});

