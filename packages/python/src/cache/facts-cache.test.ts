import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { check } from '../check.js';

const files = { 'pkg/__init__.py': 'from pkg.models import User\n', 'pkg/models.py': 'class User:\n    pass\n', 'main.py': 'from pkg import Usr\n' };
const findings = (root: string, cacheDir?: string | false) => check({ root, ...(cacheDir !== undefined ? { cacheDir } : {}) }).report.findings;

describe('facts cache', () => {
  it('a warm run gives the same findings, from .preflight_cache (ignored by git), and sees edits', () => {
    const root = writeRepo(files);
    const cold = findings(root);
    expect(fs.readFileSync(path.join(root, '.preflight_cache/.gitignore'), 'utf8')).toContain('*');
    expect(fs.existsSync(path.join(root, '.preflight_cache/facts-v2.bin'))).toBe(true);
    expect(findings(root)).toEqual(cold);
    // The warm run really reads the cache: nothing extracted again.
    expect(check({ root }).cache).toEqual({ hits: 3, misses: 0 });
    expect(findings(root, false)).toEqual(cold);
    // An edit changes the size (and mtime): the file is hashed again and re-extracted.
    fs.writeFileSync(path.join(root, 'main.py'), 'from pkg import User\n');
    expect(findings(root)).toEqual([]);
    expect(check({ root }).cache).toEqual({ hits: 3, misses: 0 });
  });

  it('a truncated, corrupt or foreign cache is ignored and rewritten; --no-cache writes nothing', () => {
    const root = writeRepo(files);
    const cold = findings(root);
    const file = path.join(root, '.preflight_cache/facts-v2.bin');
    for (const bad of [fs.readFileSync(file).subarray(0, 100), Buffer.from('not a cache'), Buffer.alloc(0)]) {
      fs.writeFileSync(file, bad);
      const result = check({ root });
      expect(result.report.findings).toEqual(cold);
      expect(result.cache?.ignored).toMatch(/is truncated or corrupt: ignored, rewritten$/);
    }
    fs.writeFileSync(file, v8.serialize({ extractor: 'an older preflight', files: {}, facts: {} }));
    expect(check({ root }).cache?.ignored).toMatch(/was written by another version of preflight/);
    expect(check({ root }).cache?.ignored).toBeUndefined();
    const other = writeRepo(files);
    findings(other, false);
    expect(fs.existsSync(path.join(other, '.preflight_cache'))).toBe(false);
  });

  it('an unwritable cache folder costs nothing but the cache', () => {
    const root = writeRepo(files);
    fs.writeFileSync(path.join(root, 'not-a-folder'), '');
    expect(findings(root, path.join(root, 'not-a-folder', 'cache'))).toEqual(findings(root, false));
  });
});

describe('a warm run', () => {
  it('never loads the parser: every file comes from the cache', async () => {
    const { spawnSync } = await import('node:child_process');
    const root = writeRepo(files);
    // Fresh processes running the built package (this one has loaded tree-sitter already, and a cache
    // written from the sources is another extractor's): a cold check, then a warm one and what it loaded.
    const script = `import { createRequire } from 'node:module';
      import { check } from '@preflight/python';
      const result = check({ root: ${JSON.stringify(root)} });
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes('tree-sitter'));
      console.log(JSON.stringify({ cache: result.cache, loaded }));`;
    const node = () => spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: path.resolve(path.dirname(new URL(import.meta.url).pathname), '..'), encoding: 'utf8' });
    expect(JSON.parse(node().stdout).cache).toEqual({ hits: 0, misses: 3 });
    const run = node();
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ cache: { hits: 3, misses: 0 }, loaded: [] });
  });
});
