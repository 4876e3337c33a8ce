import { describe, expect, it } from 'vitest';
import { extractModuleFacts } from './module-facts.js';

/** Each read as `line:column name.attribute[.rest] (module) flags`. */
const reads = (source: string) =>
  (extractModuleFacts(source).attributeReads ?? []).map((r) => {
    const chain = [r.attribute, ...(r.rest ?? []).map((s) => s.attribute)].join('.');
    const from = r.importedName !== undefined ? ` from ${'.'.repeat(r.level ?? 0)}${r.module} import ${r.importedName}` : ` (${r.module})`;
    const flags = [r.function && `in ${r.function}`, r.annotation && 'annotation', r.deferred && 'deferred', r.guard && `guard ${r.guard.kind}${r.guard.kind === 'condition' ? ` ${r.guard.condition}` : ''}`];
    return `${r.span.line}:${r.span.column} ${r.name}.${chain}${from}${flags.filter(Boolean).map((f) => ` ${f}`).join('')}`;
  });

describe('attribute reads', () => {
  it('the rest of a dotted chain at module level, up to what is assigned', () => {
    expect(reads('import pkg.mod\nX = pkg.mod.Name.attr\npkg.mod.Name = 1\nY = pkg.mod.f(1).g\n')).toEqual([
      '2:9 pkg.mod.Name.attr (pkg)', '3:5 pkg.mod (pkg)', '4:9 pkg.mod.f (pkg)',
    ]);
  });

  it('through `from M import x`, relative or not, at module level and in functions', () => {
    expect(reads('from pkg import mod\nfrom . import sib as s\nX = mod.Name\nclass C(s.Base):\n    y = mod.Y\ndef f():\n    return mod.Z\n')).toEqual([
      '3:9 mod.Name from pkg import mod', '4:11 s.Base from . import sib', '5:13 mod.Y from pkg import mod', '7:16 mod.Z from pkg import mod in f',
    ]);
    // A name bound twice, or conditionally, is not followed; nor is `from __future__ import annotations`.
    expect(reads('from a import m\nfrom b import m\nX = m.Y\ntry:\n    from c import n\nexcept ImportError:\n    n = None\nZ = n.W\n')).toEqual([]);
  });

  it('annotations, code evaluated later, and guards that may keep a read from running', () => {
    const source = [
      'import m', 'from typing import TYPE_CHECKING', 'import sys',
      'def f(x: m.A = m.B) -> m.C: pass', // 4
      'g = (m.D for _ in m.E)', // 5
      'if TYPE_CHECKING:\n    m.F', // 6-7
      'if __name__ == "__main__":\n    m.G', // 8-9
      'if sys.platform == "win32":\n    m.H', // 10-11
      'xs = [m.I for _ in m.J]', // 12
      'y = sys.argv and m.K', // 13
      'try:\n    pass\nexcept OSError:\n    m.L', // 14-17
      'if not TYPE_CHECKING:\n    m.M', // 18-19
    ].join('\n');
    expect(reads(`${source}\n`)).toEqual([
      '4:12 m.A (m) annotation', '4:18 m.B (m)', '4:26 m.C (m) annotation',
      '5:8 m.D (m) deferred guard condition comprehension', '5:21 m.E (m)',
      '7:7 m.F (m) guard type-checking', '9:7 m.G (m) guard main',
      '10:8 sys.platform (sys)', '11:7 m.H (m) guard condition sys.platform == "win32"',
      '12:9 m.I (m) guard condition comprehension', '12:22 m.J (m)',
      '13:9 sys.argv (sys)', '13:20 m.K (m) guard condition sys.argv',
      '17:7 m.L (m) guard fallback', '19:7 m.M (m)',
    ]);
  });
});
