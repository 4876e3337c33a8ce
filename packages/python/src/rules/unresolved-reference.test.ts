import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { check } from '../check.js';

const findings = (files: Record<string, string>) =>
  check({ root: writeRepo(files) }).report.findings.filter((f) => f.rule === 'unresolved-reference').map((f) => `${f.severity} ${f.line}:${f.column} ${f.module} ${f.impact?.when}`);

describe('unresolved-reference', () => {
  const project = {
    'config/__init__.py': '', 'config/urls.py': 'urlpatterns = []\n',
    'accounts/__init__.py': '', 'accounts/apps.py': 'class AccountsConfig:\n    name = "accounts"\n', 'accounts/middleware.py': 'class Audit:\n    pass\n',
  };

  it('first-party apps, app configs, middleware and urlconf that resolve are fine', () => {
    expect(findings({ ...project, 'config/settings.py': 'INSTALLED_APPS = ["accounts", "accounts.apps.AccountsConfig"]\nMIDDLEWARE = ["accounts.middleware.Audit"]\nROOT_URLCONF = "config.urls"\n' })).toEqual([]);
  });

  it('a missing module or class is an error at its string; ROOT_URLCONF is imported on first use', () => {
    expect(findings({ ...project, 'config/settings.py': 'INSTALLED_APPS = ["accounts.apps.Missing"]\nMIDDLEWARE = ["accounts.middleware.Gone", "accounts.nothere.X"]\nROOT_URLCONF = "config.urlz"\n' })).toEqual([
      'error 1:19 accounts.apps.Missing import',
      'error 2:15 accounts.middleware.Gone call',
      'error 2:43 accounts.nothere.X call',
      'error 3:16 config.urlz call',
    ]);
  });

  it('a value set under a test may never be read: a warning; under a platform test false on the target, nothing', () => {
    // `if not DEBUG: MIDDLEWARE += [...]` with DEBUG on: Django never imports it (proved with python3-django).
    const settings = 'import sys\nDEBUG = True\nINSTALLED_APPS = ["accounts"]\nMIDDLEWARE = []\nif not DEBUG:\n    MIDDLEWARE += ["accounts.middleware.Nope"]\nelse:\n    MIDDLEWARE += ["accounts.middleware.Gone"]\nif sys.platform == "win32":\n    MIDDLEWARE += ["accounts.middleware.Windows"]\nMIDDLEWARE += ["accounts.middleware.Always"]\n';
    expect(findings({ ...project, 'config/settings.py': settings })).toEqual([
      'warning 6:20 accounts.middleware.Nope call',
      'warning 8:20 accounts.middleware.Gone call',
      'error 11:16 accounts.middleware.Always call',
    ]);
  });

  it('a third-party app declared nowhere is a warning without an environment; declared ones (also by a containing name) are fine', () => {
    expect(findings({ ...project, 'requirements.txt': 'Django\ndjango-mptt\n', 'config/settings.py': 'INSTALLED_APPS = ["django.contrib.auth", "mptt", "corsheaders"]\n' })).toEqual([
      'warning 1:50 corsheaders import',
    ]);
  });

  it('LOGGING classes, TEMPLATES backends and context processors, REST_FRAMEWORK class paths; other strings are not code', () => {
    const settings = [
      'INSTALLED_APPS = ["accounts"]',
      'LOGGING = {"version": 1, "handlers": {"h": {"class": "accounts.log.Handler", "level": "INFO"}}, "filters": {"f": {"()": "accounts.middleware.Nope"}}}',
      'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {"context_processors": ["accounts.middleware.Audit", "accounts.context.user"]}}]',
      'REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": ["accounts.middleware.Audti"], "PAGE_SIZE": "x.y"}',
    ].join('\n');
    expect(findings({ ...project, 'config/settings.py': `${settings}\n` })).toEqual([
      'error 2:54 accounts.log.Handler import',
      'error 2:121 accounts.middleware.Nope import',
      'error 3:141 accounts.context.user call',
      'error 4:54 accounts.middleware.Audti call',
    ]);
  });

  it('AUTH_USER_MODEL must name a model of an installed app, with did-you-mean', () => {
    const files = { ...project, 'accounts/models.py': 'class AdminUser:\n    pass\n' };
    expect(findings({ ...files, 'config/settings.py': 'INSTALLED_APPS = ["accounts"]\nAUTH_USER_MODEL = "accounts.AdminUser"\n' })).toEqual([]);
    const [finding] = check({ root: writeRepo({ ...files, 'config/settings.py': 'INSTALLED_APPS = ["accounts"]\nAUTH_USER_MODEL = "accounts.AdminUsr"\n' }) }).report.findings;
    expect(finding).toMatchObject({ rule: 'unresolved-reference', severity: 'error', line: 2, message: '`AUTH_USER_MODEL` names `accounts.AdminUsr`: `AdminUsr` is not defined in `accounts.models`', suggestions: [{ replacement: 'accounts.AdminUser' }] });
    expect(findings({ ...files, 'config/settings.py': 'INSTALLED_APPS = ["accounts"]\nAUTH_USER_MODEL = "acounts.AdminUser"\n' })).toEqual(['error 2:19 acounts.AdminUser import']);
  });

  it('REST_FRAMEWORK classes are imported when a module importing DRF\'s views is: startup for the services that import one at start', () => {
    const files = {
      ...project,
      'config/settings.py': [
        'INSTALLED_APPS = ["accounts"]',
        'ROOT_URLCONF = "config.urls"',
        'REST_FRAMEWORK = {',
        '    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.middleware.Audti"],',
        '    "DEFAULT_FILTER_BACKENDS": ["accounts.filters.Owner"],',
        '    "DEFAULT_SCHEMA_CLASS": "accounts.schema.Auto",',
        '    "EXCEPTION_HANDLER": "accounts.errors.handle",',
        '    "DEFAULT_MODEL_SERIALIZER_CLASS": "not.imported.ByDrf",',
        '}',
        '',
      ].join('\n'),
      'config/urls.py': 'from accounts.views import ping\nurlpatterns = []\n',
      'accounts/views.py': 'from rest_framework.views import APIView\ndef ping(request):\n    from rest_framework import generics\n',
      'config/wsgi.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")\n',
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")\n',
      Procfile: 'web: gunicorn config.wsgi\nrelease: python manage.py migrate\n',
    };
    const all = check({ root: writeRepo(files) }).report.findings.filter((f) => f.rule === 'unresolved-reference');
    expect(all.map((f) => [f.line, f.module, f.impact])).toEqual([
      // The system checks import the URLconf, which imports accounts.views at module level; gunicorn does on its first request.
      [4, 'accounts.middleware.Audti', { when: 'startup', entrypoints: ['python manage.py migrate'], chain: ['manage', 'config.urls', 'accounts.views'] }],
      // rest_framework.generics is imported only when ping() runs; nothing decorates with @api_view.
      [5, 'accounts.filters.Owner', { when: 'call' }],
      [6, 'accounts.schema.Auto', { when: 'call' }],
      [7, 'accounts.errors.handle', { when: 'call' }],
    ]);
    expect(all[0]!.message).toContain('(Django REST framework imports it when `rest_framework.views` is first imported: APIView reads it)');
    expect(all[3]!.message).toContain('(Django REST framework imports it when a view first raises an exception)');
  });

  describe('AUTH_USER_MODEL app labels', () => {
    const user = 'from django.contrib.auth.models import AbstractUser\nclass User(AbstractUser):\n    pass\n';
    const files = (settings: string, extra: Record<string, string> = {}) => ({
      'accounts/__init__.py': '', 'accounts/models.py': user, 'accounts/apps.py': 'from django.apps import AppConfig\nclass AccountsConfig(AppConfig):\n    name = "accounts"\n',
      'config/__init__.py': '', 'config/settings.py': settings, ...extra,
    });
    const auth = (apps: string[], model: string, more = '') => `INSTALLED_APPS = ${JSON.stringify(apps)}\n${more}AUTH_USER_MODEL = "${model}"\n`;
    const reported = (f: Record<string, string>) => check({ root: writeRepo(f) }).report.findings.filter((x) => x.rule === 'unresolved-reference').map((x) => x.message);

    it('an app named by its AppConfig class is labelled by the class', () => {
      const [finding] = check({ root: writeRepo(files(auth(['django.contrib.auth', 'accounts.apps.AccountsConfig'], 'acounts.User'))) }).report.findings;
      expect(finding).toMatchObject({ severity: 'error', message: '`AUTH_USER_MODEL` names `acounts.User`: no installed app is labelled `acounts`', suggestions: [{ replacement: 'accounts.User' }] });
      expect(reported(files(auth(['django.contrib.auth', 'accounts.apps.AccountsConfig'], 'accounts.User')))).toEqual([]);
    });

    it('an AppConfig that sets label: the package name is not the label, and the suggestion says why', () => {
      const labelled = { 'accounts/apps.py': 'from django.apps import AppConfig\nclass AccountsConfig(AppConfig):\n    name = "accounts"\n    label = "members"\n' };
      const [finding] = check({ root: writeRepo(files(auth(['accounts'], 'accounts.User'), labelled)) }).report.findings;
      expect(finding).toMatchObject({
        message: '`AUTH_USER_MODEL` names `accounts.User`: no installed app is labelled `accounts`',
        suggestions: [{ message: 'did you mean `members.User`? (app `accounts` is labelled `members` by its AppConfig)', replacement: 'members.User' }],
      });
      expect(reported(files(auth(['accounts'], 'members.User'), labelled))).toEqual([]);
    });

    it('a third-party app without an environment has its default label; a third-party AppConfig path is not known', () => {
      expect(reported(files(auth(['corsheaders', 'accounts'], 'acounts.User')))).toEqual(['`AUTH_USER_MODEL` names `acounts.User`: no installed app is labelled `acounts`']);
      expect(reported(files(auth(['corsheaders', 'accounts'], 'corsheaders.User')))).toEqual([]);
      expect(reported(files(auth(['thirdparty.apps.ThirdPartyConfig', 'accounts'], 'acounts.User')))).toEqual([]);
    });

    it('a label that cannot be read, or an INSTALLED_APPS with a computed part, keeps a label matching none silent', () => {
      const computedLabel = { 'accounts/apps.py': 'from django.apps import AppConfig\nclass AccountsConfig(AppConfig):\n    name = "accounts"\n    label = "acc" + "ounts"\n' };
      expect(reported(files(auth(['accounts'], 'acounts.User'), computedLabel))).toEqual([]);
      const importedConfig = { 'accounts/apps.py': 'from core.apps import BaseConfig\nclass AccountsConfig(BaseConfig):\n    name = "accounts"\n' };
      expect(reported(files(auth(['accounts'], 'acounts.User'), importedConfig))).toEqual([]);
      expect(reported(files(auth(['accounts'], 'acounts.User', 'for plugin in PLUGINS:\n    INSTALLED_APPS.append(plugin)\n')))).toEqual([]);
      expect(reported(files(auth(['accounts'], 'acounts.User', 'INSTALLED_APPS += EXTRA_APPS\n')))).toEqual([]);
      // Imported classes that cannot be AppConfigs (the standard library's, Django's other modules') do not count.
      const imports = { 'accounts/apps.py': 'from typing import TYPE_CHECKING, Callable\nfrom django.apps import AppConfig\nfrom django.core.exceptions import ImproperlyConfigured\nclass AccountsConfig(AppConfig):\n    name = "accounts"\n' };
      expect(reported(files(auth(['accounts'], 'acounts.User'), imports))).toHaveLength(1);
    });

    it('a base settings module is judged with the modules that star-import it, unless a service names it', () => {
      const base = files(auth(['django.contrib.auth'], 'accounts.User'), { 'config/production.py': 'from .settings import *\nINSTALLED_APPS += ["accounts"]\n' });
      expect(reported(base)).toEqual([]);
      expect(reported({ ...base, 'config/production.py': 'from .settings import *\nDEBUG = False\n' })).toHaveLength(1);
      expect(reported({ ...base, 'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")\n' })).toHaveLength(1);
    });

    it('the model is looked up by its lower-cased name, through the models package\'s star imports', () => {
      expect(reported(files(auth(['accounts'], 'accounts.user')))).toEqual([]);
      const models = { 'accounts/models.py': '', 'accounts/models/__init__.py': 'from .people import *\n', 'accounts/models/people.py': user };
      const { 'accounts/models.py': _, ...packaged } = { ...files(auth(['accounts'], 'accounts.user')), ...models };
      expect(reported(packaged)).toEqual([]);
      expect(reported({ ...packaged, 'config/settings.py': auth(['accounts'], 'accounts.Usr') })).toEqual(['`AUTH_USER_MODEL` names `accounts.Usr`: `Usr` is not defined in `accounts.models`']);
    });
  });

  it('include() in urls modules that import it from django.urls; other include() calls are not Django\'s', () => {
    const urls = 'from django.urls import include, path\nurlpatterns = [path("a/", include("accounts.urls")), path("b/", include("accounts.gone"))]\n';
    expect(findings({ ...project, 'accounts/urls.py': 'urlpatterns = []\n', 'config/urls.py': urls, 'other.py': 'include("not.a.module")\n' })).toEqual(['error 2:73 accounts.gone call']);
  });

  it('beat_schedule entries must name a task the project defines', () => {
    const files = {
      'proj/__init__.py': '', 'proj/tasks.py': 'from celery import shared_task\n@shared_task\ndef cleanup():\n    pass\n@shared_task(name="reports.daily")\ndef daily():\n    pass\n',
      'proj/celery.py': 'from celery import Celery\napp = Celery("proj")\napp.conf.beat_schedule = {\n  "a": {"task": "proj.tasks.cleanup"},\n  "b": {"task": "reports.daily"},\n  "c": {"task": "proj.tasks.clenup"},\n  "d": {"task": "celery.backend_cleanup"},\n}\n',
    };
    const all = check({ root: writeRepo(files) }).report.findings.filter((f) => f.rule === 'unresolved-reference');
    expect(all.map((f) => `${f.severity} ${f.line}:${f.column} ${f.module} ${f.impact?.when}`)).toEqual(['error 6:17 proj.tasks.clenup call']);
    expect(all[0]!.suggestions?.[0]).toMatchObject({ replacement: 'proj.tasks.cleanup' });
  });

  it('is timed by the services that really import each string: MIDDLEWARE at a server start, not a worker start', () => {
    const files = {
      ...project, 'config/settings.py': 'INSTALLED_APPS = ["accounts"]\nMIDDLEWARE = ["accounts.middleware.Gone"]\nLOGGING = {"handlers": {"h": {"class": "accounts.nope.H"}}}\n',
      'config/wsgi.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")\n',
      'config/celery.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")\nfrom celery import Celery\napp = Celery("config")\n',
      Procfile: 'web: gunicorn config.wsgi\nworker: celery -A config.celery worker\n',
    };
    const all = check({ root: writeRepo(files) }).report.findings.filter((f) => f.rule === 'unresolved-reference');
    expect(all.map((f) => [f.line, f.impact])).toEqual([
      [2, { when: 'startup', entrypoints: ['gunicorn config.wsgi'], chain: ['config.wsgi', 'config.settings'] }],
      [3, { when: 'startup', entrypoints: ['celery -A config.celery worker', 'gunicorn config.wsgi'], chain: ['config.celery', 'config.settings'] }],
    ]);
  });

  describe('a Celery app\'s task modules', () => {
    const app = (source: string, extra: Record<string, string> = {}) => ({
      'proj/__init__.py': '', 'proj/tasks.py': '', 'proj/emails/__init__.py': '', 'billing/__init__.py': '', 'billing/tasks.py': '',
      'proj/celery.py': `from celery import Celery\napp = Celery("proj")\n${source}\n`,
      Procfile: 'worker: celery -A proj worker\nbeat: celery -A proj beat\nflower: celery -A proj flower\n', ...extra,
    });
    const all = (files: Record<string, string>, sitePackages?: string[]) =>
      check({ root: writeRepo(files), ...(sitePackages ? { sitePackages } : {}) }).report.findings.filter((f) => f.rule === 'unresolved-reference');
    const brief = (files: Record<string, string>, sitePackages?: string[]) => all(files, sitePackages).map((f) => `${f.severity} ${f.line}:${f.column} ${f.module}`);

    it('include= and imports=, also as app.conf.include / app.conf.imports / app.conf.update(...): a missing module crashes the worker and beat at start', () => {
      const findings = all(app('app.conf.include = ["proj.taks"]\napp.conf.imports = ("proj.tasks", "proj.reprots")\napp.conf.update(imports=["proj.tasks"], include=["proj.nope"])'));
      // The last writer of each wins: conf.update replaced both lists.
      expect(findings.map((f) => `${f.severity} ${f.line}:${f.column} ${f.module}`)).toEqual(['error 5:50 proj.nope']);
      expect(findings[0]).toMatchObject({
        message: '`app.conf.update(include=...)` names `proj.nope`: no module `proj.nope` exists (the Celery worker and beat import it at start)',
        impact: { when: 'startup', entrypoints: ['celery -A proj beat', 'celery -A proj worker'], chain: ['proj', 'proj.celery'] },
      });
      expect(brief({ ...app(''), 'proj/celery.py': 'from celery import Celery\napp = Celery("proj", include=["proj.taks"], imports=["proj.tasks", "proj.reprots"])\n' })).toEqual([
        'error 2:31 proj.taks', 'error 2:68 proj.reprots',
      ]);
      expect(brief(app('app.conf.imports = ["proj.tasks", "billing.tasks"]'))).toEqual([]);
    });

    it('suggests the module meant, as a replacement of the whole string', () => {
      const [finding] = all(app('app.conf.include = ["proj.taks"]'));
      expect(finding!.suggestions).toEqual([{ message: 'did you mean `proj.tasks`?', replacement: 'proj.tasks' }]);
    });

    it('a computed last value hides the literal ones before it; lists in functions are not read', () => {
      expect(brief(app('app.conf.include = ["proj.taks"]\nMODULES = ["proj.tasks"]\napp.conf.update(include=MODULES)'))).toEqual([]);
      expect(brief(app('app.conf.include = ["proj.taks"]\napp.conf.update(SETTINGS)'))).toEqual([]);
      expect(brief(app('def configure(app):\n    app.conf.include = ["proj.taks"]'))).toEqual([]);
    });

    it('autodiscover_tasks: a package that does not exist crashes unless its parent exists; a package without a tasks module is fine', () => {
      const source = 'app.autodiscover_tasks(["billing", "proj.emails", "proj.emials", "prj.emails", "proj.nothere.deeper"])';
      // Celery looks for proj.tasks instead of proj.emials.tasks (no crash); `prj` and `proj.nothere` do not exist.
      // `prj` could be a package installed where the worker runs: without an environment (and no dependency file), not known.
      expect(brief(app(source))).toEqual(['error 3:80 proj.nothere.deeper']);
      expect(brief(app(source, { 'requirements.txt': 'celery\n' }))).toEqual(['warning 3:66 prj.emails', 'error 3:80 proj.nothere.deeper']);
      // With an environment preflight knows `prj` is not installed: an error, as it is for Python.
      expect(brief(app(source), [writeRepo({ 'six.py': '' })])).toEqual(['error 3:66 prj.emails', 'error 3:80 proj.nothere.deeper']);
      const [top] = all(app('app.autodiscover_tasks(packages=["biling"], related_name="jobs")'), [writeRepo({ 'six.py': '' })]);
      expect(top).toMatchObject({ severity: 'error', module: 'biling', suggestions: [{ message: 'did you mean `billing`?', replacement: 'billing' }, expect.anything()] });
      expect(top!.impact).toEqual({ when: 'startup', entrypoints: ['celery -A proj beat', 'celery -A proj worker'], chain: ['proj', 'proj.celery'] });
    });

    it('autodiscover_tasks(force=True) discovers when the app module is imported: every service that imports it crashes', () => {
      const files = { ...app('app.autodiscover_tasks(["proj.nothere.x"], force=True)'), 'web.py': 'import proj.celery\n', Procfile: 'web: gunicorn web:application\nworker: celery -A proj worker\n' };
      expect(all(files).map((f) => f.impact)).toEqual([{ when: 'startup', entrypoints: ['celery -A proj worker', 'gunicorn web:application'], chain: ['proj', 'proj.celery'] }]);
    });

    it('the tasks module of a listed package that does not exist is its parent\'s, which the worker imports at start', () => {
      const files = { ...app('app.autodiscover_tasks(["proj.emials"])'), 'proj/tasks.py': 'from proj.missing import thing\n' };
      const finding = check({ root: writeRepo(files) }).report.findings.find((f) => f.rule === 'unresolved-module');
      // `celery flower` imports the app, not its task modules.
      expect(finding?.impact).toMatchObject({ when: 'startup', entrypoints: ['celery -A proj beat', 'celery -A proj worker'] });
    });

    it('a Celery() of another library is not Celery\'s', () => {
      expect(brief({ 'app.py': 'from mylib import Celery\nCelery("x", include=["not.a.module"])\n' })).toEqual([]);
    });
  });
});
