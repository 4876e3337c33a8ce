import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { check } from '../check.js';

const findings = (files: Record<string, string>) =>
  check({ root: writeRepo(files) }).report.findings.filter((f) => f.rule === 'missing-dependency').map((f) => `${f.severity} ${f.file}:${f.line} ${f.module}`);

describe('missing-dependency', () => {
  it('an undeclared third-party import in application code, at module level, names the distribution; a warning without an environment', () => {
    const [finding] = check({ root: writeRepo({ 'requirements.txt': 'django\n', 'app/settings.py': 'import corsheaders\nimport django\nimport os\n' }) }).report.findings;
    expect(finding).toMatchObject({
      rule: 'missing-dependency', severity: 'warning', file: 'app/settings.py', line: 1, module: 'corsheaders',
      message: '`corsheaders` is imported but no dependency file declares it (its distribution is `django-cors-headers`)',
      suggestions: [{ message: 'add `django-cors-headers` to requirements.txt' }],
    });
  });

  it('with an environment that does not have it, it is an error', () => {
    const root = writeRepo({
      'requirements.txt': 'django\n', 'app/settings.py': 'import corsheaders\n',
      '.venv/pyvenv.cfg': 'version = 3.12.0\n', '.venv/lib/python3.12/site-packages/django/__init__.py': '',
    });
    const [finding] = check({ root }).report.findings;
    expect(finding).toMatchObject({ severity: 'error', message: '`corsheaders` is imported but no dependency file declares it (its distribution is `django-cors-headers`), and it is not installed in .venv' });
  });

  it('vendored code and interpreter-specific modules are not the project dependencies', () => {
    expect(findings({ 'requirements.txt': 'x\n', 'pkg/_vendor/lib/fast.py': 'import h2\n', 'pkg/compat.py': 'import __pypy__\n' })).toEqual([]);
  });

  it('an import name found inside a declared distribution name is most likely provided by it', () => {
    expect(findings({ 'requirements.txt': 'django-mptt\nstrawberry-graphql-django\npython-json-logger\n', 'app.py': 'import mptt\nimport strawberry_django\nimport pythonjsonlogger\n' })).toEqual([]);
  });

  it('nothing is reported when the project declares nothing', () => {
    expect(findings({ 'app.py': 'import requests\n' })).toEqual([]);
  });

  it('optional dependencies: guarded, fallback and try-else imports, and packages imported optionally elsewhere in the module', () => {
    expect(findings({
      'requirements.txt': 'django\n',
      'app.py': 'try:\n    import ujson as json\nexcept ImportError:\n    import simplejson as json\nelse:\n    import orjson\n\ntry:\n    import yaml\nexcept ImportError:\n    yaml = None\nif yaml:\n    from yaml import safe_load\n',
    })).toEqual([]);
  });

  it('lazy imports, tooling files and sys.path-only local modules are at most warnings', () => {
    expect(findings({
      'pyproject.toml': '[project]\nname = "svc"\ndependencies = ["fastapi"]\n[dependency-groups]\ndev = ["pytest"]\n',
      'svc/app.py': 'import fastapi\nimport starlette\n\ndef shell():\n    import IPython\n',
      'svc/testing.py': 'import pytest\n',
      'tests/test_app.py': 'import pytest\nimport httpx\nimport helper_app\n',
      'tests/apps/helper_app.py': '',
      'setup.py': 'import setuptools\n',
    })).toEqual([
      'warning svc/app.py:2 starlette',
      'warning svc/app.py:5 IPython',
      'warning svc/testing.py:1 pytest',
      'warning tests/test_app.py:2 httpx',
    ]);
  });

  it('the project may import itself by its distribution name', () => {
    expect(findings({ 'pyproject.toml': '[project]\nname = "my-tool"\ndependencies = ["click"]\n', 'scripts/run.py': 'import my_tool\n' })).toEqual([]);
  });
});
