import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '@preflight/core';
import { diagnosticsOf } from './diagnostics.js';
import { linesOf, replacementBetween, toPosition } from './positions.js';

describe('positions', () => {
  it('code-point columns become UTF-16 characters: an emoji before the import counts twice', () => {
    const lines = linesOf('x = "😀"; from m import y\r\nz = 1\rw = 2\n');
    // `from` is the 10th code point, at UTF-16 offset 10 (the emoji is two code units).
    const at = toPosition(lines, 1, 10);
    expect(at).toEqual({ line: 0, character: 10 });
    expect(lines[0]!.slice(at.character)).toMatch(/^from/);
    expect(toPosition(lines, 2, 1)).toEqual({ line: 1, character: 0 });
    expect(lines[2]).toBe('w = 2');
  });

  it('one edit between the common start and end of two texts', () => {
    expect(replacementBetween('from models import X\n', 'from models.x import X\n')).toEqual({
      range: { start: { line: 0, character: 11 }, end: { line: 0, character: 11 } }, newText: '.x',
    });
    expect(replacementBetween('a\nb\n', 'a\nb\n')).toBeUndefined();
    expect(replacementBetween('a\r\nb\r\n', 'a\r\nc\r\n')).toEqual({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, newText: 'c' });
  });
});

describe('diagnostics', () => {
  const finding: Finding = {
    rule: 'unresolved-name', severity: 'error', message: '`X` is not defined in module `m`', file: 'app/a.py', line: 1, column: 15, endLine: 1, endColumn: 16,
    suggestions: [{ message: 'import X from m.x' }], impact: { when: 'startup', entrypoints: ['uvicorn main:app'], chain: ['main', 'app.a'] },
  };
  const report = { findings: [finding, { ...finding, file: 'b.py', severity: 'warning', impact: { when: 'call' } }] } as unknown as Report;
  const byFile = diagnosticsOf(report, {
    linesOf: () => ['from m import X'], uriOf: (file) => `file:///p/${file}`, fileOfModule: (m) => ({ main: 'main.py', 'app.a': 'app/a.py' })[m],
  });

  it('one list per file, with severity, code, documentation, the fix in the message and the chain', () => {
    expect([...byFile.keys()]).toEqual(['app/a.py', 'b.py']);
    const [d] = byFile.get('app/a.py')!;
    expect(d).toMatchObject({
      severity: 1, code: 'unresolved-name', source: 'preflight', range: { start: { line: 0, character: 14 }, end: { line: 0, character: 15 } },
      message: '`X` is not defined in module `m`\nfix: import X from m.x',
    });
    expect(d!.relatedInformation).toEqual([
      { location: { uri: 'file:///p/main.py', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, message: 'started here (uvicorn main:app): main → app.a' },
      { location: { uri: 'file:///p/app/a.py', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, message: 'imported at startup, step 1 of main → app.a' },
    ]);
    expect(byFile.get('b.py')![0]).toMatchObject({ severity: 2 });
    expect(byFile.get('b.py')![0]!.relatedInformation).toBeUndefined();
  });
});
