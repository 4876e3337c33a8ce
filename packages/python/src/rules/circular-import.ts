/** circular-import: a name read from a partially initialised module (doc: circular-import.md). */
import { stronglyConnected } from '@preflight/core';
import { parentName } from '../project/module-name.js';
import { ImportSimulator, type CircularCrash } from '../impact/simulate-imports.js';
import type { Rule } from './rule.js';

/** How many different first-imported members of one cycle are simulated. */
const MAX_ORDERS_PER_CYCLE = 200;

export const circularImport: Rule = {
  id: 'circular-import',
  summary: 'A circular import that reads a name from a partially initialised module',
  check(context) {
    const simulator = new ImportSimulator(context.project, context.imports, context.target);
    // How sure a crash is: on a service's start, on any first import of a package, or only when that
    // module is imported first (order-dependent). The surest way a crash was found wins.
    type Found = 'entry' | 'package' | 'order';
    const rank: Record<Found, number> = { entry: 0, package: 1, order: 2 };
    const found = new Map<string, { crash: CircularCrash; how: Found }>();
    const record = (crash: CircularCrash, how: Found) => {
      const key = `${crash.importer}\0${crash.site.span.line}\0${crash.name}`;
      const known = found.get(key);
      if (!known || rank[how] < rank[known.how]) found.set(key, { crash, how });
    };
    const edges = context.importTimeEdges;
    const cycles = cycleComponents(edges);
    const inCycle = new Set(cycles.flat());
    // Only modules that lead to a cycle (through their imports or their packages') can meet a partially
    // initialised module: the simulations skip the others.
    const modules = context.project.modules.map((m) => m.name);
    const leadsToCycle = reachingCycles(modules, edges, inCycle, true);
    const skip = (module: string) => !leadsToCycle.has(module);
    // Started the way the services start: these crashes happen on every start.
    for (const entry of context.entryPoints) for (const crash of simulator.run(entry.modules[0]!, undefined, skip)) record(crash, 'entry');
    // A package's first import runs its __init__ before any of its modules has run. A crash met while
    // only the package's own modules (and the packages above it) had started happens on every first
    // import of that package, whoever imports it: certain, whatever the order.
    for (const module of context.project.modules) {
      if (!module.isInit || module.isStub || !leadsToCycle.has(module.name)) continue;
      const inside = (m: string) => m === module.name || m.startsWith(`${module.name}.`) || module.name.startsWith(`${m}.`);
      // Once a module outside has started, every later crash has it among the modules entered: none of
      // them is this package's own, so the simulation stops there.
      for (const crash of simulator.run(module.name, (m) => !inside(m), skip)) {
        if (crash.entered.every(inside) && crash.cycle.every((m) => m === module.name || m.startsWith(`${module.name}.`))) record({ ...crash, start: module.name }, 'package');
      }
    }
    // Modules nothing imports are the ones something else starts (a script, a test, a framework): started
    // from each that reaches an import cycle, the crash is real for that start. (Starting from a module deep
    // inside a cycle is possible too, but rare, and reporting it drowns the real ones.)
    // Inside a cycle, what crashes depends on which member is entered first: one simulation per member entered.
    const simulatedEntries = new Set<string>();
    // A cycle of thousands of modules nothing else imports would take one simulation per member: a few
    // hundred orders are tried, and the rest is said.
    const cycleOf = new Map(cycles.flatMap((cycle, index) => cycle.map((m) => [m, index] as const)));
    const tried = new Map<number, number>();
    const cutShort = new Set<number>();
    if (inCycle.size > 0) {
      const starts = startModules(context, edges, inCycle, cycles, reachingCycles(modules, edges, inCycle, false));
      const firstEntered = simulator.firstEntered(starts, inCycle, skip);
      for (const start of starts) {
        const entry = firstEntered.get(start);
        if (entry === undefined || simulatedEntries.has(entry)) continue;
        const cycle = cycleOf.get(entry)!;
        if ((tried.get(cycle) ?? 0) >= MAX_ORDERS_PER_CYCLE) {
          cutShort.add(cycle);
          continue;
        }
        tried.set(cycle, (tried.get(cycle) ?? 0) + 1);
        simulatedEntries.add(entry);
        for (const crash of simulator.run(start, undefined, skip)) record(crash, 'order');
      }
    }
    for (const cycle of cutShort) {
      const members = [...cycles[cycle]!].sort();
      context.notice(`circular-import: an import cycle of ${members.length} modules (${members.slice(0, 3).join(', ')}, …): ${MAX_ORDERS_PER_CYCLE} of its modules were tried as the first one imported; a crash that needs another order may be missed`);
    }

    for (const { crash, how } of [...found.values()]) {
      const partialFile = context.project.modulesByName(crash.partial)[0]?.file ?? crash.partial;
      const name = crash.read ? { span: crash.span ?? crash.read.span } : crash.site.names.find((n) => n.name === crash.name);
      const cycle = [...crash.cycle, crash.partial].join(' → ');
      const certainty = how === 'entry' ? '' : how === 'package' ? `; crashes whenever \`${crash.start}\` is first imported (its \`__init__\` runs first)` : `; crashes when \`${crash.start}\` is imported first`;
      const expression = crash.expression ?? (crash.read ? `${crash.read.name}.${crash.name}` : crash.name);
      const startedAt = `${partialFile}:${crash.startedAt}`;
      let message: string;
      let fix: string;
      if (crash.submoduleOf) {
        const { module: parent, executing } = crash.submoduleOf;
        // The 3.11 wording (bpo-44717); before, a plain "module 'p' has no attribute 'x'".
        const [major, minor] = context.target.version;
        const raised = executing
          ? `partially initialized module '${parent}' has no attribute '${crash.name}'`
          : major > 3 || minor >= 11 ? `cannot access submodule '${crash.name}' of module '${parent}'` : `module '${parent}' has no attribute '${crash.name}'`;
        message = `\`${expression}\` reads submodule \`${crash.partial}\` as an attribute of \`${parent}\` before its import has finished (only then is it bound on its package): circular import ${cycle}` +
          ` (${startedAt} is still importing); AttributeError: ${raised}${certainty}`;
        fix = `move the read of \`${expression}\` into the function that uses it (a function body runs when called), or move the import in ${startedAt} into a function`;
      } else if (crash.read) {
        message = `\`${expression}\` is read from partially initialised module \`${crash.partial}\`: circular import ${cycle}` +
          ` (${startedAt} imports before \`${crash.name}\` is bound); AttributeError: partially initialized module '${crash.partial}' has no attribute '${crash.name}'${certainty}`;
        fix = `move the import in ${startedAt} below the definition of \`${crash.name}\`, or move the read of \`${expression}\` into the function that uses it (a function body runs when called)`;
      } else {
        message = `\`${crash.name}\` is read from partially initialised module \`${crash.partial}\`: circular import ${cycle} (${startedAt} imports before \`${crash.name}\` is bound)${certainty}`;
        fix = `move the import in ${startedAt} below the definition of \`${crash.name}\`, or import the module (\`import ${crash.partial}\`) and read \`${crash.partial}.${crash.name}\` where it is used`;
      }
      context.report({
        file: context.project.modulesByName(crash.importer)[0]!.file,
        span: name?.span ?? crash.site.span,
        site: crash.site,
        module: crash.partial,
        name: crash.name,
        // Found from an entry point: that service's start is the crash; inside a package's first import:
        // every import of it. Else it depends on which module is imported first, which no service's
        // start is known to do.
        ...(how === 'order' ? { unsure: true, orderDependent: true } : {}),
        message,
        suggestions: [{ message: fix }],
      });
    }
  },
};

/**
 * Where an import may start: modules no other module imports at import time that reach a cycle, and
 * members of a cycle that nothing outside their own cycle imports (a library's two modules that only
 * import each other: the caller may import either first).
 */
function startModules(
  context: Parameters<Rule['check']>[0], edges: ReadonlyMap<string, readonly string[]>, inCycle: ReadonlySet<string>, cycles: readonly string[][],
  importsReachCycle: ReadonlySet<string>,
): string[] {
  const imported = new Set([...edges.values()].flat());
  const componentOf = new Map<string, Set<string>>();
  for (const cycle of cycles) {
    const members = new Set(cycle);
    for (const m of cycle) componentOf.set(m, members);
  }
  const importedFromOutside = new Set<string>();
  for (const [from, targets] of edges) for (const to of targets) if (!componentOf.get(to)?.has(from)) importedFromOutside.add(to);
  const closed = [...inCycle].filter((m) => !importedFromOutside.has(m));
  const roots = context.project.modules.map((m) => m.name).filter((m) => !imported.has(m) && edges.has(m) && importsReachCycle.has(m));
  return [...new Set([...roots, ...closed])].sort();
}

/**
 * The modules from which importing can enter a cycle: walked back from the cycles once (a walk forward
 * from each module was quadratic), over the import edges and, with `throughPackages`, the edge from each
 * module to its parent packages (importing `a.b.c` runs `a` and `a.b` first).
 */
function reachingCycles(modules: readonly string[], edges: ReadonlyMap<string, readonly string[]>, inCycle: ReadonlySet<string>, throughPackages: boolean): Set<string> {
  const importers = new Map<string, string[]>();
  const link = (from: string, to: string) => {
    const list = importers.get(to);
    if (list) list.push(from);
    else importers.set(to, [from]);
  };
  for (const [from, targets] of edges) for (const to of targets) link(from, to);
  if (throughPackages) for (const module of modules) for (let p = parentName(module); p !== ''; p = parentName(p)) link(module, p);
  const reaching = new Set(inCycle);
  const queue = [...inCycle];
  for (let i = 0; i < queue.length; i++) {
    for (const from of importers.get(queue[i]!) ?? []) if (!reaching.has(from)) (reaching.add(from), queue.push(from));
  }
  return reaching;
}

/** The import cycles: strongly connected components of import-time edges with more than one module. */
function cycleComponents(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const withoutSelf = new Map([...edges].map(([from, targets]) => [from, targets.filter((to) => to !== from)]));
  return stronglyConnected(withoutSelf).filter((c) => c.length > 1);
}
