/**
 * The five seed-style breakages, each a small edit of a working project that makes one unconditional
 * import fail in real Python:
 * - wrong-name: `from M import Name` with Name misspelt (the seed's `from models.user import User`);
 * - wrong-module: `from a.b import X` / `import a.b` with the module's last part misspelt (`core.auth`);
 * - delete-module: a module that others import is deleted (also behind `from ._types import *`);
 * - remove-definition: the class/function/constant an import names is renamed away in its module;
 * - drop-reexport: a package `__init__` stops re-exporting a name that others import from the package.
 * Each says the import that must now fail (the probe: its file and lines), the name the error must
 * mention, and what a good suggestion names. Candidates are drawn with a seeded generator: reproducible.
 */
import type { PythonFile, PythonProject } from './python-project.js';
import type { ImportStatement, Statement } from './python-text.js';

export const BREAKAGE_KINDS = ['wrong-name', 'wrong-module', 'delete-module', 'remove-definition', 'drop-reexport'] as const;
export type BreakageKind = (typeof BREAKAGE_KINDS)[number];

export interface Breakage {
  kind: BreakageKind;
  /** One line for humans: what was broken. */
  what: string;
  /** The import statement that now fails (module-level, unguarded). */
  probe: { file: string; module: string; root: string; line: number; endLine: number };
  /** The name or module the finding must mention. */
  mentions: string;
  /** What a right suggestion names (the intended name, the module to import from); absent when none exists. */
  intended?: string;
  /** Files rewritten (new content) or deleted (null), relative to the root. */
  edits: Record<string, string | null>;
}

type FromImport = Extract<ImportStatement, { kind: 'from' }>;

interface Site {
  importer: PythonFile;
  statement: FromImport;
  /** The absolute module it imports from. */
  module: string;
}

const word = (name: string) => new RegExp(`(?<![\\w.])${name.replace(/[.]/g, '\\.')}(?!\\w)`, 'g');

/** Python's keywords: a misspelling that lands on one (`globals` -> `global`) is a syntax error, not a typo. */
const KEYWORDS = new Set(('False None True and as assert async await break class continue def del elif else except finally for ' +
  'from global if import in is lambda nonlocal not or pass raise return try while with yield').split(' '));

/** A misspelling: two neighbouring letters swapped, else one dropped; never the name itself nor a keyword. */
export function misspell(name: string, random: () => number): string | undefined {
  const options: string[] = [];
  for (let i = 1; i + 1 < name.length; i++) {
    if (name[i] !== name[i + 1] && name[i] !== '_' && name[i + 1] !== '_') options.push(name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2));
  }
  for (let i = 1; i < name.length && name.length > 3; i++) {
    if (name[i] !== '_' && name[i] !== name[i - 1]) options.push(name.slice(0, i) + name.slice(i + 1));
  }
  const valid = options.filter((o) => /^[A-Za-z_]\w*$/.test(o) && o !== name && !KEYWORDS.has(o));
  return valid.length > 0 ? valid[Math.floor(random() * valid.length)] : undefined;
}

/** `User` -> `LegacyUser`, `get_user` -> `legacy_get_user`, `TIMEOUT` -> `LEGACY_TIMEOUT`: a rename away. */
export function renamedAway(name: string): string {
  if (/^[A-Z0-9_]+$/.test(name)) return `LEGACY_${name}`;
  if (/^[A-Z]/.test(name)) return `Legacy${name}`;
  return `legacy_${name.replace(/^_+/, '')}`;
}

/** Replaces the text of one statement, keeping the file's line count (so other lines keep their numbers). */
function replaceStatement(source: string, statement: Statement, text: string): string {
  const lines = statement.endLine - statement.line;
  const padded = text + '\n'.repeat(Math.max(0, lines - (text.match(/\n/g)?.length ?? 0)));
  return source.slice(0, statement.start) + padded + source.slice(statement.end);
}

function probeOf(site: { importer: PythonFile; statement: ImportStatement }) {
  const s = site.statement.statement;
  return { file: site.importer.file, module: site.importer.module, root: site.importer.root, line: s.line, endLine: s.endLine };
}

/** A name may be bound in M without a column-0 definition (a submodule, a nested def, a for loop): not a clean target. */
function boundOnlyBy(target: PythonFile, name: string, project: PythonProject): boolean {
  if (target.text.open) return false;
  if (target.isInit && project.exists(`${target.module}.${name}`)) return false;
  const importsIt = target.text.imports.some((i) =>
    i.kind === 'from' ? i.names.some((n) => (n.alias ?? n.name) === name) : i.modules.some((m) => (m.alias ?? m.name.split('.')[0]) === name));
  if (importsIt) return false;
  // Bound some other way (a for loop, `global`, a with-target, a nested assignment that is really module level)?
  return !new RegExp(`^(?:for|with|global|del)\\b[^\\n]*\\b${name}\\b|^\\s*global\\s+[^\\n]*\\b${name}\\b`, 'm').test(target.source);
}

export class BreakageGenerator {
  private readonly sites: Site[] = [];
  private readonly plainImports: { importer: PythonFile; statement: Extract<ImportStatement, { kind: 'import' }> }[] = [];

  constructor(private readonly project: PythonProject) {
    for (const importer of project.files.values()) {
      for (const statement of importer.text.imports) {
        if (statement.kind === 'import') {
          this.plainImports.push({ importer, statement });
          continue;
        }
        const module = project.absolute(importer, statement);
        if (module && project.module(module)) this.sites.push({ importer, statement, module });
      }
    }
  }

  candidates(kind: BreakageKind, random: () => number): Breakage[] {
    switch (kind) {
      case 'wrong-name': return this.wrongNames(random);
      case 'wrong-module': return this.wrongModules(random);
      case 'delete-module': return this.deletedModules();
      case 'remove-definition': return this.removedDefinitions();
      case 'drop-reexport': return this.droppedReexports();
    }
  }

  private wrongNames(random: () => number): Breakage[] {
    const out: Breakage[] = [];
    for (const site of this.sites) {
      const target = this.project.module(site.module)!;
      if (target.text.open) continue;
      const imported = site.statement.names[Math.floor(random() * site.statement.names.length)]!;
      if (imported.name === '*') continue;
      const typo = misspell(imported.name, random);
      if (!typo || word(typo).test(target.source) || this.project.exists(`${site.module}.${typo}`)) continue;
      const text = site.statement.statement.text.replace(new RegExp(`(import[\\s\\S]*?)(?<![\\w.])${imported.name}(?!\\w)`), `$1${typo}`);
      out.push({
        kind: 'wrong-name', what: `${site.importer.file}:${site.statement.statement.line}: from ${site.module} import ${typo} (was ${imported.name})`,
        probe: probeOf(site), mentions: typo, intended: imported.name,
        edits: { [site.importer.file]: replaceStatement(site.importer.source, site.statement.statement, text) },
      });
    }
    return out;
  }

  private wrongModules(random: () => number): Breakage[] {
    const out: Breakage[] = [];
    const misspelt = (importer: PythonFile, statement: ImportStatement, dotted: string, absolute: string, relative: boolean) => {
      const parts = dotted.split('.');
      // A misspelt top-level name is a third-party module for any static tool without an environment.
      if (parts.length < 2 && !relative) return;
      const last = parts[parts.length - 1]!;
      const typo = misspell(last, random);
      if (!typo) return;
      const broken = [...absolute.split('.').slice(0, -1), typo].join('.');
      if (this.project.exists(broken)) return;
      const newDotted = [...parts.slice(0, -1), typo].join('.');
      const s = statement.statement;
      const at = s.text.indexOf(dotted);
      const text = s.text.slice(0, at) + newDotted + s.text.slice(at + dotted.length);
      out.push({
        kind: 'wrong-module', what: `${importer.file}:${s.line}: ${dotted} -> ${newDotted}`,
        probe: probeOf({ importer, statement }), mentions: typo, intended: last,
        edits: { [importer.file]: replaceStatement(importer.source, s, text) },
      });
    };
    for (const site of this.sites) {
      if (site.statement.module) misspelt(site.importer, site.statement, site.statement.module, site.module, site.statement.level > 0);
    }
    for (const { importer, statement } of this.plainImports) {
      const first = statement.modules[0]!;
      if (this.project.module(first.name)) misspelt(importer, statement, first.name, first.name, false);
    }
    return out;
  }

  private deletedModules(): Breakage[] {
    const out: Breakage[] = [];
    const seen = new Set<string>();
    const add = (importer: PythonFile, statement: ImportStatement, module: string) => {
      const target = this.project.module(module);
      if (!target || target.isInit || target.file === importer.file || seen.has(target.file)) return;
      // A same-named folder (or stub, or compiled module) beside it would still be found.
      if (this.project.hasFolder(module) || this.project.companions(target.file).length > 0) return;
      seen.add(target.file);
      out.push({
        kind: 'delete-module', what: `deleted ${target.file} (imported by ${importer.file}:${statement.statement.line})`,
        probe: probeOf({ importer, statement }), mentions: module.split('.').pop()!, edits: { [target.file]: null },
      });
    };
    for (const site of this.sites) add(site.importer, site.statement, site.module);
    for (const { importer, statement } of this.plainImports) {
      for (const m of statement.modules) add(importer, statement, m.name);
    }
    return out;
  }

  private removedDefinitions(): Breakage[] {
    const out: Breakage[] = [];
    const seen = new Set<string>();
    for (const site of this.sites) {
      const target = this.project.module(site.module)!;
      for (const imported of site.statement.names) {
        const name = imported.name;
        if (name === '*') continue;
        const key = `${target.file}:${name}`;
        if (seen.has(key) || target.text.definitions.get(name) !== 1 || !boundOnlyBy(target, name, this.project)) continue;
        seen.add(key);
        const renamed = renamedAway(name);
        if (word(renamed).test(target.source)) continue;
        out.push({
          kind: 'remove-definition', what: `${target.file}: ${name} renamed to ${renamed} (imported by ${site.importer.file}:${site.statement.statement.line})`,
          probe: probeOf(site), mentions: name, intended: renamed,
          edits: { [target.file]: target.source.replace(word(name), renamed) },
        });
      }
    }
    return out;
  }

  private droppedReexports(): Breakage[] {
    const out: Breakage[] = [];
    const seen = new Set<string>();
    for (const site of this.sites) {
      const pkg = this.project.module(site.module)!;
      if (!pkg.isInit || pkg.text.open) continue;
      for (const imported of site.statement.names) {
        const name = imported.name;
        if (name === '*') continue;
        const key = `${pkg.file}:${name}`;
        if (seen.has(key) || pkg.text.definitions.has(name) || this.project.exists(`${pkg.module}.${name}`)) continue;
        // The one statement of the package that re-exports it, from one of its own submodules.
        const reexports = pkg.text.imports.filter((i): i is FromImport => i.kind === 'from' && i.names.some((n) => (n.alias ?? n.name) === name));
        if (reexports.length !== 1) continue;
        const reexport = reexports[0]!;
        const from = this.project.absolute(pkg, reexport);
        if (!from || !from.startsWith(`${pkg.module}.`) || !this.project.module(from)) continue;
        seen.add(key);
        const kept = reexport.names.filter((n) => (n.alias ?? n.name) !== name);
        const text = kept.length === 0 ? '' : reexport.statement.text.replace(/import[\s\S]*$/, `import ${kept.map((n) => (n.alias ? `${n.name} as ${n.alias}` : n.name)).join(', ')}`);
        out.push({
          kind: 'drop-reexport', what: `${pkg.file}:${reexport.statement.line}: stopped re-exporting ${name} from ${from} (imported by ${site.importer.file}:${site.statement.statement.line})`,
          probe: probeOf(site), mentions: name, intended: from,
          edits: { [pkg.file]: replaceStatement(pkg.source, reexport.statement, text) },
        });
      }
    }
    return out;
  }
}
