import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { check } from './check.js';
import { LiveProject, type DiskAction, type DiskChange } from './live-project.js';

const project = () => writeRepo({
  '.gitignore': 'scratch_*\n',
  'models/__init__.py': 'from models.user import User\n',
  'models/user.py': 'class User:\n    pass\n',
  'app/__init__.py': '',
  'app/main.py': 'from models import User\n',
});

const errors = (live: LiveProject) => live.analyse().report.findings.filter((f) => f.severity === 'error').map((f) => `${f.file}:${f.line} ${f.rule} ${f.name ?? ''}`);

describe('a live project', () => {
  it('analyses buffers instead of the files on disk, and the files again once a buffer is dropped', async () => {
    const root = project();
    const live = await LiveProject.open({ root, cacheDir: false });
    expect(errors(live)).toEqual([]);
    // The re-export removed in the editor: the importer in another folder breaks, the disk is untouched.
    live.setBuffer('models/__init__.py', '');
    expect(errors(live)).toEqual(['app/main.py:1 unresolved-name User']);
    expect(fs.readFileSync(path.join(root, 'models/__init__.py'), 'utf8')).toBe('from models.user import User\n');
    live.setBuffer('models/__init__.py', undefined);
    expect(errors(live)).toEqual([]);
  });

  it('knows when an edit changed nothing the analysis reads (a comment), and when it did', async () => {
    const root = project();
    const live = await LiveProject.open({ root, cacheDir: false });
    expect(live.changedSinceAnalysis).toBe(true);
    live.analyse();
    expect(live.changedSinceAnalysis).toBe(false);
    live.setBuffer('app/main.py', 'from models import User  # the user model\n');
    expect(live.changedSinceAnalysis).toBe(false);
    live.setBuffer('app/main.py', 'from models import User, Admin\n');
    expect(live.changedSinceAnalysis).toBe(true);
    live.analyse();
    await live.rescan();
    expect(live.changedSinceAnalysis).toBe(true);
  });

  it('runs an analysis in steps; one dropped halfway leaves the project changed, and the next gives the whole report', async () => {
    const live = await LiveProject.open({ root: project(), cacheDir: false });
    live.setBuffer('models/__init__.py', '');
    const steps = live.analysis();
    expect(steps.next().done).toBe(false);
    steps.return(undefined as never);
    expect(live.changedSinceAnalysis).toBe(true);
    let count = 0;
    const again = live.analysis();
    let step = again.next();
    for (; !step.done; step = again.next()) count++;
    expect(count).toBeGreaterThan(3);
    expect(step.value.report.findings.map((f) => `${f.file} ${f.rule}`)).toContain('app/main.py unresolved-name');
    expect(live.changedSinceAnalysis).toBe(false);
  });

  it('gives the report check gives, run after run on the same facts', async () => {
    const root = project();
    fs.writeFileSync(path.join(root, 'app/other.py'), 'from models.user import Admin\nimport models.missing\n');
    const live = await LiveProject.open({ root, cacheDir: false });
    const strip = (r: ReturnType<typeof check>['report']) => ({ ...r, summary: { ...r.summary, durationMs: 0 } });
    const expected = strip(check({ root, cacheDir: false }).report);
    expect(strip(live.analyse().report)).toEqual(expected);
    expect(strip(live.analyse().report)).toEqual(expected);
  });

  it('reads a file changed on disk, takes in a new unsaved file, and finds files created outside the editor on rescan', async () => {
    const root = project();
    const live = await LiveProject.open({ root, cacheDir: false });
    fs.writeFileSync(path.join(root, 'models/user.py'), 'class AdminUser:\n    pass\n');
    live.reload('models/user.py');
    expect(errors(live)).toEqual(['models/__init__.py:1 unresolved-name User']);
    live.setBuffer('app/new.py', 'from models.user import AdminUser, Nope\n');
    expect(live.has('app/new.py')).toBe(true);
    // A buffer the walk would never have read (a virtualenv's module opened by go-to-definition) stays out.
    live.setBuffer('.venv/lib/python3.12/site-packages/requests/api.py', 'import nowhere\n');
    expect(live.has('.venv/lib/python3.12/site-packages/requests/api.py')).toBe(false);
    // Nor a new file that .gitignore leaves out (check would not read it once saved).
    live.setBuffer('app/scratch_1.py', 'import nowhere\n');
    expect(live.has('app/scratch_1.py')).toBe(false);
    expect(errors(live)).toContain('app/new.py:1 unresolved-name Nope');
    fs.writeFileSync(path.join(root, 'app/made.py'), 'import models.gone\n');
    expect(live.has('app/made.py')).toBe(false);
    await live.rescan();
    expect(errors(live)).toContain('app/made.py:1 unresolved-module ');
    // The buffer of the unsaved file survives the rescan; closed without being saved, its module goes.
    expect(errors(live)).toContain('app/new.py:1 unresolved-name Nope');
    live.setBuffer('app/new.py', undefined);
    expect(live.has('app/new.py')).toBe(false);
    fs.writeFileSync(path.join(root, 'app/uses_new.py'), 'import app.new\n');
    await live.rescan();
    expect(errors(live)).toContain('app/uses_new.py:1 unresolved-module ');
  });

  it('says what a change on disk asks of it: read a file again, analyse again, walk again, or nothing', async () => {
    const root = project();
    fs.mkdirSync(path.join(root, 'node_modules/pkg'), { recursive: true });
    fs.writeFileSync(path.join(root, 'requirements.txt'), 'fastapi\n-r extra/more.txt\n');
    fs.mkdirSync(path.join(root, 'extra'));
    fs.writeFileSync(path.join(root, 'extra/more.txt'), 'celery\n');
    fs.writeFileSync(path.join(root, 'setup.py'), 'from setuptools import setup\nsetup(name="app", install_requires=["six"])\n');
    fs.writeFileSync(path.join(root, '.pythonrc.py'), 'import os\n');
    const site = '.venv/lib/python3.12/site-packages';
    fs.mkdirSync(path.join(root, site), { recursive: true });
    fs.writeFileSync(path.join(root, '.venv/pyvenv.cfg'), 'version = 3.12.1\n');
    const live = await LiveProject.open({ root, cacheDir: false });
    live.analyse();
    fs.mkdirSync(path.join(root, 'renamed'));
    fs.mkdirSync(path.join(root, 'newpkg/sub'), { recursive: true });
    fs.mkdirSync(path.join(root, 'env2/lib'), { recursive: true });
    fs.writeFileSync(path.join(root, 'env2/pyvenv.cfg'), 'home = /usr/bin\n');
    const asks = (file: string, change: DiskChange) => live.changeOnDisk(file, change);
    const expected: [string, DiskChange, DiskAction | undefined][] = [
      ['models/user.py', 'changed', 'reload'],
      // An editor's atomic save: written anew.
      ['models/user.py', 'created', 'reload'],
      ['.pythonrc.py', 'changed', 'reload'],
      ['models/user.py', 'deleted', 'rescan'],
      ['app/new.py', 'created', 'rescan'],
      // A folder renamed or removed comes as one event, for the folder.
      ['models', 'deleted', 'rescan'],
      ['renamed', 'created', 'rescan'],
      // Files the walk or the analysis reads.
      ['.gitignore', 'changed', 'rescan'],
      ['requirements.txt', 'changed', 'reanalyse'],
      ['extra/more.txt', 'changed', 'reanalyse'],
      ['setup.py', 'changed', 'reload'],
      // An ignored module created: imports of it become unknown, not missing.
      ['app/scratch_2.py', 'created', 'rescan'],
      // A file in a folder the walk has not seen yet, with no event for the folder; not in a new virtualenv.
      ['newpkg/sub/x.py', 'created', 'rescan'],
      ['env2/lib/x.py', 'created', undefined],
      // The environment: a package installed, a virtualenv made; not its bytecode.
      [`${site}/newpkg`, 'created', 'rescan'],
      [`${site}/newpkg-1.0.dist-info/RECORD`, 'created', 'rescan'],
      [`${site}/six/__pycache__/six.cpython-312.pyc`, 'created', undefined],
      ['env3/pyvenv.cfg', 'created', 'rescan'],
      // What it never reads: a README saved, git's churn, a cache, editors' and databases' scratch files,
      // an ignored file saved, a folder it never entered.
      ['README.md', 'changed', undefined],
      ['.git', 'created', undefined],
      ['.git/index.lock', 'created', undefined],
      ['app/__pycache__', 'created', undefined],
      ...['app/4913', 'app/main.py~', 'db.sqlite3-journal', 'app/#main.py#'].flatMap((scratch) => [[scratch, 'created', undefined], [scratch, 'deleted', undefined]] as const),
      ['app/scratch_2.py', 'changed', undefined],
      ['node_modules/pkg/x.py', 'created', undefined],
      ['build', 'created', undefined],
      ['../elsewhere.py', 'changed', undefined],
    ];
    for (const [file, change, action] of expected) expect(asks(file, change), `${change} ${file}`).toBe(action);
    // The editor's own save of an open buffer: the buffer holds the file.
    live.setBuffer('app/main.py', 'from models import User\n');
    expect(asks('app/main.py', 'changed')).toBeUndefined();
    // Applied: setup.py's lists are read again by the next analysis.
    live.analyse();
    await live.applyDiskChanges([{ file: 'setup.py', change: 'changed' }, { file: 'README.md', change: 'changed' }]);
    expect(live.changedSinceAnalysis).toBe(true);
    live.analyse();
    await live.applyDiskChanges([{ file: 'README.md', change: 'changed' }]);
    expect(live.changedSinceAnalysis).toBe(false);
  });

  it('a buffer is the file as it will be saved: out while a .gitignore leaves it out, in again after; in when its folder is deleted under it', async () => {
    const root = project();
    const live = await LiveProject.open({ root, cacheDir: false });
    live.setBuffer('app/main.py', 'from models import Nope\n');
    expect(errors(live)).toEqual(['app/main.py:1 unresolved-name Nope']);
    fs.writeFileSync(path.join(root, '.gitignore'), 'app/\n');
    await live.rescan();
    expect(errors(live)).toEqual([]);
    live.setBuffer('app/main.py', 'from models import Nope, Gone\n');
    expect(errors(live)).toEqual([]);
    fs.writeFileSync(path.join(root, '.gitignore'), '');
    await live.rescan();
    expect(errors(live)).toEqual(['app/main.py:1 unresolved-name Nope', 'app/main.py:1 unresolved-name Gone']);
    // A branch without app/: the open buffer stays what saving it would write back.
    fs.rmSync(path.join(root, 'app'), { recursive: true });
    await live.rescan();
    expect(live.has('app/main.py')).toBe(true);
    expect(errors(live)).toEqual(['app/main.py:1 unresolved-name Nope', 'app/main.py:1 unresolved-name Gone']);
    // Closed unsaved: gone with its folder.
    live.setBuffer('app/main.py', undefined);
    expect(live.has('app/main.py')).toBe(false);
    // Never in by name alone: a hidden or a virtualenv's folder, even missing from the disk.
    live.setBuffer('.hidden/new.py', 'import nowhere\n');
    live.setBuffer('venv/lib/x.py', 'import nowhere\n');
    expect(live.has('.hidden/new.py') || live.has('venv/lib/x.py')).toBe(false);
  });
});
