/**
 * The fast subset of `npm run recall`: the same harness over a synthetic project (which imports cleanly
 * in Python), two cases of each kind, each proved by the interpreter when there is one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mulberry32, writeSyntheticProject } from '../synthetic-project.js';
import { BREAKAGE_KINDS, misspell, renamedAway } from './breakages.js';
import { formatRecallTable, measureRecall } from './recall-harness.js';
import { readPythonText, topLevelStatements } from './python-text.js';

const PYTHON = ['/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'pass']).status === 0);

describe('the breakage harness', () => {
  it('reads only the statements that start at column 0, across brackets, strings and continuations', () => {
    const text = [
      'from a import (', '    b,', '    c,', ')', 'x = """', 'import not_an_import', '"""',
      'if True:', '    import indented', 'import d.e as f, g \\', '    , h', '# import comment', 'class K: pass',
    ].join('\n');
    expect(topLevelStatements(text).map((s) => [s.line, s.endLine])).toEqual([[1, 4], [5, 7], [8, 8], [10, 11], [13, 13]]);
    const read = readPythonText(text);
    expect(read.imports.map((i) => (i.kind === 'from' ? `from ${i.module}: ${i.names.map((n) => n.name)}` : `import ${i.modules.map((m) => m.alias ?? m.name)}`)))
      .toEqual(['from a: b,c', 'import f,g,h']);
    expect([...read.definitions.keys()]).toEqual(['x', 'K']);
  });

  it('misspells and renames away to other identifiers', () => {
    const random = mulberry32(3);
    for (const name of ['User', 'get_db_session', 'DEFAULT_LIMITS', 'globals']) {
      const typo = misspell(name, random);
      expect(typo, name).toBeDefined();
      expect(typo).not.toBe(name);
      expect(typo).toMatch(/^[A-Za-z_]\w*$/);
      expect(['global', 'True', 'def'].includes(typo!)).toBe(false);
    }
    // Nothing to swap or drop: no misspelling rather than the name itself.
    expect(misspell('ab', random)).toBeUndefined();
    expect([renamedAway('User'), renamedAway('get_user'), renamedAway('TIMEOUT')]).toEqual(['LegacyUser', 'legacy_get_user', 'LEGACY_TIMEOUT']);
  });

  it('finds every breakage of every kind in a synthetic project, and nothing in the clean copy', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-recall-test-'));
    try {
      writeSyntheticProject(path.join(root, 'synthetic'), 40, 7);
      const result = measureRecall(path.join(root, 'synthetic'), { perKind: 2, seed: 1, python: PYTHON });
      expect(result.cleanErrors).toEqual([]);
      expect(result.falsePositives).toEqual([]);
      for (const kind of BREAKAGE_KINDS) expect(result.cases.filter((c) => c.breakage.kind === kind).length, kind).toBe(2);
      expect(result.cases.filter((c) => !c.detected).map((c) => c.breakage.what)).toEqual([]);
      if (PYTHON) expect(result.cases.every((c) => c.python === 'crash')).toBe(true);
      expect(formatRecallTable([result])).toContain('| synthetic | 10 (');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});
