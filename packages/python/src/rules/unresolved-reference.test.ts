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
});
