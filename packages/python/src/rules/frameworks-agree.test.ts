/**
 * unresolved-reference against the real frameworks (Debian's python3-celery and python3-django in
 * /usr/lib/python3/dist-packages): for each small project, what preflight reports as an error at the
 * string is exactly what makes the framework raise when it starts, and a project it says nothing about
 * starts. Celery: what a worker and beat run at start (`app.loader.import_default_modules()`, which
 * `loader.init_worker()` calls). Skipped where a framework is not installed.
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
}

/** For each case: preflight's errors on the file, and whether Python raised, side by side. */
async function compare(cases: Record<string, Case>, file: string, code: string) {
  const results = await Promise.all(Object.entries(cases).map(async ([name, c]) => {
    const root = writeRepo(c.files);
    const errors = check({ root, sitePackages: [DIST_PACKAGES], cacheDir: false }).report.findings
      .filter((f) => f.severity === 'error' && f.file === file).map((f) => `${f.rule} ${f.line}:${f.column}`);
    const raised = await raises(root, code);
    fs.rmSync(root, { recursive: true, force: true });
    return { name, expected: c.raises, raised: raised !== undefined, cause: raised, errors };
  }));
  for (const r of results) {
    expect({ name: r.name, raised: r.raised, cause: r.cause }).toMatchObject({ name: r.name, raised: r.expected });
    expect({ name: r.name, errors: r.errors.length > 0 }).toEqual({ name: r.name, errors: r.raised });
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
