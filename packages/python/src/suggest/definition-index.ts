/**
 * Where each name is defined in the project: every module-level `def`, `class` and assignment of every
 * runtime module, by name. Answers "where does `get_current_user` really live?".
 */
import type { Project } from '../project/project.js';
import type { Definition } from '../resolve/resolution.js';

export class DefinitionIndex {
  private readonly byName = new Map<string, Definition[]>();

  constructor(project: Project) {
    for (const module of project.modules) {
      if (module.isStub) continue;
      const seen = new Set<string>();
      for (const b of module.facts.bindings) {
        if (b.kind !== 'def' && b.kind !== 'class' && b.kind !== 'assignment') continue;
        if (b.name.startsWith('__') || seen.has(b.name)) continue;
        seen.add(b.name);
        const list = this.byName.get(b.name);
        const definition = { module: module.name, file: module.file, line: b.line };
        if (list) list.push(definition);
        else this.byName.set(b.name, [definition]);
      }
    }
    for (const list of this.byName.values()) list.sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : 0));
  }

  /** Definitions of `name`, sorted by module. */
  lookup(name: string): readonly Definition[] {
    return this.byName.get(name) ?? [];
  }
}
