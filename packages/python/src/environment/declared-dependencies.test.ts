import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { normaliseDistribution, readDeclaredDependencies } from './declared-dependencies.js';

const groups = (deps: ReturnType<typeof readDeclaredDependencies>) =>
  Object.fromEntries([...deps.byName].map(([name, list]) => [name, list.map((d) => `${d.group}@${d.file}`).join(',')]));

describe('declared dependencies', () => {
  it('normalises names per PEP 503', () => {
    expect(normaliseDistribution('Django_Cors.Headers')).toBe('django-cors-headers');
  });

  it('requirements files: comments, options, -r includes (own group), -c constraints, editable #egg=, extras', () => {
    const root = writeRepo({
      'requirements.txt': 'Django>=4.2  # web\n--index-url https://x\n-r requirements/base.txt\n-c constraints.txt\n-e git+https://x/y.git#egg=my_lib\nkombu[sqlalchemy,redis]==5\n',
      'requirements/base.txt': 'requests\n', 'constraints.txt': 'urllib3<2\n', 'requirements-dev.txt': 'pytest\n-r requirements.txt\n',
    });
    const deps = readDeclaredDependencies(root, [], ['requirements-dev.txt', 'requirements.txt']);
    expect(groups(deps)).toEqual({
      pytest: 'dev@requirements-dev.txt', django: 'runtime@requirements.txt', requests: 'runtime@requirements/base.txt',
      'my-lib': 'runtime@requirements.txt', kombu: 'runtime@requirements.txt',
    });
    expect([...deps.extras.keys()]).toEqual(['sqlalchemy', 'redis']);
    expect(deps.files).toEqual(['requirements-dev.txt', 'requirements.txt', 'requirements/base.txt']);
  });

  it('pyproject.toml: PEP 621, optional dependencies, dependency groups, Poetry, uv; the own name', () => {
    const root = writeRepo({
      'pyproject.toml': [
        '[project]', 'name = "My_App"', 'dependencies = ["fastapi>=0.110", "SQLAlchemy[asyncio]"]',
        '[project.optional-dependencies]', 'redis = ["redis>=5"]',
        '[dependency-groups]', 'test = ["pytest"]',
        '[tool.poetry.dependencies]', 'python = "^3.11"', 'celery = "^5"',
        '[tool.poetry.group.docs.dependencies]', 'sphinx = "*"',
        '[tool.uv]', 'dev-dependencies = ["ruff"]', '',
      ].join('\n'),
    });
    const deps = readDeclaredDependencies(root, [''], []);
    expect(groups(deps)).toEqual({
      fastapi: 'runtime@pyproject.toml', sqlalchemy: 'runtime@pyproject.toml', redis: 'optional@pyproject.toml', pytest: 'dev@pyproject.toml',
      celery: 'runtime@pyproject.toml', sphinx: 'dev@pyproject.toml', ruff: 'dev@pyproject.toml',
    });
    expect([...deps.ownNames]).toEqual(['my-app']);
  });

  it('setup.cfg, setup.py literal lists, Pipfile; a tool-only pyproject.toml is not a dependency file', () => {
    const root = writeRepo({
      'setup.cfg': '[metadata]\nname = legacy\n[options]\ninstall_requires =\n    click>=8\n    attrs\n[options.extras_require]\nyaml = PyYAML\n',
      'setup.py': 'from setuptools import setup\nsetup(name="legacy", install_requires=["six", \'idna\'], tests_require=["mock"])\n',
      'Pipfile': '[packages]\nflask = "*"\n[dev-packages]\nblack = "*"\n',
      'pyproject.toml': '[tool.ruff]\nline-length = 100\n',
    });
    const deps = readDeclaredDependencies(root, [''], []);
    expect(groups(deps)).toEqual({
      click: 'runtime@setup.cfg', attrs: 'runtime@setup.cfg', pyyaml: 'optional@setup.cfg', six: 'runtime@setup.py', idna: 'runtime@setup.py',
      mock: 'dev@setup.py', flask: 'runtime@Pipfile', black: 'dev@Pipfile',
    });
    expect(deps.files).toEqual(['Pipfile', 'setup.cfg', 'setup.py']);
  });

  it('says when an included file is missing or a TOML file is broken', () => {
    const root = writeRepo({ 'requirements.txt': '-r nope.txt\n', 'pyproject.toml': '[project\n' });
    expect(readDeclaredDependencies(root, [''], ['requirements.txt']).notices).toEqual([
      'nope.txt: included requirements file not found',
      "pyproject.toml: not valid TOML, its dependencies are not read (Invalid TOML document: illegal character in key)",
    ]);
  });
});
