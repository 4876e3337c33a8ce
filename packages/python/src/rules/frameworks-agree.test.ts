/**
 * unresolved-reference against the real frameworks (Debian's python3-celery and python3-django in
 * /usr/lib/python3/dist-packages): for each small project, what preflight reports as an error at the
 * string is exactly what makes the framework raise when it starts, and a project it says nothing about
 * starts. Celery: what a worker and beat run at start (`app.loader.import_default_modules()`, which
 * `loader.init_worker()` calls); Django: `django.setup()`. A case preflight knowingly says nothing about
 * (it cannot know) is marked `silent`. Skipped where a framework is not installed.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { check } from '../check.js';

const PYTHON = '/usr/bin/python3';
const DIST_PACKAGES = '/usr/lib/python3/dist-packages';
const has = (module: string) => fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-E', '-s', '-c', `import ${module}`], { timeout: 20_000 }).status === 0;

/** Runs `code` with python3 in `dir` (on sys.path); the last line of its traceback, or undefined when it ran. */
function raises(dir: string, code: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, ['-E', '-s', '-B', '-W', 'ignore', '-c', code], { cwd: dir, env: { PATH: '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve(status === 0 ? undefined : stderr.trim().split('\n').at(-1)));
  });
}

interface Case {
  files: Record<string, string>;
  /** Whether the framework raises: written down, so that a change on either side shows. */
  raises: boolean;
  /** Why preflight says nothing though it raises (it cannot know). */
  silent?: string;
}

/** For each case: preflight's errors on the file, and whether Python raised, side by side. */
async function compare(cases: Record<string, Case>, file: string, code: string) {
  const results = await Promise.all(Object.entries(cases).map(async ([name, c]) => {
    const root = writeRepo(c.files);
    const errors = check({ root, sitePackages: [DIST_PACKAGES], cacheDir: false }).report.findings
      .filter((f) => f.severity === 'error' && f.file === file).map((f) => `${f.rule} ${f.line}:${f.column}`);
    const raised = await raises(root, code);
    fs.rmSync(root, { recursive: true, force: true });
    return { name, expected: c.raises, silent: c.silent !== undefined, raised: raised !== undefined, cause: raised, errors };
  }));
  for (const r of results) {
    expect({ name: r.name, raised: r.raised, cause: r.cause }).toMatchObject({ name: r.name, raised: r.expected });
    expect({ name: r.name, errors: r.errors }).toEqual({ name: r.name, errors: r.raised && !r.silent ? [expect.anything()] : [] });
  }
}

describe.skipIf(!has('celery'))('Celery agrees: a worker or beat crashes at start exactly where preflight reports an error', () => {
  const project = (source: string): Record<string, string> => ({
    'proj/__init__.py': '', 'proj/tasks.py': '', 'proj/emails/__init__.py': '', 'billing/__init__.py': '', 'billing/tasks.py': '',
    'proj/celery.py': `from celery import Celery\napp = Celery("proj", broker="memory://")\n${source}\n`,
  });
  const cases: Record<string, Case> = {
    'include= names a module that exists': { files: project('app.conf.include = ["proj.tasks", "billing.tasks"]'), raises: false },
    'Celery(include=) names a missing module': { files: { ...project(''), 'proj/celery.py': 'from celery import Celery\napp = Celery("proj", broker="memory://", include=["proj.taks"])\n' }, raises: true },
    'Celery(imports=) names a missing module': { files: { ...project(''), 'proj/celery.py': 'from celery import Celery\napp = Celery("proj", broker="memory://", imports=["proj.taks"])\n' }, raises: true },
    'app.conf.include names a missing module': { files: project('app.conf.include = ["proj.taks"]'), raises: true },
    'app.conf.imports names a missing module': { files: project('app.conf.imports = ("proj.taks",)'), raises: true },
    'app.conf.update(imports=) names a missing module': { files: project('app.conf.update(imports=["proj.taks"])'), raises: true },
    'a later app.conf.include replaces the missing one': { files: project('app.conf.include = ["proj.taks"]\napp.conf.include = ["proj.tasks"]'), raises: false },
    'a later computed value replaces it': { files: project('app.conf.include = ["proj.taks"]\nMODULES = ["proj.tasks"]\napp.conf.update(include=MODULES)'), raises: false },
    'autodiscover_tasks: packages with and without tasks': { files: project('app.autodiscover_tasks(["billing", "proj.emails"])'), raises: false },
    'autodiscover_tasks: a missing top-level package': { files: project('app.autodiscover_tasks(["biling"])'), raises: true },
    'autodiscover_tasks(packages=, related_name=): a missing top-level package': { files: project('app.autodiscover_tasks(packages=["biling"], related_name="jobs")'), raises: true },
    'autodiscover_tasks: a missing package whose parent exists (Celery imports the parent\'s tasks)': { files: project('app.autodiscover_tasks(["proj.emials"])'), raises: false },
    'autodiscover_tasks: a missing package whose parent is missing': { files: project('app.autodiscover_tasks(["proj.nothere.deeper"])'), raises: true },
    'autodiscover_tasks(force=True): a missing package, at import': { files: project('app.autodiscover_tasks(["biling"], force=True)'), raises: true },
  };

  it('raises exactly where preflight reports an error', async () => {
    await compare(cases, 'proj/celery.py', 'import proj.celery as m\nm.app.loader.import_default_modules()');
  }, 60_000);
});

describe.skipIf(!has('django'))('Django agrees: django.setup() raises for AUTH_USER_MODEL exactly where preflight reports an error', () => {
  const user = 'from django.contrib.auth.models import AbstractUser\nclass User(AbstractUser):\n    pass\n';
  const config = (body: string) => `from django.apps import AppConfig\n${body}`;
  const CONTRIB = ['django.contrib.auth', 'django.contrib.contenttypes'];
  const project = (apps: string[], model: string, files: Record<string, string | null> = {}, contrib = CONTRIB): Record<string, string> => {
    const all: Record<string, string | null> = { 'accounts/__init__.py': '', 'accounts/models.py': user, ...files, 'settings.py': settings(apps, model, contrib) };
    // null: a file the project does not have.
    return Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== null));
  };
  const settings = (apps: string[], model: string, contrib: string[]) =>
    [
      'SECRET_KEY = "x"',
      `INSTALLED_APPS = ${JSON.stringify([...contrib, ...apps])}`,
      `AUTH_USER_MODEL = ${JSON.stringify(model)}`,
      'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}',
      '',
    ].join('\n');
  const named = config('class AccountsConfig(AppConfig):\n    name = "accounts"\n');
  const labelled = config('class AccountsConfig(AppConfig):\n    name = "accounts"\n    label = "members"\n');
  const cases: Record<string, Case> = {
    'the app by its AppConfig path': { files: project(['accounts.apps.AccountsConfig'], 'accounts.User', { 'accounts/apps.py': named }), raises: false },
    'the app by its AppConfig path, label misspelt': { files: project(['accounts.apps.AccountsConfig'], 'acounts.User', { 'accounts/apps.py': named }), raises: true },
    'the app by its module, label misspelt': { files: project(['accounts'], 'acounts.User'), raises: true },
    'the only AppConfig of apps.py sets label: the package name is not the label': { files: project(['accounts'], 'accounts.User', { 'accounts/apps.py': labelled }), raises: true },
    'the only AppConfig of apps.py sets label: the label': { files: project(['accounts'], 'members.User', { 'accounts/apps.py': labelled }), raises: false },
    'an AppConfig path whose class sets label: the package name': { files: project(['accounts.apps.AccountsConfig'], 'accounts.User', { 'accounts/apps.py': labelled }), raises: true },
    'a label inherited from a base class of apps.py': {
      files: project(['accounts.apps.AccountsConfig'], 'members.User', { 'accounts/apps.py': config('class Base(AppConfig):\n    label = "members"\nclass AccountsConfig(Base):\n    name = "accounts"\n') }), raises: false,
    },
    'two AppConfigs, neither default: a plain AppConfig, labelled by the package': {
      files: project(['accounts'], 'accounts.User', { 'accounts/apps.py': config('class A(AppConfig):\n    name = "accounts"\n    label = "one"\nclass B(AppConfig):\n    name = "accounts"\n    label = "two"\n') }), raises: false,
    },
    'two AppConfigs, one default = True: its label': {
      files: project(['accounts'], 'two.User', { 'accounts/apps.py': config('class A(AppConfig):\n    name = "accounts"\n    label = "one"\nclass B(AppConfig):\n    default = True\n    name = "accounts"\n    label = "two"\n') }), raises: false,
    },
    'two AppConfigs, one default = True: the other\'s label': {
      files: project(['accounts'], 'one.User', { 'accounts/apps.py': config('class A(AppConfig):\n    name = "accounts"\n    label = "one"\nclass B(AppConfig):\n    default = True\n    name = "accounts"\n    label = "two"\n') }), raises: true,
    },
    'the only AppConfig has default = False: a plain AppConfig': {
      files: project(['accounts'], 'accounts.User', { 'accounts/apps.py': config('class A(AppConfig):\n    default = False\n    name = "accounts"\n    label = "one"\n') }), raises: false,
    },
    'default_app_config (followed before Django 4.1): its label': {
      files: project(['accounts'], 'members.User', { 'accounts/__init__.py': 'default_app_config = "accounts.conf.C"\n', 'accounts/conf.py': config('class C(AppConfig):\n    name = "accounts"\n    label = "members"\n') }), raises: false,
    },
    'default_app_config: the package name, the label from 4.1 on': {
      files: project(['accounts'], 'accounts.User', { 'accounts/__init__.py': 'default_app_config = "accounts.conf.C"\n', 'accounts/conf.py': config('class C(AppConfig):\n    name = "accounts"\n    label = "members"\n') }),
      raises: true, silent: 'Django 4.1 and later ignore default_app_config: the label depends on the version',
    },
    'a computed INSTALLED_APPS: a label matching none of the literal apps': {
      files: { ...project(['accounts'], 'acounts.User'), 'settings.py': `${settings(['accounts'], 'acounts.User', CONTRIB)}INSTALLED_APPS += [name for name in ["extra"] if False]\n` },
      raises: true, silent: 'a computed part of INSTALLED_APPS may install an app with that label',
    },
    'the model name in lower case (Django looks models up so)': { files: project(['accounts'], 'accounts.user'), raises: false },
    'a model the app does not define': { files: project(['accounts'], 'accounts.Usr'), raises: true },
    'a model defined in a submodule of a models package, re-exported': {
      files: project(['accounts'], 'accounts.User', { 'accounts/models.py': null, 'accounts/models/__init__.py': 'from .user import *\n', 'accounts/models/user.py': user }), raises: false,
    },
    'an app without models': { files: project(['accounts'], 'accounts.User', { 'accounts/models.py': null, 'accounts/views.py': '' }), raises: true },
    'a model of another app imported into the models module': {
      files: project(['accounts'], 'accounts.User', { 'accounts/models.py': 'from django.contrib.auth.models import User\n' }),
      raises: true, silent: 'the name is bound in accounts.models; that its model belongs to the auth app is not read',
    },
    'a contrib app by its AppConfig path': { files: project([], 'auth.User', {}, ['django.contrib.auth.apps.AuthConfig', 'django.contrib.contenttypes']), raises: false },
    'a contrib app by its AppConfig path, label misspelt': { files: project([], 'auht.User', {}, ['django.contrib.auth.apps.AuthConfig', 'django.contrib.contenttypes']), raises: true },
  };

  it('raises exactly where preflight reports an error', async () => {
    const script = 'import os\nos.environ["DJANGO_SETTINGS_MODULE"] = "settings"\nimport django\ndjango.setup()';
    await compare(cases, 'settings.py', script);
  }, 60_000);
});

describe.skipIf(!has('django') || !has('rest_framework'))('Django REST framework agrees: what it imports from REST_FRAMEWORK, and when', () => {
  /** Each key, and the first of these steps that imports it (the others read it on first use: `call`). */
  const READ: Record<string, 'views' | 'generics' | 'api_view' | 'later'> = {
    DEFAULT_RENDERER_CLASSES: 'views', DEFAULT_PARSER_CLASSES: 'views', DEFAULT_AUTHENTICATION_CLASSES: 'views',
    DEFAULT_PERMISSION_CLASSES: 'views', DEFAULT_THROTTLE_CLASSES: 'views', DEFAULT_CONTENT_NEGOTIATION_CLASS: 'views',
    DEFAULT_METADATA_CLASS: 'views', DEFAULT_VERSIONING_CLASS: 'views',
    DEFAULT_PAGINATION_CLASS: 'generics', DEFAULT_FILTER_BACKENDS: 'generics', DEFAULT_SCHEMA_CLASS: 'api_view',
    EXCEPTION_HANDLER: 'later', UNAUTHENTICATED_USER: 'later', UNAUTHENTICATED_TOKEN: 'later',
    VIEW_NAME_FUNCTION: 'later', VIEW_DESCRIPTION_FUNCTION: 'later', TEST_REQUEST_RENDERER_CLASSES: 'later',
  };
  const STEPS = [
    ['views', 'import rest_framework.views'],
    ['generics', 'import rest_framework.generics'],
    ['api_view', 'from rest_framework.decorators import api_view\n@api_view(["GET"])\ndef view(request):\n    pass'],
  ] as const;
  const project = (key: string, use: string) => ({
    'api/__init__.py': '', 'api/views.py': `${use}\n`,
    'urls.py': 'import api.views\nurlpatterns = []\n',
    'settings.py': [
      'SECRET_KEY = "x"',
      'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "rest_framework", "api"]',
      'ROOT_URLCONF = "urls"',
      `REST_FRAMEWORK = {"${key}": ${/CLASSES$|BACKENDS$/.test(key) ? '["api.nothere.Bad"]' : '"api.nothere.Bad"'}}`,
      '',
    ].join('\n'),
    'manage.py': 'import os, sys\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")\nfrom django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n',
    Procfile: 'release: python manage.py migrate\n',
  });

  it('each key is imported by the step preflight times it with, and the finding is startup exactly then', async () => {
    // One interpreter per key tries each step on its own (a failed import leaves nothing in sys.modules).
    const steps = STEPS.map(([step, code]) => `try:\n    exec(${JSON.stringify(code)}, {})\nexcept ImportError:\n    raised.append("${step}")`).join('\n');
    const script = `import os, json\nos.environ["DJANGO_SETTINGS_MODULE"] = "settings"\nimport django\ndjango.setup()\nraised = []\n${steps}\nimport sys\nsys.exit(json.dumps(raised) if raised else 0)`;
    const results = await Promise.all(Object.keys(READ).map(async (key) => {
      const root = writeRepo(project(key, 'pass'));
      const cause = await raises(root, script);
      fs.rmSync(root, { recursive: true, force: true });
      const measured = cause ? (JSON.parse(cause) as string[]) : [];
      for (const [step, code] of STEPS) {
        // preflight: startup (manage.py migrate runs the system checks, which import urls, then api.views) when the step imports it.
        const repo = writeRepo(project(key, code));
        const finding = check({ root: repo, cacheDir: false }).report.findings.find((f) => f.rule === 'unresolved-reference' && f.file === 'settings.py');
        expect({ key, step, when: finding?.impact?.when }).toEqual({ key, step, when: measured.includes(step) ? 'startup' : 'call' });
        fs.rmSync(repo, { recursive: true, force: true });
      }
      return [key, measured[0] ?? 'later'];
    }));
    expect(Object.fromEntries(results)).toEqual(READ);
  }, 60_000);
});
