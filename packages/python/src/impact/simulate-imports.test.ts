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

  it('skips what it is told to skip (modules that reach no member), never the start itself', () => {
    const skip = (m: string) => m === 'y' || m === 'plain';
    expect(simulator.firstEntered(['z', 'y'], members, skip)).toEqual(new Map([['z', 'c1'], ['y', undefined]]));
  });

  it('agrees with the simulation on random projects, in random orders of starts', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    for (let round = 0; round < 25; round++) {
      // A few packages and modules importing each other (and their packages' modules) at random.
      const names = ['a', 'b', 'p', 'p.x', 'p.y', 'p.q', 'p.q.r', 'c', 'd', 'e'];
      const packages = new Set(names.filter((n) => names.some((m) => m.startsWith(`${n}.`))));
      const files: Record<string, string> = {};
      for (const name of names) {
        const lines = Array.from({ length: Math.floor(random() * 4) }, () => {
          const target = pick(names);
          return random() < 0.3 && target.includes('.') ? `from ${target.slice(0, target.lastIndexOf('.'))} import ${target.slice(target.lastIndexOf('.') + 1)}` : `import ${target}`;
        });
        files[packages.has(name) ? `${name.replace(/\./g, '/')}/__init__.py` : `${name.replace(/\./g, '/')}.py`] = `${lines.join('\n')}\n`;
      }
      const result = check({ root: writeRepo(files), cacheDir: false });
      const sim = new ImportSimulator(result.project, result.imports, target);
      const all = result.project.modules.map((m) => m.name);
      const cycleMembers = new Set(all.filter(() => random() < 0.3));
      const starts = [...all].sort(() => random() - 0.5);
      const first = sim.firstEntered(starts, cycleMembers);
      for (const start of starts) expect(first.get(start), `round ${round}, ${start}: ${JSON.stringify(files)}`).toBe(simulatedFirst(sim, start, cycleMembers));
    }
  });
});
