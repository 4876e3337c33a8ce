/**
 * ImportSimulator.firstEntered shares what one walk learns with the next: it must answer, for every
 * start and in any order of starts, what a fresh simulation of `import start` enters first.
 */
import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { check } from '../check.js';
import { ImportSimulator } from './simulate-imports.js';

const target = { version: [3, 11] as [number, number], platform: 'linux' as const };

/** What `import start` enters first of `members`, by a whole simulation. */
function simulatedFirst(simulator: ImportSimulator, start: string, members: ReadonlySet<string>): string | undefined {
  let entered: string | undefined;
  simulator.run(start, (m) => (members.has(m) ? ((entered = m), true) : false));
  return entered;
}

describe('ImportSimulator.firstEntered', () => {
  // `c1` ↔ `c2` is the cycle. `pkg/__init__` imports `pkg.a` before `c1`: walked from `pkg`, `pkg.a`
  // ends while its package is still executing, so it meets no member there; but a fresh `import pkg.a`
  // (from `x`) runs `pkg` first, and enters `c1`. `y` imports only modules that meet no member.
  const files = {
    'c1.py': 'import c2\n', 'c2.py': 'import c1\n',
    'pkg/__init__.py': 'from . import a\nimport c1\n', 'pkg/a.py': 'import plain\n',
    'x.py': 'import pkg.a\n', 'plain.py': 'import leaf\n', 'leaf.py': '', 'y.py': 'import plain\nimport leaf\n',
    'z.py': 'import y\nimport x\n',
  };
  const { project, imports } = check({ root: writeRepo(files), cacheDir: false });
  const simulator = new ImportSimulator(project, imports, target);
  const members = new Set(['c1', 'c2']);
  const modules = project.modules.map((m) => m.name).sort();

  it('answers as a whole simulation does, whatever the order of the starts', () => {
    const expected = new Map(modules.map((m) => [m, simulatedFirst(simulator, m, members)]));
    expect(expected.get('x')).toBe('c1');
    expect(expected.get('y')).toBeUndefined();
    const orders = [modules, [...modules].reverse(), ['pkg', 'x', 'z', 'y'], ['y', 'pkg.a', 'x'], ['pkg', 'pkg.a', 'x']];
    for (const starts of orders) {
      const first = simulator.firstEntered(starts, members);
      for (const start of starts) expect(first.get(start), `${start} in [${starts.join(', ')}]`).toBe(expected.get(start));
    }
  });

  it('skips what it is told to skip, never the start itself', () => {
    const skip = (m: string) => m === 'pkg';
    expect(simulator.firstEntered(['x', 'pkg'], members, skip)).toEqual(new Map([['x', undefined], ['pkg', 'c1']]));
  });
});
