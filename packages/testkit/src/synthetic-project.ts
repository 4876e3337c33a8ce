/**
 * Deterministic synthetic Python projects for the benchmark and the scale tests: one top-level package
 * of nested packages, each module a few KB of ordinary code (classes, functions, loops), 4–8 imports
 * each (absolute, relative, through a package's re-export, the standard library), a chain of star
 * re-exports five packages deep, and import cycles broken the way real code breaks them (the import
 * inside the function that needs it). It all imports in Python (tested): an analyser must find nothing.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface SyntheticProject {
  root: string;
  modules: number;
  files: number;
  bytes: number;
  /** The module most others import (what the benchmark touches to measure an incremental run). */
  hub: string;
}

interface Module {
  name: string;
  file: string;
  pkg: string;
  /** The class it defines, imported by others. */
  cls: string;
}

/** Writes the project of `modules` modules under `root` (created) and says what it wrote. */
export function writeSyntheticProject(root: string, modules: number, seed = 1): SyntheticProject {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  // Packages: a tree about 12 modules per package, up to 4 levels under `app`.
  const packages = ['app'];
  const wanted = Math.max(1, Math.round(modules / 12));
  while (packages.length < wanted) {
    const parent = pick(packages.filter((p) => p.split('.').length < 4));
    packages.push(`${parent}.pkg${packages.length}`);
  }
  const list: Module[] = [];
  for (let i = 0; i < modules; i++) {
    const pkg = packages[i % packages.length]!;
    const name = `${pkg}.mod${i}`;
    list.push({ name, pkg, file: `${name.replace(/\./g, '/')}.py`, cls: `Model${i}` });
  }
  const hub = list[0]!;
  const files = new Map<string, string>();
  // Each package re-exports the class of its first module (the lowest index in it, so the re-export
  // never waits on a module still initialising).
  const firstOf = new Map<string, Module>();
  for (const m of list) if (!firstOf.has(m.pkg)) firstOf.set(m.pkg, m);
  for (const pkg of packages) {
    const own = firstOf.get(pkg);
    files.set(`${pkg.replace(/\./g, '/')}/__init__.py`, `"""Package ${pkg}."""\n${own ? `from .${own.name.split('.').pop()} import ${own.cls}\n` : ''}`);
  }
  // A public API: a chain of five packages of star imports down to the classes of the first modules,
  // imported by app/main.py (the entry point).
  const exported = list.slice(0, Math.min(20, list.length));
  const chain = ['app/api', 'app/api/v1', 'app/api/v1/public', 'app/api/v1/public/models', 'app/api/v1/public/models/all'];
  chain.forEach((dir, k) => {
    const next = chain[k + 1];
    files.set(`${dir}/__init__.py`, next ? `from .${next.split('/').pop()} import *\n` : exported.map((m) => `from ${m.name} import ${m.cls}\n`).join(''));
  });
  const names = exported.map((m) => m.cls).join(', ');
  files.set('app/main.py', `from app.api import ${names}\n\nREGISTRY = [${names}]\n`);
  list.forEach((m, i) => {
    const imports = new Set<string>(['import os', 'from typing import Optional']);
    if (i > 0) imports.add(`from ${hub.name} import ${hub.cls}`);
    const earlier = list.slice(0, i);
    const fanOut = 4 + Math.floor(random() * 5);
    for (let k = 0; k < fanOut && earlier.length > 0; k++) {
      const target = pick(earlier);
      const form = random();
      if (target.pkg === m.pkg && form < 0.3) imports.add(`from .${target.name.split('.').pop()} import ${target.cls}`);
      // Through the package's re-export, unless that package is still initialising (an ancestor of this one).
      else if (form < 0.45 && firstOf.get(target.pkg) === target && !`${m.pkg}.`.startsWith(`${target.pkg}.`)) imports.add(`from ${target.pkg} import ${target.cls}`);
      else if (form < 0.6) imports.add(`import ${target.name}`);
      else imports.add(`from ${target.name} import ${target.cls}`);
    }
    // A later module, imported where it is used: a cycle at module level would be a bug.
    const later = list[i + 1 + Math.floor(random() * 50)];
    files.set(m.file, moduleSource(m, [...imports], later, random));
  });
  let bytes = 0;
  for (const [file, source] of files) {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, source);
    bytes += Buffer.byteLength(source);
  }
  fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "synthetic"\nversion = "1.0"\ndependencies = []\n');
  return { root, modules, files: files.size, bytes, hub: hub.file };
}

function moduleSource(m: Module, imports: string[], later: Module | undefined, random: () => number): string {
  const functions = 3 + Math.floor(random() * 4);
  const body: string[] = [`"""${m.name}: generated for preflight's benchmark."""`, ...imports, ''];
  body.push(`LIMIT = ${Math.floor(random() * 1000)}`, '', '');
  body.push(`class ${m.cls}:`, `    """A record of ${m.name}."""`, '', '    def __init__(self, key: str, value: Optional[int] = None) -> None:', '        self.key = key', '        self.value = value or 0', '');
  body.push('    def total(self, items: list) -> int:', '        result = 0', '        for item in items:', '            if item and item > self.value:', '                result += item * 2', '            elif item:', '                result -= 1', '        return result', '');
  body.push('    def describe(self) -> str:', `        return f"{self.key}={self.value} in {os.sep.join(['${m.pkg}', 'x'])}"`, '', '');
  for (let f = 0; f < functions; f++) {
    body.push(`def helper_${f}(values, threshold=LIMIT):`, `    """Helper ${f}."""`, '    seen = {}', '    for index, value in enumerate(values):', '        try:', '            seen[index] = int(value) // (threshold or 1)', '        except (TypeError, ValueError):', '            continue', `    return sorted(seen.items(), key=lambda pair: pair[1])[:${f + 3}]`, '', '');
  }
  if (later) body.push('def load_related():', `    from ${later.name} import ${later.cls}`, `    return ${later.cls}("related")`, '');
  return `${body.join('\n')}\n`;
}

/** A small, fast, seeded PRNG: the same seed writes the same project on every machine. */
/** A small seeded generator (mulberry32): the same seed, the same project or breakages. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
