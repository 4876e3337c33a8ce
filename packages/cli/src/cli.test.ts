/** The built CLI as users run it: exit codes, formats, colour, configuration and usage errors. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, runCli, writeRepo } from '@preflight/testkit';

const broken = () => writeRepo({ 'pkg/__init__.py': '', 'main.py': 'from pkg import missing\n' });

describe('CI formats', () => {
  it('github: annotations with paths from the workspace, and the step summary appended to $GITHUB_STEP_SUMMARY', () => {
    const repo = broken();
    const summary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-summary-')), 'summary.md');
    const result = runCli(['check', repo, '--format', 'github'], { env: { GITHUB_WORKSPACE: path.dirname(repo), GITHUB_STEP_SUMMARY: summary } });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(`::error file=${path.basename(repo)}/main.py,line=1,col=17,endLine=1,endColumn=24,title=preflight unresolved-name::\`missing\` is not defined in module \`pkg\`, nor anywhere else in the project\n`);
    expect(fs.readFileSync(summary, 'utf8')).toContain('## preflight: 1 error, 0 warnings');
  });

  it('sarif and gitlab are JSON with the rule metadata and the finding', () => {
    const sarif = JSON.parse(runCli(['check', broken(), '--format', 'sarif']).stdout);
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain('unresolved-name');
    expect(sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'unresolved-name').help.markdown).toContain('# unresolved-name');
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'unresolved-name', level: 'error' });
    const gitlab = JSON.parse(runCli(['check', broken(), '--format', 'gitlab']).stdout);
    expect(gitlab[0]).toMatchObject({ check_name: 'unresolved-name', severity: 'critical', location: { path: 'main.py', lines: { begin: 1 } } });
  });
});

describe('preflight check', () => {
  it('exit 0 and a clean summary when every import resolves', () => {
    const result = runCli(['check', writeRepo({ 'pkg/__init__.py': 'X = 1\n', 'main.py': 'from pkg import X\nimport os\n' })]);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toMatch(/^All imports resolve\.\nChecked 2 files \(2 modules, 2 imports\) in \d+ ms; source roots: \.; Python 3\.13 on linux\nNo entry points found: findings are timed by import, not by service\nNo dependency files found: third-party imports were not checked against declared dependencies\n$/);
  });

  it('exit 1 with the finding when an import is broken; no colour when not a terminal', () => {
    const result = runCli(['check', broken()]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('main.py:1:17: unresolved-name `missing` is not defined in module `pkg`');
    expect(result.stdout).not.toContain('\x1b[');
  });

  it('--color always forces colour, --color never and --no-color turn it off', () => {
    expect(runCli(['check', broken(), '--color', 'always']).stdout).toContain('\x1b[');
    expect(runCli(['check', broken(), '--color=never']).stdout).not.toContain('\x1b[');
    expect(runCli(['check', broken(), '--color', 'always', '--no-color']).stdout).not.toContain('\x1b[');
    expect(runCli(['check', broken(), '--color', 'sometimes'])).toMatchObject({ exitCode: 2, stderr: 'preflight: error: --color must be auto, always or never, not `sometimes`\n' });
  });

  it.skipIf(spawnSync('script', ['--version']).status !== 0)('colour on a terminal, none with NO_COLOR', () => {
    // `script` gives the CLI a real pseudo-terminal as stdout.
    const onTty = (env: Record<string, string>) =>
      spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" check "${broken()}"`, '/dev/null'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
    expect(onTty({}).stdout).toContain('\x1b[31munresolved-name');
    const plain = onTty({ NO_COLOR: '1' });
    expect(plain.stdout).toContain('unresolved-name');
    expect(plain.stdout).not.toContain('\x1b[');
  });

  it('--format json follows the contract', () => {
    const report = JSON.parse(runCli(['check', broken(), '--format', 'json']).stdout);
    expect(report).toMatchObject({ schemaVersion: 1, tool: { name: 'preflight' }, summary: { files: 2, errors: 1, findings: 1, roots: ['.'] } });
    expect(report.findings[0]).toMatchObject({ rule: 'unresolved-name', severity: 'error', file: 'main.py', line: 1, column: 17, impact: { when: 'import' } });
  });

  it('reads [tool.preflight] from pyproject.toml', () => {
    const root = writeRepo({ 'pyproject.toml': '[tool.preflight]\nroots = ["lib"]\nexclude = ["skip/"]\n', 'lib/m.py': '', 'lib/app.py': 'import m\n', 'skip/bad.py': 'import nothere.sub\n' });
    const report = JSON.parse(runCli(['check', root, '--format', 'json']).stdout);
    expect(report.summary).toMatchObject({ roots: ['lib'], files: 2, errors: 0 });
  });

  it('exit 2 with one line on usage and configuration errors', () => {
    expect(runCli(['check', '--format', 'xml', broken()])).toMatchObject({ exitCode: 2, stdout: '', stderr: 'preflight: error: unknown format `xml` (expected one of: text, json, github, sarif, gitlab)\n' });
    expect(runCli(['check', '/nonexistent/path'])).toMatchObject({ exitCode: 2, stderr: 'preflight: error: not a folder: /nonexistent/path\n' });
    expect(runCli(['frobnicate'])).toMatchObject({ exitCode: 2 });
    expect(runCli(['check', '--bogus'])).toMatchObject({ exitCode: 2 });
    const badConfig = writeRepo({ 'pyproject.toml': '[tool.preflight]\nrootz = ["x"]\n' });
    expect(runCli(['check', badConfig]).stderr).toBe('preflight: error: pyproject.toml: [tool.preflight]: unknown key `rootz` (known: roots, exclude, extend-exclude, show-guarded, respect-gitignore, include-hidden, python-version, platform, python, entrypoints, select, ignore, severity, per-file-ignores)\n');
    expect(runCli(['check', broken(), '--python-version', 'three'])).toMatchObject({ exitCode: 2, stderr: 'preflight: error: invalid Python version `three` (expected X.Y, e.g. 3.12)\n' });
    expect(runCli(['check', broken(), '--platform', 'beos'])).toMatchObject({ exitCode: 2 });
    expect(runCli(['check', broken(), '--jobs', '0'])).toMatchObject({ exitCode: 2, stderr: 'preflight: error: --jobs must be a whole number of threads, at least 1, not `0`\n' });
    expect(runCli(['server', '--port', '80'])).toMatchObject({ exitCode: 2, stderr: 'preflight: error: server takes no argument but --stdio, not `--port`\n' });
    expect(runCli(['server', '--help'])).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^Usage: preflight server \[--stdio\]/) });
  });

  it('--jobs: the same report on one thread or on two (a project big enough for the pool)', () => {
    const files: Record<string, string> = { 'app/__init__.py': '' };
    const body = Array.from({ length: 150 }, (_, k) => `def helper_${k}(value):\n    return [value * ${k} for _ in range(3)]\n`).join('\n');
    for (let i = 0; i < 250; i++) files[`app/m${i}.py`] = `from app.m${(i + 1) % 250} import helper_${i % 150}\n${i % 10 ? '' : `from app import missing_${i}\n`}\n${body}`;
    const repo = writeRepo(files);
    const run = (jobs: string) => runCli(['check', repo, '--no-cache', '--format', 'json', '--verbose', '-j', jobs]);
    const [single, pooled] = [run('1'), run('2')];
    expect(single.stderr).toMatch(/251 files parsed \(2\.\d MB\) on 1 thread, no cache/);
    expect(pooled.stderr).toMatch(/251 files parsed \(2\.\d MB\) on 2 threads, no cache/);
    type Json = { summary: { durationMs: number; errors: number } };
    const [one, two] = [JSON.parse(single.stdout) as Json, JSON.parse(pooled.stdout) as Json];
    expect(one.summary.errors).toBe(25);
    expect({ ...two, summary: { ...two.summary, durationMs: 0 } }).toEqual({ ...one, summary: { ...one.summary, durationMs: 0 } });
  });

  it('the target: --python-version, [tool.preflight] python-version, else the lowest requires-python allows', () => {
    const code = { 'main.py': 'import tomllib\n' };
    const target = (files: Record<string, string>, args: string[] = []) => {
      const report = JSON.parse(runCli(['check', writeRepo(files), '--format', 'json', ...args]).stdout);
      return [report.summary.python.version, report.summary.errors];
    };
    expect(target(code)).toEqual(['3.13', 0]);
    expect(target(code, ['--python-version', '3.10'])).toEqual(['3.10', 1]);
    expect(target({ ...code, 'pyproject.toml': '[project]\nname = "x"\nrequires-python = ">=3.9,<4"\n' })).toEqual(['3.9', 1]);
    expect(target({ ...code, 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.11"\n' })).toEqual(['3.11', 0]);
    expect(target({ ...code, 'pyproject.toml': '[project]\nrequires-python = ">=3.9"\n[tool.preflight]\npython-version = "3.12"\n' })).toEqual(['3.12', 0]);
  });

  it('[tool.preflight] entrypoints adds services to follow', () => {
    const root = writeRepo({ 'pyproject.toml': '[tool.preflight]\nentrypoints = ["uvicorn api.main:app"]\n', 'api/__init__.py': '', 'api/main.py': 'from api import nope\n' });
    const report = JSON.parse(runCli(['check', root, '--format', 'json']).stdout);
    expect(report.summary.entrypoints).toEqual([{ name: 'uvicorn api.main:app', module: 'api.main', source: 'pyproject.toml [tool.preflight] entrypoints' }]);
    expect(report.findings[0].impact).toEqual({ when: 'startup', entrypoints: ['uvicorn api.main:app'], chain: ['api.main'] });
  });

  it('says which dependency files were read and what could not be checked without an environment', () => {
    const result = runCli(['check', writeRepo({ 'requirements.txt': 'requests\n', 'app.py': 'import requests\nfrom requests import get\n' })]);
    expect(result.stdout).toContain('Dependencies declared in: requirements.txt; 2 imports of 1 declared packages not checked: no environment found');
  });

  it('--show-guarded lists guarded sites as info, without failing', () => {
    const root = writeRepo({ 'pkg/__init__.py': '', 'main.py': 'try:\n    from pkg import optional\nexcept ImportError:\n    optional = None\n' });
    expect(runCli(['check', root]).stdout).toContain('All imports resolve.');
    const shown = runCli(['check', root, '--show-guarded', '--format', 'json']);
    expect(shown.exitCode).toBe(0);
    expect(JSON.parse(shown.stdout).findings[0]).toMatchObject({ severity: 'info', impact: { when: 'guarded' } });
  });

  it('honours .gitignore, nested ones too, and default excludes', () => {
    const root = writeRepo({
      '.gitignore': 'generated/\n', 'generated/bad.py': 'import missing_pkg.x\n', 'sub/.gitignore': 'local.py\n', 'sub/local.py': 'x = (\n',
      '.venv/lib/bad.py': 'x = (\n', 'node_modules/bad.py': 'x = (\n', 'ok.py': 'import os\n',
    });
    expect(JSON.parse(runCli(['check', root, '--format', 'json']).stdout).summary.files).toBe(1);
  });

  it('leaves hidden folders out, says which with --verbose; --include-hidden or include-hidden = true analyses them', () => {
    const files = { 'ok.py': 'import os\n', '.semgrep/rules/bad.py': 'x = (\n', '.github/workflows/ci.yml': 'on: push\n' };
    const root = writeRepo(files);
    const json = (args: string[]) => JSON.parse(runCli(['check', ...args, '--no-cache', '--format', 'json']).stdout).summary;
    expect(json([root])).toMatchObject({ files: 1, errors: 0 });
    expect(runCli(['check', root, '--no-cache', '--verbose']).stderr).toContain('preflight: left out 2 hidden folders: .github, .semgrep (--include-hidden analyses them)\n');
    expect(json([root, '--include-hidden'])).toMatchObject({ files: 2, errors: 1 });
    expect(runCli(['check', root, '--no-cache', '--verbose', '--include-hidden']).stderr).not.toContain('hidden folder');
    expect(json([writeRepo({ ...files, 'pyproject.toml': '[tool.preflight]\ninclude-hidden = true\n' })])).toMatchObject({ files: 2, errors: 1 });
    // The hidden folder itself, given as the path, is analysed.
    expect(json([path.join(root, '.semgrep')])).toMatchObject({ files: 1, errors: 1 });
  });
});

describe('pipes', () => {
  it('a closed pipe ends the run quietly with the decided exit code', () => {
    // Far more output than a pipe buffer holds, so the writer meets the closed pipe.
    const lines = Array.from({ length: 3000 }, (_, i) => `from pkg import missing_name_${i}`).join('\n');
    const repo = writeRepo({ 'pkg/__init__.py': '', 'main.py': `${lines}\n` });
    const result = spawnSync('/bin/bash', ['-c', `"${process.execPath}" "${BIN}" check "${repo}" | head -c 10 >/dev/null; exit \${PIPESTATUS[0]}`], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
  });
});

describe('preflight', () => {
  it('--version, rule docs', () => {
    expect(runCli(['--version']).stdout).toMatch(/^preflight \d+\.\d+\.\d+\n$/);
    expect(runCli(['rule']).stdout).toContain('unresolved-name');
    expect(runCli(['rule', 'unresolved-name']).stdout).toContain('## Why it crashes');
    expect(runCli(['rule', 'nope'])).toMatchObject({ exitCode: 2 });
  });
});

describe('configuration', () => {
  const error = (files: Record<string, string>) => runCli(['check', writeRepo({ ...files, 'main.py': '' })]);

  it('wrong types and unknown rules: exit 2, naming the file, the key and the type expected', () => {
    expect(error({ 'pyproject.toml': '[tool.preflight]\nroots = "src"\n' })).toMatchObject({ exitCode: 2, stderr: 'preflight: error: pyproject.toml: [tool.preflight]: `roots` must be a list of strings\n' });
    expect(error({ 'pyproject.toml': '[tool.preflight]\nshow-guarded = "yes"\n' }).stderr).toBe('preflight: error: pyproject.toml: [tool.preflight]: `show-guarded` must be true or false\n');
    expect(error({ 'preflight.toml': 'select = ["unresolved-nam"]\n' }).stderr).toMatch(/^preflight: error: preflight\.toml: `select` names unknown rule `unresolved-nam` \(known: /);
    expect(error({ '.preflight.toml': '[severity]\nunresolved-name = "fatal"\n' }).stderr).toBe('preflight: error: .preflight.toml: `severity` must be a table of rule id = "error" | "warning" | "off" (`unresolved-name` is "fatal")\n');
    expect(error({ 'preflight.toml': '[per-file-ignores]\n"tests/*" = "unresolved-name"\n' }).stderr).toBe('preflight: error: preflight.toml: `per-file-ignores` must be a table of "glob" = [rule ids] (`tests/*` is not a list of rule ids)\n');
    expect(error({ 'preflight.toml': 'roots = [\n' })).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/^preflight: error: preflight\.toml: invalid TOML: /) });
  });

  it('found walking up from the analysed folder; .preflight.toml before preflight.toml before pyproject.toml', () => {
    const repo = writeRepo({
      'pyproject.toml': '[tool.preflight]\nignore = ["unresolved-module"]\n', 'preflight.toml': 'ignore = ["unresolved-name"]\n',
      'svc/main.py': 'from pkg import missing\nimport pkg.nothere\n', 'svc/pkg/__init__.py': '',
    });
    const rules = (dir: string) => JSON.parse(runCli(['check', dir, '--format', 'json']).stdout).findings.map((f: { rule: string }) => f.rule);
    expect(rules(path.join(repo, 'svc'))).toEqual(['unresolved-module']);
    fs.writeFileSync(path.join(repo, '.preflight.toml'), 'ignore = []\n');
    expect(rules(path.join(repo, 'svc'))).toEqual(['unresolved-name', 'unresolved-module']);
  });

  it('per-rule severity, per-file ignores, select and ignore; flags win over the configuration', () => {
    const files = {
      'pkg/__init__.py': '', 'main.py': 'from pkg import missing\nimport pkg.nothere\n', 'tests/test_x.py': 'import pkg.alsonot\n',
      'pyproject.toml': '[tool.preflight]\nselect = ["unresolved-name", "unresolved-module"]\n[tool.preflight.severity]\nunresolved-name = "warning"\n[tool.preflight.per-file-ignores]\n"tests/**" = ["unresolved-module"]\n',
    };
    const report = (args: string[] = []) => JSON.parse(runCli(['check', writeRepo(files), '--format', 'json', ...args]).stdout);
    expect(report().findings.map((f: { rule: string; severity: string; file: string }) => `${f.file} ${f.rule} ${f.severity}`)).toEqual([
      'main.py unresolved-name warning', 'main.py unresolved-module error',
    ]);
    expect(report().summary).toMatchObject({ errors: 1, warnings: 1, findings: 2 });
    expect(report(['--select', 'unresolved-name']).findings.map((f: { rule: string }) => f.rule)).toEqual(['unresolved-name']);
    expect(report(['--ignore', 'unresolved-name,unresolved-module']).findings).toEqual([]);
    expect(runCli(['check', writeRepo(files), '--select', 'nope'])).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('--select: unknown rule `nope`') });
  });

  it('--exit-zero, --quiet and --statistics', () => {
    expect(runCli(['check', broken(), '--exit-zero']).exitCode).toBe(0);
    const quiet = runCli(['check', broken(), '--quiet']);
    expect(quiet.exitCode).toBe(1);
    expect(quiet.stdout).toContain('unresolved-name');
    expect(quiet.stdout).not.toContain('Found 1 error');
    expect(runCli(['check', writeRepo({ 'main.py': 'import os\n' }), '-q']).stdout).toBe('');
    const two = writeRepo({ 'pkg/__init__.py': '', 'main.py': 'from pkg import a, b\nimport pkg.gone\n' });
    expect(runCli(['check', two, '--statistics']).stdout).toBe('2  unresolved-name    error\n1  unresolved-module  error\n');
  });

  it('init writes the detected roots and entry points, which check then reads back; never overwrites', () => {
    const repo = writeRepo({ Procfile: 'web: uvicorn app.main:app\n', 'src/app/__init__.py': '', 'src/app/main.py': 'from app import nope\n' });
    expect(runCli(['init', repo])).toMatchObject({ exitCode: 0, stdout: 'preflight: wrote preflight.toml (2 roots, 1 entry point)\n' });
    const written = fs.readFileSync(path.join(repo, 'preflight.toml'), 'utf8');
    expect(written).toContain('roots = [".", "src"]\n# What each service starts; detected from service files and console scripts.\nentrypoints = ["uvicorn app.main:app"]');
    const report = JSON.parse(runCli(['check', repo, '--format', 'json']).stdout);
    expect(report.summary.roots).toEqual(['.', 'src']);
    expect(report.findings[0].impact.when).toBe('startup');
    expect(runCli(['init', repo])).toMatchObject({ exitCode: 2, stderr: 'preflight: error: a configuration already applies here: preflight.toml\n' });
    const withPyproject = writeRepo({ 'pyproject.toml': '[project]\nname = "x"\n', 'main.py': '' });
    expect(runCli(['init', withPyproject]).exitCode).toBe(0);
    expect(fs.readFileSync(path.join(withPyproject, 'pyproject.toml'), 'utf8')).toMatch(/^\[project\]\nname = "x"\n\n\[tool\.preflight\]\n# Source roots/);
    expect(runCli(['check', withPyproject]).exitCode).toBe(0);
  });

  it('--write-baseline records today\'s findings; --baseline reports only new ones, through line shifts, and says what is fixed', () => {
    const repo = writeRepo({ 'pkg/__init__.py': 'X = 1\n', 'main.py': 'from pkg import old_debt\nfrom pkg import X\n' });
    const baseline = path.join(repo, 'preflight-baseline.json');
    expect(runCli(['check', repo, '--write-baseline', baseline])).toMatchObject({ exitCode: 0, stderr: `preflight: wrote 1 finding to the baseline ${baseline}\n` });
    expect(runCli(['check', repo, '--baseline', baseline])).toMatchObject({ exitCode: 0, stderr: `preflight: note: baseline ${baseline}: 1 known finding hidden\n` });
    // Lines move and a new error appears: only the new one is reported.
    fs.writeFileSync(path.join(repo, 'main.py'), '"""Docs."""\n\nfrom pkg import old_debt\nfrom pkg import new_bug\n');
    const moved = runCli(['check', repo, '--baseline', baseline, '--format', 'json']);
    expect(moved.exitCode).toBe(1);
    expect(JSON.parse(moved.stdout).findings.map((f: { name: string }) => f.name)).toEqual(['new_bug']);
    // The debt is paid: the baseline entry is reported as fixed.
    fs.writeFileSync(path.join(repo, 'main.py'), 'from pkg import X\n');
    expect(runCli(['check', repo, '--baseline', baseline]).stderr).toBe(`preflight: note: baseline ${baseline}: 0 known findings hidden; 1 baselined finding is fixed (run --write-baseline to drop it)\n`);
    fs.writeFileSync(path.join(repo, 'bad.json'), '{"x": 1}');
    expect(runCli(['check', repo, '--baseline', path.join(repo, 'bad.json')])).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('is not a preflight baseline') });
  });

  it('--diff shows and --fix applies the unambiguous fixes on the seed fixtures; ambiguous ones are left alone', () => {
    const fixtures = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../fixtures');
    const copy = (name: string) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `preflight-fix-${name}-`));
      fs.cpSync(path.join(fixtures, name, 'repo'), dir, { recursive: true });
      return dir;
    };
    // Seed 001: all three fixes (module moved, name not re-exported, misspelt class kept under its name).
    const api = copy('seed-001-api-502');
    const scrapes = path.join(api, 'backend/api/v1/endpoints/scrapes.py');
    const before = fs.readFileSync(scrapes, 'utf8');
    const diff = runCli(['check', api, '--diff']);
    expect(diff.exitCode).toBe(1);
    expect(diff.stdout).toBe([
      '--- a/backend/api/v1/endpoints/scrapes.py', '+++ b/backend/api/v1/endpoints/scrapes.py', '@@ -1,8 +1,8 @@',
      ' from fastapi import APIRouter, Depends', ' ',
      '-from core.auth import get_current_user', '-from models import ScrapeSession', '-from models.user import User',
      '+from api.deps import get_current_user', '+from models.scrape_session import ScrapeSession', '+from models.user import AdminUser as User',
      ' from services.progress import ProgressTracker', ' ', ' router = APIRouter()', '',
    ].join('\n'));
    expect(fs.readFileSync(scrapes, 'utf8')).toBe(before);
    const fixed = runCli(['check', api, '--fix']);
    expect(fixed.stderr).toContain('preflight: applied 3 fixes');
    expect(fixed.exitCode).toBe(0);
    expect(fixed.stdout).toContain('All imports resolve.');
    expect(fs.readFileSync(scrapes, 'utf8')).toBe(before.replace('from core.auth import', 'from api.deps import').replace('from models import ScrapeSession', 'from models.scrape_session import ScrapeSession').replace('from models.user import User', 'from models.user import AdminUser as User'));
    // Seed 000: `get_db_session` has three close names: ambiguous, no fix; the error stays. Seed 002 is a
    // missing package (no import to rewrite); the clean backend has nothing to fix.
    for (const [name, exitCode] of [['seed-000-celery-get-db-session', 1], ['seed-002-corsheaders-undeclared', 1], ['seed-clean-backend', 0]] as const) {
      const repo = copy(name);
      expect(runCli(['check', repo, '--diff'])).toMatchObject({ exitCode: 0, stdout: '' });
      expect(runCli(['check', repo, '--fix']).exitCode).toBe(exitCode);
    }
  });

  it('--fix splits a statement that imports a moved name with others, keeps aliases, and leaves relative imports alone', () => {
    const repo = writeRepo({
      'models/__init__.py': 'from models.base import Base\n', 'models/base.py': 'class Base:\n    pass\n', 'models/session.py': 'class ScrapeSession:\n    pass\n',
      'app.py': 'def f():\n    from models import Base, ScrapeSession as S  # used below\n    return Base, S\n',
      'models/rel.py': 'from . import ScrapeSession\n',
    });
    runCli(['check', repo, '--fix']);
    expect(fs.readFileSync(path.join(repo, 'app.py'), 'utf8')).toBe('def f():\n    from models import Base  # used below\n    from models.session import ScrapeSession as S\n    return Base, S\n');
    expect(fs.readFileSync(path.join(repo, 'models/rel.py'), 'utf8')).toBe('from . import ScrapeSession\n');
  });

  it('the cache: --cache-dir and $PREFLIGHT_CACHE_DIR move it, --no-cache bypasses it', () => {
    const repo = broken();
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-cache-'));
    expect(runCli(['check', repo, '--cache-dir', path.join(elsewhere, 'a')]).exitCode).toBe(1);
    expect(fs.existsSync(path.join(elsewhere, 'a/facts-v2.bin'))).toBe(true);
    expect(runCli(['check', repo], { env: { PREFLIGHT_CACHE_DIR: path.join(elsewhere, 'b') } }).exitCode).toBe(1);
    expect(fs.existsSync(path.join(elsewhere, 'b/facts-v2.bin'))).toBe(true);
    expect(fs.existsSync(path.join(repo, '.preflight_cache'))).toBe(false);
    expect(runCli(['check', repo, '--no-cache']).exitCode).toBe(1);
    expect(fs.existsSync(path.join(repo, '.preflight_cache'))).toBe(false);
    runCli(['check', repo]);
    expect(fs.existsSync(path.join(repo, '.preflight_cache/facts-v2.bin'))).toBe(true);
  });

  it('--fix keeps a BOM and the file mode, leaves non-UTF-8 files to the user', () => {
    const files = { 'models/__init__.py': '', 'models/session.py': 'class ScrapeSession:\n    pass\n' };
    const repo = writeRepo({ ...files, 'app.py': '\ufefffrom models import ScrapeSession\n', 'tool.py': '# -*- coding: latin-1 -*-\nfrom models import ScrapeSession\nNAME = "caf\xe9"\n' });
    fs.writeFileSync(path.join(repo, 'tool.py'), Buffer.from('# -*- coding: latin-1 -*-\nfrom models import ScrapeSession\nNAME = "caf\xe9"\n', 'latin1'));
    fs.chmodSync(path.join(repo, 'app.py'), 0o755);
    const result = runCli(['check', repo, '--fix']);
    expect(result.stderr).toContain('preflight: tool.py is not UTF-8: its 1 fix must be made by hand');
    expect(fs.readFileSync(path.join(repo, 'app.py'), 'utf8')).toBe('\ufefffrom models.session import ScrapeSession\n');
    expect(fs.statSync(path.join(repo, 'app.py')).mode & 0o777).toBe(0o755);
    expect(fs.readFileSync(path.join(repo, 'tool.py'))).toEqual(Buffer.from('# -*- coding: latin-1 -*-\nfrom models import ScrapeSession\nNAME = "caf\xe9"\n', 'latin1'));
  });

  it('a configured severity keeps the fixes; --fix leaves baselined findings alone', () => {
    const files = { 'models/__init__.py': '', 'models/session.py': 'class ScrapeSession:\n    pass\n', 'a.py': 'from models import ScrapeSession\n' };
    const repo = writeRepo({ ...files, 'preflight.toml': '[severity]\nunresolved-name = "warning"\n' });
    expect(runCli(['check', repo, '--diff']).stdout).toContain('+from models.session import ScrapeSession');
    const baselined = writeRepo(files);
    const baseline = path.join(baselined, 'baseline.json');
    runCli(['check', baselined, '--write-baseline', baseline]);
    expect(runCli(['check', baselined, '--baseline', baseline, '--diff'])).toMatchObject({ exitCode: 0, stdout: '' });
  });

  it('hook: the configured target applies; a renamed module breaks its importers, reported with the cause', () => {
    const target = writeRepo({ 'preflight.toml': 'python-version = "3.9"\n', 'main.py': 'import tomllib\n' });
    expect(runCli(['hook', 'main.py'], { cwd: target }).exitCode).toBe(1);
    const repo = writeRepo({ 'pkg/__init__.py': '', 'pkg/models.py': 'X = 1\n', 'app.py': 'from pkg.models import X\n' });
    const env = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };
    const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, env: { ...process.env, ...env } });
    if (git('init', '-q').status !== 0) return;
    git('add', '-A');
    git('commit', '-qm', 'init');
    git('mv', 'pkg/models.py', 'pkg/model.py');
    const result = runCli(['hook', 'pkg/model.py'], { cwd: repo, env: { NO_COLOR: '1' } });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('app.py:1:6: unresolved-module No module named `pkg.models` (caused by the change to pkg/models.py)');
  });
});

