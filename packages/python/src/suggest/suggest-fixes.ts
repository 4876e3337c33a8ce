/**
 * The fix lines of a finding, from what the project knows: the name it probably meant (a close name
 * bound in the same module), where the name is really defined (and the import to write instead), and
 * for a package that does not re-export a name of its own submodule, the re-export to add.
 */
import type { Suggestion } from '@preflight/core';
import type { Project } from '../project/project.js';
import { isIdentifier, moduleNameOfPath } from '../project/module-name.js';
import type { FoundModule } from '../project/search-path.js';
import type { Definition } from '../resolve/resolution.js';
import type { DefinitionIndex } from './definition-index.js';
import { similarNames } from './similar-names.js';

export interface SuggestionContext {
  project: Project;
  definitions: DefinitionIndex;
}

export interface MissingNameAdvice {
  suggestions: Suggestion[];
  /** Defined nowhere in the project (the message says so plainly). */
  definedNowhere: boolean;
  /**
   * The unambiguous rewrite, when there is one: import it from its only definition, in a submodule of
   * the package (`module`), or the one close name the module defines (`name`).
   */
  rewrite?: { module: string } | { name: string };
  /** The re-exports the package could add instead (its `__init__` file and the line), one per definition. */
  reExports: { file: string; line: string }[];
}

/** `from M import X` where M exists and X does not. */
export function adviseMissingName(context: SuggestionContext, target: FoundModule, name: string): MissingNameAdvice {
  const suggestions: Suggestion[] = [];
  const reExports: MissingNameAdvice['reExports'] = [];
  const elsewhere = context.definitions.lookup(name).filter((d) => d.module !== target.name);
  const inPackage = target.dirs.length > 0 ? elsewhere.filter((d) => d.module.startsWith(`${target.name}.`)) : [];

  for (const definition of inPackage.slice(0, 2)) {
    const line = `from ${definition.module} import ${name}`;
    suggestions.push({ message: `\`${name}\` is defined in \`${definition.module}\` (${where(definition)}) but \`${target.name}\` does not re-export it: import it from there: \`${line}\`` });
    const init = target.file;
    if (init) {
      const reExport = reExportLine(context, target, definition, name);
      suggestions.push({ message: `or re-export it: add \`${reExport}\` to ${init}` });
      reExports.push({ file: init, line: reExport });
    }
  }
  if (inPackage.length === 0) {
    for (const definition of elsewhere.slice(0, 3)) {
      suggestions.push({ message: `\`${name}\` is defined in \`${definition.module}\` (${where(definition)}): \`from ${definition.module} import ${name}\`` });
    }
  }
  // The submodule that defines the name (`scrape_session` for `ScrapeSession`) is not what was meant.
  const definingSubmodules = new Set(inPackage.map((d) => d.module.slice(target.name.length + 1).split('.')[0]));
  // The closest names first, whether the module defines them or imports them (a package's re-exports
  // are what its importers use); equally close, names it defines come first.
  const bound = namesBoundBy(context.project, target).filter((b) => !definingSubmodules.has(b.name));
  const definedNames = new Set(bound.filter((b) => b.defined).map((b) => b.name));
  const closest = similarNames(name, bound.map((b) => b.name), 3, definedNames);
  const defined = closest.filter((n) => definedNames.has(n));
  const imported = closest.filter((n) => !definedNames.has(n));
  for (const close of closest) {
    suggestions.push({ message: `did you mean \`${close}\` (${definedNames.has(close) ? 'defined in' : 'imported into'} ${target.name})?`, replacement: close });
  }
  const rewrite = inPackage.length === 1 && elsewhere.length === 1
    ? { module: inPackage[0]!.module }
    : inPackage.length === 0 && defined.length === 1 && imported.length === 0 ? { name: defined[0]! } : undefined;
  return { suggestions, definedNowhere: elsewhere.length === 0, ...(rewrite ? { rewrite } : {}), reExports };
}

/**
 * `import M` / `from M import ...` where M does not exist. `replacing` turns a module meant instead into the
 * text that replaces the finding's span (a dotted-path string: the module and what followed it), when the
 * suggestion can be applied as it stands.
 */
export function adviseMissingModule(
  context: SuggestionContext,
  missing: string,
  parent: FoundModule | undefined,
  importedNames: readonly string[],
  replacing?: (module: string) => string,
): Suggestion[] {
  const suggestions: Suggestion[] = [];
  // Where the imported names really live: if one module defines them all, that is the module meant.
  const homes = new Map<string, Definition[]>();
  for (const name of importedNames) {
    for (const definition of context.definitions.lookup(name)) {
      const list = homes.get(definition.module) ?? [];
      list.push(definition);
      homes.set(definition.module, list);
    }
  }
  const complete = [...homes.entries()].filter(([, defs]) => defs.length === importedNames.length);
  for (const [module, defs] of complete.slice(0, 2)) {
    suggestions.push({
      message: `${importedNames.map((n) => `\`${n}\``).join(', ')} ${importedNames.length === 1 ? 'is' : 'are'} defined in \`${module}\` (${where(defs[0]!)}): \`from ${module} import ${importedNames.join(', ')}\``,
      replacement: module,
    });
  }
  if (complete.length === 0) {
    for (const name of importedNames) {
      const definition = context.definitions.lookup(name)[0];
      if (definition) suggestions.push({ message: `\`${name}\` is defined in \`${definition.module}\` (${where(definition)})` });
    }
  }
  const last = missing.slice(missing.lastIndexOf('.') + 1);
  const siblings = parent ? submoduleNames(context.project, parent) : topLevelNames(context.project);
  for (const close of similarNames(last, siblings.filter(isIdentifier), 2)) {
    const name = parent ? `${parent.name}.${close}` : close;
    suggestions.push({ message: `did you mean \`${name}\`?`, ...(replacing ? { replacement: replacing(name) } : {}) });
  }
  const sameLast = context.project.moduleNames().filter((m) => m !== missing && m.endsWith(`.${last}`));
  for (const name of sameLast.slice(0, 2)) suggestions.push({ message: `a module \`${last}\` exists as \`${name}\``, ...(replacing ? { replacement: replacing(name) } : {}) });

  return suggestions;
}

function where(definition: Definition): string {
  return `${definition.file}:${definition.line}`;
}

/** The re-export line in the style the package's `__init__` already uses (relative or absolute imports). */
function reExportLine(context: SuggestionContext, target: FoundModule, definition: Definition, name: string): string {
  const init = target.file ? context.project.moduleOfFile(target.file) : undefined;
  const relative = init?.facts.imports.some((s) => s.level > 0) ?? false;
  return relative
    ? `from .${definition.module.slice(target.name.length + 1)} import ${name}`
    : `from ${definition.module} import ${name}`;
}

/** What `from M import <name>` could name: M's bindings (defined there, or imported into it) and its submodules. */
function namesBoundBy(project: Project, target: FoundModule): { name: string; defined: boolean }[] {
  const file = target.file ?? target.stubFile;
  const facts = file ? project.moduleOfFile(file)?.facts : undefined;
  const bindings = (facts?.bindings ?? [])
    .filter((b) => b.kind !== 'del')
    .map((b) => ({ name: b.name, defined: b.kind !== 'import' && b.kind !== 'from-import' }));
  return [...bindings, ...submoduleNames(project, target).map((name) => ({ name, defined: true }))];
}

function submoduleNames(project: Project, parent: FoundModule): string[] {
  return parent.dirs.flatMap((dir) => project.index.childNames(dir)).map((n) => moduleNameOfPath(n).name);
}

function topLevelNames(project: Project): string[] {
  return project.roots.flatMap((r) => project.index.childNames(r.dir));
}
