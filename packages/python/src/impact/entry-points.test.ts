import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { check } from '../check.js';
import { parseCommandLine } from './command-lines.js';
import { readServiceCommands } from './service-files.js';

describe('command lines', () => {
  it.each([
    ['uvicorn main:app --host 0.0.0.0 --port 8000', { name: 'uvicorn main:app', module: 'main', role: 'server' }],
    ['/srv/app/.venv/bin/gunicorn -w 4 -k uvicorn.workers.UvicornWorker --chdir backend app.main:app', { name: 'gunicorn app.main:app', module: 'app.main', workdir: 'backend', role: 'server' }],
    ['hypercorn --bind 0.0.0.0:80 api:create_app()', { name: 'hypercorn api:create_app()', module: 'api', role: 'server' }],
    ['daphne -b 0.0.0.0 project.asgi:application', { name: 'daphne project.asgi:application', module: 'project.asgi', role: 'server' }],
    ['uvicorn --app-dir=src svc.main:app', { name: 'uvicorn svc.main:app', module: 'svc.main', workdir: 'src', role: 'server' }],
    ['celery -A proj worker -l info -Q default', { name: 'celery -A proj worker', module: 'proj', role: 'worker' }],
    ['celery --app=proj.celery:app beat', { name: 'celery -A proj.celery:app beat', module: 'proj.celery', role: 'worker' }],
    ['python -m app.server', { name: 'python -m app.server', module: 'app.server', role: 'script' }],
    ['python3 -u manage.py runserver 0.0.0.0:8000', { name: 'python manage.py runserver', script: 'manage.py', role: 'server' }],
    ['./manage.py migrate', { name: 'python ./manage.py migrate', script: './manage.py', role: 'script' }],
    ['cd backend && exec env PORT=80 uvicorn main:app', { name: 'uvicorn main:app', module: 'main', workdir: 'backend', role: 'server', env: { PORT: '80' } }],
    ['export DJANGO_SETTINGS_MODULE=conf.prod; gunicorn conf.wsgi', { name: 'gunicorn conf.wsgi', module: 'conf.wsgi', role: 'server', env: { DJANGO_SETTINGS_MODULE: 'conf.prod' } }],
    ['fastapi run --workers 4 app/main.py', { name: 'fastapi run app/main.py', script: 'app/main.py', role: 'server' }],
    ['sh -c "cd api && gunicorn wsgi:app"', { name: 'gunicorn wsgi:app', module: 'wsgi', workdir: 'api', role: 'server' }],
    ['sh scripts/start.sh', { name: 'sh scripts/start.sh', shellScript: 'scripts/start.sh' }],
    ['/app/docker-entrypoint.sh', { name: '/app/docker-entrypoint.sh', shellScript: '/app/docker-entrypoint.sh' }],
  ])('%s', (command, expected) => {
    expect(parseCommandLine(command)).toEqual([expected]);
  });

  it('ignores what it does not know, and templates', () => {
    expect(parseCommandLine('nginx -g "daemon off;"')).toEqual([]);
    expect(parseCommandLine('gunicorn {{ project_name }}.wsgi:application')).toEqual([]);
  });
});

describe('service files', () => {
  it('supervisor programs with their directory', () => {
    expect(readServiceCommands('deploy/app.conf', '[program:api]\ndirectory=/srv/app/backend\ncommand=/srv/venv/bin/uvicorn main:app\n[group:x]\n')).toEqual([
      { command: '/srv/venv/bin/uvicorn main:app', service: 'api', source: 'deploy/app.conf:3', workdir: '/srv/app/backend' },
    ]);
  });

  it('Procfile, Dockerfile (exec and shell form, ENTRYPOINT + CMD, WORKDIR), compose, systemd', () => {
    expect(readServiceCommands('Procfile', 'web: gunicorn app:app\nworker: celery -A app worker\n').map((c) => [c.service, c.command])).toEqual([
      ['web', 'gunicorn app:app'], ['worker', 'celery -A app worker'],
    ]);
    expect(readServiceCommands('Dockerfile', 'FROM python\nWORKDIR /code/backend\nENTRYPOINT ["uvicorn"]\nCMD ["main:app", "--port", "80"]\n')).toEqual([
      { command: 'uvicorn main:app --port 80', source: 'Dockerfile:4', workdir: '/code/backend' },
    ]);
    expect(readServiceCommands('docker-compose.yml', 'services:\n  api:\n    build: .\n    working_dir: /app/api\n    command: uvicorn main:app\n  worker:\n    command: ["celery", "-A", "tasks", "worker"]\nvolumes:\n  x:\n')).toEqual([
      { command: 'uvicorn main:app', service: 'api', source: 'docker-compose.yml:5', workdir: '/app/api' },
      { command: 'celery -A tasks worker', service: 'worker', source: 'docker-compose.yml:7' },
    ]);
    expect(readServiceCommands('deploy/api.service', '[Service]\nWorkingDirectory=/srv/backend\nExecStart=/srv/venv/bin/gunicorn wsgi:app\n')).toEqual([
      { command: '/srv/venv/bin/gunicorn wsgi:app', service: 'api', source: 'deploy/api.service:3', workdir: '/srv/backend' },
    ]);
  });
});

describe('startup impact', () => {
  const repo = () =>
    writeRepo({
      Procfile: 'web: cd backend && uvicorn main:app\nworker: cd backend && celery -A worker worker\n',
      'backend/main.py': 'from api import routes\n',
      'backend/api/__init__.py': '',
      'backend/api/routes.py': 'from models import Missing\n\ndef later():\n    from models import AlsoMissing\n',
      'backend/models/__init__.py': 'Present = 1\n',
      'backend/worker.py': 'from celery import Celery\napp = Celery("w", include=["jobs.email"])\n',
      'backend/jobs/__init__.py': '',
      'backend/jobs/email.py': 'from models import Gone\n',
      'backend/scripts/oneoff.py': 'from models import NotStartup\n',
    });

  it('each finding carries the services it takes down and the shortest chain; function bodies stay call-time', () => {
    const { report } = check({ root: repo() });
    expect(report.summary.entrypoints).toEqual([
      { name: 'uvicorn main:app', module: 'main', source: 'Procfile:1', service: 'web' },
      { name: 'celery -A worker worker', module: 'worker', source: 'Procfile:2', service: 'worker' },
    ]);
    expect(report.findings.map((f) => [f.file, f.name, f.impact])).toEqual([
      ['backend/api/routes.py', 'Missing', { when: 'startup', entrypoints: ['uvicorn main:app'], chain: ['main', 'api.routes'] }],
      ['backend/api/routes.py', 'AlsoMissing', { when: 'call' }],
      ['backend/jobs/email.py', 'Gone', { when: 'startup', entrypoints: ['celery -A worker worker'], chain: ['worker', 'jobs.email'] }],
      ['backend/scripts/oneoff.py', 'NotStartup', { when: 'import' }],
    ]);
  });
});

describe('console scripts', () => {
  it('[project.scripts], setup.cfg and setup.py console_scripts (read as text, never run)', () => {
    const root = writeRepo({
      'pyproject.toml': '[project]\nname = "tool"\n[project.scripts]\ntool = "tool.cli:main"\n',
      'setup.cfg': '[options.entry_points]\nconsole_scripts =\n    tool-admin = tool.admin:run\n',
      'setup.py': 'from setuptools import setup\nsetup(entry_points={"console_scripts": ["tool-worker = tool.worker:main"]})\n',
      'tool/__init__.py': '', 'tool/cli.py': '', 'tool/admin.py': '', 'tool/worker.py': '',
    });
    expect(check({ root }).report.summary.entrypoints).toEqual([
      { name: 'tool', module: 'tool.cli', source: 'pyproject.toml [project.scripts]' },
      { name: 'tool-admin', module: 'tool.admin', source: 'setup.cfg console_scripts' },
      { name: 'tool-worker', module: 'tool.worker', source: 'setup.py console_scripts' },
    ]);
  });
});
