/**
 * Runs a project's imports the way the interpreter would, without running any code: a module executes
 * top to bottom; an import of a module not yet started executes it (parent packages first); a module
 * already executing is partially initialised, and `from it import X` succeeds only if X is bound above
 * the line where it started the import that led back to it (or X is a submodule). Every such read of a
 * name not yet bound is a crash: `ImportError: cannot import name 'X' from partially initialized module`.
 */
import type { AttributeRead, ImportSite } from '@preflight/core';
import { evaluateCondition } from '../environment/evaluate-condition.js';
import type { Target } from '../environment/target.js';
import type { Project } from '../project/project.js';
import { parentName } from '../project/module-name.js';
import type { ResolvedImport } from '../resolve/resolution.js';
import { runsAtImportTime } from './import-time.js';

export interface CircularCrash {
  /** The module whose statement reads the missing name, and the statement. */
  importer: string;
  site: ImportSite;
  name: string;
  /** The partially initialised module. */
  partial: string;
  /** The modules executing when it happens, from `partial` to `importer`. */
  cycle: string[];
  /** The line of `partial` that started the import leading back to it. */
  startedAt: number;
  /** The module the simulation started from. */
  start: string;
  /** Every module that had started executing when it happened, in order. */
  entered: string[];
  /** For `A.X` read at module level (AttributeError) rather than `from A import X` (ImportError). */
  read?: AttributeRead;
}

/**
 * Imports nested deeper than this end the simulation: Python itself gives up long before (each nested
 * import costs several frames: RecursionError after a few hundred), so what lies deeper is unknown.
 */
const MAX_IMPORT_DEPTH = 1_000;

type Event = { line: number; bind: string } | { line: number; resolved: ResolvedImport } | { line: number; read: AttributeRead };

export class ImportSimulator {
  private readonly events = new Map<string, Event[]>();
  private readonly fileOf = new Map<string, string>();
  private readonly known = new Set<string>();

  constructor(
    private readonly project: Project,
    imports: readonly ResolvedImport[],
    target: Target,
  ) {
    for (const module of project.modules) {
      if (module.isStub) continue;
      this.known.add(module.name);
      this.fileOf.set(module.name, module.file);
      const events: Event[] = module.facts.bindings
        .filter((b) => b.kind !== 'global' && !b.typeCheckingOnly && (b.condition === undefined || evaluateCondition(b.condition, target) !== false))
        .map((b) => ({ line: b.line, bind: b.name }));
      // Reads through `from M import x` are not reads of module M.
      for (const read of module.facts.attributeReads ?? []) if (!read.function && read.importedName === undefined) events.push({ line: read.span.line, read });
      this.events.set(module.name, events);
    }
    for (const resolved of imports) {
      if (!runsAtImportTime(resolved.site, target)) continue;
      this.events.get(resolved.importer.name)?.push({ line: resolved.site.span.line, resolved });
    }
    // Statement order; on one line the import runs before the names it binds.
    for (const list of this.events.values()) list.sort((a, b) => a.line - b.line || ('resolved' in a ? -1 : 0) - ('resolved' in b ? -1 : 0));
  }

  /** The first module of `members` that `import start` begins to execute (undefined if none). */
  firstEntered(start: string, members: ReadonlySet<string>, skip?: (module: string) => boolean): string | undefined {
    let entered: string | undefined;
    this.run(start, (module) => {
      if (!members.has(module)) return false;
      entered = module;
      return true;
    }, skip);
    return entered;
  }

  /**
   * Simulates `import start` in a fresh interpreter; returns the crashes met on the way. `stop` is asked
   * before each module starts; answering true ends the simulation there. `skip` names modules that need
   * not run: ones whose imports (and their packages') never reach a partial module cannot crash nor
   * change what does, so a caller that knows them saves the time.
   */
  run(start: string, stop?: (module: string) => boolean, skip?: (module: string) => boolean): CircularCrash[] {
    const state = new Map<string, { bound: Set<string>; line: number; done: boolean }>();
    const stack: string[] = [];
    const crashes: CircularCrash[] = [];
    let stopped = false;
    const execute = (module: string): void => {
      if (stopped || state.has(module) || !this.known.has(module) || (module !== start && skip?.(module))) return;
      if (stop?.(module) || stack.length >= MAX_IMPORT_DEPTH) {
        stopped = true;
        return;
      }
      for (let p = parentName(module); p !== ''; p = parentName(p)) if (!state.has(p)) execute(p);
      const facts = this.project.modulesByName(module)[0]?.facts;
      // A module that can bind any name (star imports, __getattr__, dynamic writes) is never checked as partial.
      const open = facts ? facts.starImports.length > 0 || facts.hasModuleGetattr || facts.dynamicNamespace : true;
      const record = { bound: new Set<string>(open ? ['__getattr__'] : []), line: 0, done: false };
      state.set(module, record);
      stack.push(module);
      for (const event of this.events.get(module) ?? []) {
        if (stopped) return;
        record.line = event.line;
        if ('bind' in event) {
          record.bound.add(event.bind);
          continue;
        }
        if ('read' in event) {
          this.checkRead(module, event.read, state, stack, crashes, start);
          continue;
        }
        const { resolved } = event;
        if (resolved.target.status !== 'found') continue;
        const targetName = this.ownName(resolved.target.module.file, resolved.target.module.name);
        execute(targetName);
        for (const { resolution } of resolved.names) {
          if (resolution.status === 'submodule') execute(this.ownName(resolution.module.file, resolution.module.name));
        }
        // A simulation stopped below this import says nothing about what it would have bound.
        if (stopped) return;
        const partial = state.get(targetName);
        if (!partial || partial.done || resolved.site.kind !== 'from' || resolved.site.guard?.kind === 'try') continue;
        // A module `__getattr__` bound above answers for names not bound yet (PEP 562).
        if (partial.bound.has('__getattr__')) continue;
        for (const { imported, resolution } of resolved.names) {
          if (resolution.status === 'submodule' || partial.bound.has(imported.name)) continue;
          // Only names the finished module would have: a name it never binds is unresolved-name's finding.
          if (resolution.status === 'missing' || resolution.status === 'unknown') continue;
          const from = stack.indexOf(targetName);
          crashes.push({
            importer: module, site: resolved.site, name: imported.name, partial: targetName,
            cycle: stack.slice(from), startedAt: partial.line, start, entered: [...state.keys()],
          });
        }
      }
      record.done = true;
      stack.pop();
    };
    execute(start);
    return crashes;
  }

  /** `A.X` at module level while A is still executing and has not bound X yet: AttributeError. */
  private checkRead(
    module: string, read: AttributeRead, state: Map<string, { bound: Set<string>; line: number; done: boolean }>,
    stack: string[], crashes: CircularCrash[], start: string,
  ): void {
    const partialName = this.project.modulesByName(read.module).length > 0 ? read.module : undefined;
    const partial = partialName ? state.get(partialName) : undefined;
    if (!partialName || !partial || partial.done || partial.bound.has(read.attribute) || partial.bound.has('__getattr__')) return;
    // A submodule already imported is an attribute of its package.
    if (state.has(`${partialName}.${read.attribute}`)) return;
    const finished = this.project.modulesByName(partialName)[0]?.facts.bindings.some((b) => b.name === read.attribute);
    if (!finished) return; // never bound at all: unresolved-attribute's finding
    const from = stack.indexOf(partialName);
    crashes.push({
      importer: module, site: { kind: 'import', module: read.module, level: 0, names: [], star: false, future: false, scope: 'module', moduleSpan: read.span, span: read.span },
      name: read.attribute, partial: partialName, cycle: stack.slice(from), startedAt: partial.line, start, read, entered: [...state.keys()],
    });
  }

  private ownName(file: string | undefined, fallback: string): string {
    return (file ? this.project.moduleOfFile(file)?.name : undefined) ?? fallback;
  }

}
