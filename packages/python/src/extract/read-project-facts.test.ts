import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '@preflight/core';
import { writeRepo } from '@preflight/testkit';
import { FactsCache } from '../cache/facts-cache.js';
import { check, checkAsync } from '../check.js';
import { readProjectFacts, readProjectFactsAsync } from './read-project-facts.js';

/** A project of 300 modules with imports, re-exports, a syntax error, a latin-1 file and an undecodable one. */
function project(): { root: string; files: string[] } {
  const files: Record<string, string | Buffer> = { 'pkg/__init__.py': 'from pkg.m0 import f0\n' };
  for (let i = 0; i < 300; i++) files[`pkg/m${i}.py`] = `import os\nfrom pkg.m${(i * 7) % 300} import f${(i * 7) % 300}\n\ndef f${i}():\n    from pkg import f${i + 1}\n    return os.sep\n`;
  files['pkg/broken.py'] = 'def f(:\n    pass\n';
  files['pkg/latin.py'] = Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nname = "'), Buffer.from([0xe9]), Buffer.from('"\nfrom pkg import missing\n')]);
  files['pkg/binary.py'] = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
  const root = writeRepo(files);
  return { root, files: Object.keys(files).sort() };
}

describe('reading facts on worker threads', () => {
  it('gives the same facts, in the same order, on 2 threads as on this one, cached or not', async () => {
    const { root, files } = project();
    const notices: string[] = [];
    const alone = readProjectFacts(root, files, undefined, notices).files;
    const pooled = await readProjectFactsAsync(root, files, undefined, [], { jobs: 2, poolThresholdBytes: 0 });
    expect(pooled.threads).toBe(2);
    expect(pooled.parsed).toBe(files.length);
    expect(pooled.files).toEqual(alone);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-cache-'));
    const cold = new FactsCache(dir);
    expect((await readProjectFactsAsync(root, files, cold, [], { jobs: 2, poolThresholdBytes: 0 })).files).toEqual(alone);
    expect(cold.misses).toBeGreaterThan(0);
    cold.save();
    const warm = new FactsCache(dir);
    const cached = await readProjectFactsAsync(root, files, warm, [], { jobs: 2, poolThresholdBytes: 0 });
    expect(cached.files).toEqual(alone);
    expect(warm.misses).toBe(0);
    expect(cached.parsed).toBe(0);
  });

  it('facts cached from a worker are the bytes this thread makes: a comment appended leaves them unchanged', async () => {
    const { root, files } = project();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-cache-'));
    const cold = new FactsCache(dir);
    await readProjectFactsAsync(root, files, cold, [], { jobs: 2, poolThresholdBytes: 0 });
    cold.save();
    const file = path.join(root, 'pkg/m3.py');
    fs.appendFileSync(file, '# a comment\n');
    const bytes = fs.readFileSync(file);
    const { extractedFacts } = await import('./file-facts.js');
    expect(new FactsCache(dir).unchangedSince('pkg/m3.py', fs.statSync(file), () => bytes, (b) => extractedFacts('pkg/m3.py', b))).toBe(true);
    fs.appendFileSync(file, 'def g():\n    pass\n');
    expect(new FactsCache(dir).unchangedSince('pkg/m3.py', fs.statSync(file), () => fs.readFileSync(file), (b) => extractedFacts('pkg/m3.py', b))).toBe(false);
  });

  it('a worker that dies costs only time: its files are read on this thread', async () => {
    const { root, files } = project();
    const dying = new URL(`data:text/javascript,process.exit(3)`);
    const dead = await readProjectFactsAsync(root, files, undefined, [], { jobs: 2, poolThresholdBytes: 0, workerScript: dying });
    expect(dead.files).toEqual(readProjectFacts(root, files, undefined, []).files);
  });

  it('every fixture: the same facts on 2 threads as on this one', async () => {
    const fixtures = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../fixtures');
    const roots = fs.readdirSync(fixtures).map((f) => path.join(fixtures, f, 'repo')).filter((r) => fs.existsSync(r));
    expect(roots.length).toBeGreaterThan(5);
    for (const root of roots) {
      const { files } = discoverFiles(root, { exclude: [], respectGitignore: true });
      expect((await readProjectFactsAsync(root, files, undefined, [], { jobs: 2, poolThresholdBytes: 0 })).files, root).toEqual(readProjectFacts(root, files, undefined, []).files);
    }
  });

  it('the whole check agrees: sync or async, with the cache cold or warm, or without it', async () => {
    const { root } = project();
    const strip = (r: Awaited<ReturnType<typeof checkAsync>>) => ({ ...r.report, summary: { ...r.report.summary, durationMs: 0 } });
    const one = strip(check({ root, cacheDir: false }));
    expect(one.summary.errors).toBeGreaterThan(0);
    expect(strip(await checkAsync({ root, cacheDir: false, jobs: 2 }))).toEqual(one);
    expect(strip(await checkAsync({ root, jobs: 1 }))).toEqual(one);
    expect(strip(await checkAsync({ root, jobs: 2 }))).toEqual(one);
  });
});
