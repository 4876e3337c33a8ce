import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { check } from '../check.js';

const findings = (files: Record<string, string>) =>
  check({ root: writeRepo(files) }).report.findings.filter((f) => f.rule === 'missing-dependency').map((f) => `${f.severity} ${f.file}:${f.line} ${f.module}`);

describe('missing-dependency', () => {
  it('an undeclared third-party import in application code, at module level, is an error naming the distribution', () => {
    const [finding] = check({ root: writeRepo({ 'requirements.txt': 'django\n', 'app/settings.py': 'import corsheaders\nimport django\nimport os\n' }) }).report.findings;
    expect(finding).toMatchObject({
      rule: 'missing-dependency', severity: 'error', file: 'app/settings.py', line: 1, module: 'corsheaders',
      message: '`corsheaders` is imported but no dependency file declares it (its distribution is `django-cors-headers`)',
      suggestions: [{ message: 'add `django-cors-headers` to requirements.txt' }],
    });
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
