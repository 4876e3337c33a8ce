/**
 * Runs a project's imports the way the interpreter would, without running any code: a module executes
 * top to bottom; an import of a module not yet started executes it (parent packages first); a module
 * already executing is partially initialised, and `from it import X` succeeds only if X is bound above
 * the line where it started the import that led back to it (or X is a submodule). Every such read of a
 * name not yet bound is a crash: `ImportError: cannot import name 'X' from partially initialized module`.
 *
 * Module-level attribute reads are run too, along their dotted chain: `m.X` on a partially initialised
 * `m` that has not bound X yet is `AttributeError: partially initialized module 'm' has no attribute
 * 'X'`; and a submodule becomes an attribute of its package only once its own import has finished, so
 * `pkg.mod.X` (after `import pkg.mod`) while `pkg.mod` is still executing fails on `pkg.mod` itself,
 * whatever `pkg.mod` has bound: `AttributeError: cannot access submodule 'mod' of module 'pkg'` (or
 * `partially initialized module 'pkg' has no attribute 'mod'` while `pkg` is executing too).
 * `import pkg.mod as m` and `from pkg import mod` find the module in `sys.modules` instead: they bind
 * the partial module, and only its unbound names fail.
 */
import type { AttributeRead, Guard, ImportSite, Span } from '@preflight/core';
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
  /** For a read: the dotted expression up to the attribute missing (`pkg.mod.X`), and that attribute's span. */
  expression?: string;
  span?: Span;
  /**
   * For a read of submodule `partial` through its package before its import finished (`pkg.mod.X`
   * after `import pkg.mod`): the package, which has no attribute `name` yet, and whether it is still
   * executing itself.
   */
  submoduleOf?: { module: string; executing: boolean };
}

type ModuleState = { bound: Set<string>; line: number; done: boolean };

/** One simulated `import start`: each module started (in order), the modules executing, the crashes met. */
interface Simulation {
  state: Map<string, ModuleState>;
  stack: string[];
  crashes: CircularCrash[];
  start: string;
  above: Set<string>;
  skip?: (module: string) => boolean;
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
  /** `importer\0level\0module\0name` → the submodule `from module import name` binds (a direct submodule of module). */
  private readonly fromImportedModules = new Map<string, string>();
  private readonly finalNamesMemo = new Map<string, Set<string>>();

  constructor(
    private readonly project: Project,
    imports: readonly ResolvedImport[],
    private readonly target: Target,
  ) {
    for (const module of project.modules) {
      if (module.isStub) continue;
      this.known.add(module.name);
      this.fileOf.set(module.name, module.file);
      const events: Event[] = module.facts.bindings
        .filter((b) => b.kind !== 'global' && !b.typeCheckingOnly && (b.condition === undefined || evaluateCondition(b.condition, target) !== false))
        .map((b) => ({ line: b.line, bind: b.name }));
      for (const read of module.facts.attributeReads ?? []) if (!read.function) events.push({ line: read.span.line, read });
      this.events.set(module.name, events);
    }
    for (const resolved of imports) {
      if (!runsAtImportTime(resolved.site, target)) continue;
      this.events.get(resolved.importer.name)?.push({ line: resolved.site.span.line, resolved });
      const { site, target: from } = resolved;
      if (site.kind !== 'from' || from.status !== 'found') continue;
      for (const { imported, resolution } of resolved.names) {
        if (resolution.status !== 'submodule' || resolution.module.name !== `${from.module.name}.${imported.name}`) continue;
        this.fromImportedModules.set(`${resolved.importer.name}\0${site.level}\0${site.module}\0${imported.name}`, this.ownName(resolution.module.file, resolution.module.name));
      }
    }
    // Statement order; on one line the import runs before the names it binds.
    for (const list of this.events.values()) list.sort((a, b) => a.line - b.line || ('resolved' in a ? -1 : 0) - ('resolved' in b ? -1 : 0));
  }

  /**
   * For each start, the first module of `members` that `import start` begins to execute (undefined if
   * none): the simulation's order of imports, without its names. Walks share what they learn: a module
   * whose import, wherever it starts, meets no member is not walked again. That holds for a module once
   * its walk has ended depending on no module still executing (Tarjan's low link: a walk that hit a
   * module in progress, its package's `__init__` say, would go on there in a fresh interpreter), and then
   * for every module walked under it.
   * Exact when `skip` names only modules from which no member can be reached (through imports and
   * packages), as circular-import's does: a memo made while a module was skipped would otherwise be
   * wrong for a start that is that module. And a walk deeper than MAX_IMPORT_DEPTH may be cut short
   * by a memo where the simulation would have stopped (Python gives up there anyway).
   */
  firstEntered(starts: readonly string[], members: ReadonlySet<string>, skip?: (module: string) => boolean): Map<string, string | undefined> {
    const meetsNone = new Set<string>();
    const first = new Map<string, string | undefined>();
    for (const start of starts) {
      let found: string | undefined;
      let stopped = false;
      /** Each module this walk entered, in order; the low link of those that ended depending on one in progress. */
      const entered = new Map<string, number>();
      const lowOf = new Map<string, number>();
      const ended: string[] = [];
      let depth = 0;
      /** The earliest module still in progress that this walk of `module` depended on (Infinity: none). */
      const walk = (module: string): number => {
        if (stopped || meetsNone.has(module)) return Infinity;
        const enteredAt = entered.get(module);
        if (enteredAt !== undefined) return lowOf.get(module) ?? enteredAt;
        if (!this.known.has(module) || (module !== start && skip?.(module))) return Infinity;
        if (members.has(module) || depth >= MAX_IMPORT_DEPTH) {
          if (members.has(module)) found = module;
          stopped = true;
          return Infinity;
        }
        let low = Infinity;
        for (let p = parentName(module); p !== ''; p = parentName(p)) low = Math.min(low, walk(p));
        if (stopped) return Infinity;
        // Its package's __init__ imported it already.
        if (meetsNone.has(module)) return low;
        const again = entered.get(module);
        if (again !== undefined) return Math.min(low, lowOf.get(module) ?? again);
        const index = entered.size;
        entered.set(module, index);
        const mark = ended.length;
        depth++;
        for (const event of this.events.get(module) ?? []) {
          if (!('resolved' in event)) continue;
          const { target, names } = event.resolved;
          if (target.status !== 'found') continue;
          low = Math.min(low, walk(this.ownName(target.module.file, target.module.name)));
          for (const { resolution } of names) {
            if (resolution.status === 'submodule') low = Math.min(low, walk(this.ownName(resolution.module.file, resolution.module.name)));
          }
          if (stopped) return Infinity;
        }
        depth--;
        ended.push(module);
        if (low < index) {
          lowOf.set(module, low);
          return low;
        }
        for (const m of ended.splice(mark)) meetsNone.add(m);
        return Infinity;
      };
      walk(start);
      first.set(start, found);
    }
    return first;
  }

  /**
   * Simulates `import start` in a fresh interpreter; returns the crashes met on the way. `stop` is asked
   * before each module starts; answering true ends the simulation there. `skip` names modules that need
   * not run: ones whose imports (and their packages') never reach a partial module cannot crash nor
   * change what does, so a caller that knows them saves the time.
   */
  run(start: string, stop?: (module: string) => boolean, skip?: (module: string) => boolean): CircularCrash[] {
    const state = new Map<string, ModuleState>();
    const stack: string[] = [];
    const crashes: CircularCrash[] = [];
    // Every package above a module that has started: imported (a namespace package, or one skipped, has finished).
    const above = new Set<string>();
    const simulation: Simulation = { state, stack, crashes, start, above, ...(skip ? { skip } : {}) };
    let stopped = false;
    const execute = (module: string): void => {
      if (stopped || state.has(module) || !this.known.has(module) || (module !== start && skip?.(module))) return;
      if (stop?.(module) || stack.length >= MAX_IMPORT_DEPTH) {
        stopped = true;
        return;
      }
      for (let p = parentName(module); p !== ''; p = parentName(p)) if (!state.has(p)) execute(p);
      // A package's __init__ may have imported the module already (CPython checks sys.modules again then).
      if (stopped || state.has(module)) return;
      const facts = this.project.modulesByName(module)[0]?.facts;
      // A module that can bind any name (star imports, __getattr__, dynamic writes) is never checked as partial.
      const open = facts ? facts.starImports.length > 0 || facts.hasModuleGetattr || facts.dynamicNamespace : true;
      const record = { bound: new Set<string>(open ? ['__getattr__'] : []), line: 0, done: false };
      state.set(module, record);
      for (let p = parentName(module); p !== '' && !above.has(p); p = parentName(p)) above.add(p);
      stack.push(module);
      for (const event of this.events.get(module) ?? []) {
        if (stopped) return;
        record.line = event.line;
        if ('bind' in event) {
          record.bound.add(event.bind);
          continue;
        }
        if ('read' in event) {
          this.checkRead(module, event.read, simulation);
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

  /**
   * A module-level read `name.a.b...`, followed along its chain: each step is an attribute of the module
   * reached so far. A step naming a submodule still executing (and not bound by its package itself) is
   * missing from the package: AttributeError. A step naming something the module binds later, while it
   * is executing, is missing too. Anything else (a finished module, a name bound already, an object that
   * is not a module) ends the walk: what it holds is not followed.
   */
  private checkRead(module: string, read: AttributeRead, { state, stack, crashes, start, above, skip }: Simulation): void {
    // Not bound yet in the reader (the import is further down): a NameError, not a circular import.
    if (!state.get(module)?.bound.has(read.name)) return;
    if (read.deferred || (read.annotation && this.annotationsDeferred(module))) return;
    if (read.guard && !this.guardRuns(read.guard)) return;
    const first = read.importedName === undefined
      ? read.module
      : this.fromImportedModules.get(`${module}\0${read.level ?? 0}\0${read.module}\0${read.importedName}`);
    if (first === undefined) return;
    // A module not run here has finished if it was imported: a skipped one (its imports never reach a
    // cycle) runs to its end, a namespace package (a folder) has nothing to run. `first` was imported (the
    // reader bound it), a package was if a module in it has started.
    const stateOf = (m: string, imported: boolean): ModuleState | undefined => {
      const record = state.get(m);
      if (record) return record;
      if (!imported && !above.has(m)) return undefined;
      if (this.known.has(m)) return skip?.(m) ? { bound: this.finalNames(m), line: 0, done: true } : undefined;
      return this.project.modulesByName(m).length === 0 && above.has(m) ? { bound: new Set(), line: 0, done: true } : undefined;
    };
    let current: string = first;
    let expression = read.name;
    const steps = [{ attribute: read.attribute, span: read.span }, ...(read.rest ?? [])];
    for (const [index, step] of steps.entries()) {
      expression += `.${step.attribute}`;
      const record = stateOf(current, current === first);
      if (!record || record.bound.has('__getattr__') || record.bound.has(step.attribute)) return;
      const submodule: string = `${current}.${step.attribute}`;
      const sub = stateOf(submodule, false);
      if (this.known.has(submodule) || sub) {
        // Never imported: unresolved-attribute's finding. Finished: bound on its package, read on.
        if (!sub) return;
        if (sub.done) {
          current = submodule;
          continue;
        }
        // Named with the next step, if any: `pkg.mod.X`, what the line reads from the submodule.
        const next = steps[index + 1];
        crashes.push({
          importer: module, site: this.readSite(read), name: step.attribute, partial: submodule, cycle: stack.slice(stack.indexOf(submodule)),
          startedAt: sub.line, start, read, expression: next ? `${expression}.${next.attribute}` : expression, span: step.span,
          submoduleOf: { module: current, executing: !record.done }, entered: [...state.keys()],
        });
        return;
      }
      if (record.done) return;
      // Never bound at all: unresolved-attribute's finding.
      const owner = current;
      if (!this.project.modulesByName(owner)[0]?.facts.bindings.some((b) => b.name === step.attribute)) return;
      crashes.push({
        importer: module, site: this.readSite(read), name: step.attribute, partial: owner, cycle: stack.slice(stack.indexOf(owner)),
        startedAt: record.line, start, read, expression, span: step.span, entered: [...state.keys()],
      });
      return;
    }
  }

  /** The names a module has bound once it has run to its end (`__getattr__` for one that may bind any). */
  private finalNames(module: string): Set<string> {
    let names = this.finalNamesMemo.get(module);
    if (!names) {
      names = new Set<string>();
      for (const event of this.events.get(module) ?? []) if ('bind' in event) names.add(event.bind);
      const facts = this.project.modulesByName(module)[0]?.facts;
      if (!facts || facts.starImports.length > 0 || facts.hasModuleGetattr || facts.dynamicNamespace) names.add('__getattr__');
      this.finalNamesMemo.set(module, names);
    }
    return names;
  }

  private readSite(read: AttributeRead): ImportSite {
    return { kind: 'import', module: read.module, level: 0, names: [], star: false, future: false, scope: 'module', moduleSpan: read.span, span: read.span };
  }

  /** Annotations are not evaluated under `from __future__ import annotations`, nor from Python 3.14 on (PEP 649). */
  private annotationsDeferred(module: string): boolean {
    if (this.target.version[0] > 3 || (this.target.version[0] === 3 && this.target.version[1] >= 14)) return true;
    const facts = this.project.modulesByName(module)[0]?.facts;
    return facts?.imports.some((site) => site.future && site.names.some((n) => n.name === 'annotations')) ?? false;
  }

  /** Whether a guarded read surely runs: only under a condition known true on the target. */
  private guardRuns(guard: Guard): boolean {
    if (guard.kind === 'condition') return evaluateCondition(guard.condition, this.target) === true;
    return guard.kind === 'try' || guard.kind === 'try-else';
  }

  private ownName(file: string | undefined, fallback: string): string {
    return (file ? this.project.moduleOfFile(file)?.name : undefined) ?? fallback;
  }

}
