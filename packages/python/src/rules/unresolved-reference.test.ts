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
      'error 2:15 accounts.middleware.Gone import',
      'error 2:43 accounts.nothere.X import',
      'error 3:16 config.urlz call',
    ]);
  });

  it('a third-party app declared nowhere is a warning without an environment; declared ones (also by a containing name) are fine', () => {
    expect(findings({ ...project, 'requirements.txt': 'Django\ndjango-mptt\n', 'config/settings.py': 'INSTALLED_APPS = ["django.contrib.auth", "mptt", "corsheaders"]\n' })).toEqual([
      'warning 1:50 corsheaders import',
    ]);
  });
});
