/**
 * Which modules the standard library of each Python version has, from the data in
 * grammars/python/stdlib/ (each file says where it came from): top-level names per version, and the
 * version ranges of submodules that came or went (`asyncio.taskgroups: 3.11-`).
 */
import fs from 'node:fs';
import { GRAMMAR_DIR } from '../parse/parser.js';
import { formatVersion, SUPPORTED_VERSIONS } from './target.js';

const byVersion = new Map<string, Set<string>>();
let submoduleRanges: Map<string, { from: [number, number]; to?: [number, number] }> | undefined;

function dataLines(file: string): string[] {
  return fs
    .readFileSync(new URL(`stdlib/${file}`, GRAMMAR_DIR), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '');
}

function namesOf(version: string): Set<string> {
  let names = byVersion.get(version);
  if (!names) byVersion.set(version, (names = new Set(dataLines(`${version}.txt`))));
  return names;
}

function ranges(): Map<string, { from: [number, number]; to?: [number, number] }> {
  if (!submoduleRanges) {
    submoduleRanges = new Map();
    for (const line of dataLines('submodules.txt')) {
      const m = /^([\w.]+):\s*(\d+)\.(\d+)-(?:(\d+)\.(\d+))?$/.exec(line);
      if (m) submoduleRanges.set(m[1]!, { from: [+m[2]!, +m[3]!], ...(m[4] ? { to: [+m[4], +m[5]!] as [number, number] } : {}) });
    }
  }
  return submoduleRanges;
}

const before = (a: readonly [number, number], b: readonly [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

export class StandardLibrary {
  private readonly version: string;

  constructor(readonly target: readonly [number, number]) {
    const wanted = formatVersion(target);
    // Outside the shipped range, the nearest shipped version is the best knowledge there is.
    this.version = (SUPPORTED_VERSIONS as readonly string[]).includes(wanted)
      ? wanted
      : before(target, [3, 8]) ? '3.8' : SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]!;
  }

  /** A top-level name of this version's standard library. */
  has(topLevel: string): boolean {
    return namesOf(this.version).has(topLevel);
  }

  /** The shipped versions whose standard library has this top-level name. */
  versionsWith(topLevel: string): string[] {
    return SUPPORTED_VERSIONS.filter((v) => namesOf(v).has(topLevel));
  }

  /** Whether a dotted stdlib submodule exists on the target: undefined when the data does not say. */
  hasSubmodule(dotted: string): boolean | undefined {
    const range = ranges().get(dotted);
    if (!range) return undefined;
    return !before(this.target, range.from) && (range.to === undefined || !before(range.to, this.target));
  }

  /** "3.11–3.14" style summary of where a name exists. */
  describe(topLevel: string): string {
    const versions = this.versionsWith(topLevel);
    return versions.length === 0 ? '' : versions.length === 1 ? versions[0]! : `${versions[0]}–${versions[versions.length - 1]}`;
  }
}
