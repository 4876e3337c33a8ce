import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import type { CheckOptions } from '../check.js';
import { checkOutcome } from '../check-outcome.js';

const files = {
  'app/__init__.py': '',
  'app/models.py': 'class User:\n    pass\n',
  'app/api.py': 'from app.models import Usr\n',
  'requirements.txt': 'flask\n',
  'app/.gitignore': '# nothing ignored\n',
};

async function twice(options: CheckOptions, change: (root: string) => void) {
  const first = await checkOutcome(options);
  change(options.root);
  return { first, second: await checkOutcome(options) };
}

const findings = (o: Awaited<ReturnType<typeof checkOutcome>>) => o.report.findings.map((f) => `${f.file}:${f.line} ${f.rule}`);

describe('result cache', () => {
  it('a run with nothing changed is the last run, finding for finding, without parsing', async () => {
    const root = writeRepo(files);
    const { first, second } = await twice({ root }, () => {});
    expect(first.reused).toBe(false);
    expect(second.reused).toBe(true);
    expect(second.stats.parsed).toBe(0);
    expect(second.report.findings).toEqual(first.report.findings);
    expect({ ...second.report.summary, durationMs: 0 }).toEqual({ ...first.report.summary, durationMs: 0 });
    expect(second.fixes).toEqual(first.fixes);
  });

  it('an edited, added or removed Python file, or a changed dependency file, makes a new run', async () => {
    const edits: [string, (root: string) => void][] = [
      ['edited', (root) => fs.writeFileSync(path.join(root, 'app/models.py'), 'class Usr:\n    pass\n')],
      ['added', (root) => fs.writeFileSync(path.join(root, 'app/extra.py'), 'import app.gone\n')],
      ['removed', (root) => fs.rmSync(path.join(root, 'app/models.py'))],
      ['dependencies', (root) => fs.writeFileSync(path.join(root, 'requirements.txt'), 'flask\ndjango\n')],
      // Same folder entries, another .gitignore: app/api.py is no longer analysed.
      ['gitignore', (root) => fs.writeFileSync(path.join(root, 'app/.gitignore'), 'api.py\n')],
    ];
    for (const [what, edit] of edits) {
      const { first, second } = await twice({ root: writeRepo(files) }, edit);
      expect({ what, reused: second.reused }).toEqual({ what, reused: false });
      if (what === 'edited' || what === 'gitignore') expect(findings(second)).toEqual([]);
      if (what === 'added') expect(findings(second)).toEqual([...findings(first), 'app/extra.py:1 unresolved-module'].sort());
    }
  });

  it('when only Python files changed, the last scan is used, and what it finds is what a full run finds', async () => {
    const root = writeRepo(files);
    await checkOutcome({ root });
    fs.writeFileSync(path.join(root, 'app/models.py'), 'class Usr:\n    pass\n');
    const edited = await checkOutcome({ root });
    expect({ reused: edited.reused, scanReused: edited.scanReused, parsed: edited.stats.parsed }).toEqual({ reused: false, scanReused: true, parsed: 1 });
    expect(findings(edited)).toEqual([]);
    // Its stamps are the new ones: the next run is reused, then a break is seen again.
    expect((await checkOutcome({ root })).reused).toBe(true);
    fs.writeFileSync(path.join(root, 'app/models.py'), 'class Admin:\n    pass\n');
    const broken = await checkOutcome({ root });
    expect(broken.scanReused).toBe(true);
    expect(findings(broken)).toEqual(['app/api.py:1 unresolved-name']);
    expect(broken.report.findings).toEqual((await checkOutcome({ root, cacheDir: false })).report.findings);
    // A new file changes its folder: walked again.
    fs.writeFileSync(path.join(root, 'app/extra.py'), 'import app.gone\n');
    const added = await checkOutcome({ root });
    expect({ reused: added.reused, scanReused: added.scanReused ?? false }).toEqual({ reused: false, scanReused: false });
    expect(findings(added)).toContain('app/extra.py:1 unresolved-module');
  });

  it('an edit the facts do not see (a comment, the end of the file) reuses the analysis; one they see does not', async () => {
    const root = writeRepo(files);
    const first = await checkOutcome({ root });
    fs.appendFileSync(path.join(root, 'app/api.py'), '# a comment\n');
    const commented = await checkOutcome({ root });
    expect({ parsed: commented.stats.parsed, analysisReused: commented.analysisReused }).toEqual({ parsed: 1, analysisReused: true });
    expect(commented.report.findings).toEqual(first.report.findings);
    expect((await checkOutcome({ root })).reused).toBe(true);
    // The same import a line lower: its finding moves.
    fs.writeFileSync(path.join(root, 'app/api.py'), '\nfrom app.models import Usr\n');
    const moved = await checkOutcome({ root });
    expect(moved.analysisReused ?? false).toBe(false);
    expect(findings(moved)).toEqual(['app/api.py:2 unresolved-name']);
  });

  it('other options are another run', async () => {
    const root = writeRepo(files);
    await checkOutcome({ root });
    expect((await checkOutcome({ root, exclude: ['app/api.py'] })).reused).toBe(false);
    expect((await checkOutcome({ root, target: { version: [3, 9], platform: 'win32' }, versionExplicit: true })).reused).toBe(false);
    expect((await checkOutcome({ root, env: { VIRTUAL_ENV: '/nowhere' } })).reused).toBe(false);
    // Environment variables the analysis never reads do not matter.
    expect((await checkOutcome({ root, env: { VIRTUAL_ENV: '/nowhere', _: '/usr/bin/time' } })).reused).toBe(true);
  });

  it('a corrupt or foreign result file is ignored and rewritten; without a cache nothing is kept', async () => {
    const root = writeRepo(files);
    const first = await checkOutcome({ root });
    const stored = path.join(root, '.preflight_cache', 'result-v2.json');
    for (const garbage of ['{"key":', '[]', 'null', JSON.stringify({ key: 'x', stamps: {}, outcome: {} })]) {
      fs.writeFileSync(stored, garbage);
      const again = await checkOutcome({ root });
      expect(again.reused).toBe(false);
      expect(again.report.findings).toEqual(first.report.findings);
      expect((await checkOutcome({ root })).reused).toBe(true);
    }
    const none = writeRepo(files);
    await checkOutcome({ root: none, cacheDir: false });
    expect((await checkOutcome({ root: none, cacheDir: false })).reused).toBe(false);
    expect(fs.existsSync(path.join(none, '.preflight_cache'))).toBe(false);
  });

  it('an environment with editable installs is never reused: their sources are outside what the key sees', async () => {
    const plain = writeRepo({ ...files, '.venv/pyvenv.cfg': 'version = 3.12.1\n', '.venv/lib/python3.12/site-packages/six.py': '' });
    await checkOutcome({ root: plain });
    expect((await checkOutcome({ root: plain })).reused).toBe(true);
    // Installing a package changes site-packages.
    fs.mkdirSync(path.join(plain, '.venv/lib/python3.12/site-packages/flask'));
    expect((await checkOutcome({ root: plain })).reused).toBe(false);
    const root = writeRepo({
      ...files,
      '.venv/pyvenv.cfg': 'version = 3.12.1\n',
      '.venv/lib/python3.12/site-packages/__editable___lib_0_finder.py': `MAPPING = {'lib': '${'/elsewhere/lib'}'}\n`,
    });
    await checkOutcome({ root });
    expect((await checkOutcome({ root })).reused).toBe(false);
  });
});
