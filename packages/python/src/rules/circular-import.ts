/** circular-import: a name read from a partially initialised module (doc: circular-import.md). */
import graphology from 'graphology';
import { stronglyConnectedComponents } from 'graphology-components';
import { importTimeEdges } from '../impact/import-time.js';
import { ImportSimulator, type CircularCrash } from '../impact/simulate-imports.js';
import type { Rule } from './rule.js';

const DirectedGraph = (graphology as unknown as { DirectedGraph: typeof graphology.DirectedGraph }).DirectedGraph;

export const circularImport: Rule = {
  id: 'circular-import',
  summary: 'A circular import that reads a name from a partially initialised module',
  check(context) {
    const simulator = new ImportSimulator(context.project, context.imports, context.target);
    const found = new Map<string, { crash: CircularCrash; fromEntry: boolean }>();
    const record = (crash: CircularCrash, fromEntry: boolean) => {
      const key = `${crash.importer}\0${crash.site.span.line}\0${crash.name}`;
      const known = found.get(key);
      if (!known || (fromEntry && !known.fromEntry)) found.set(key, { crash, fromEntry });
    };
    // Started the way the services start: these crashes happen on every start.
    for (const entry of context.entryPoints) for (const crash of simulator.run(entry.modules[0]!)) record(crash, true);
    // Any module of an import cycle may be imported first somewhere (a test, a script, another service).
    for (const start of cycleMembers(context)) for (const crash of simulator.run(start)) record(crash, false);

    for (const { crash, fromEntry } of [...found.values()]) {
      const partialFile = context.project.modulesByName(crash.partial)[0]?.file ?? crash.partial;
      const name = crash.site.names.find((n) => n.name === crash.name);
      const cycle = [...crash.cycle, crash.partial].join(' → ');
      context.report({
        file: context.project.modulesByName(crash.importer)[0]!.file,
        span: name?.span ?? crash.site.span,
        site: crash.site,
        module: crash.partial,
        name: crash.name,
        ...(fromEntry ? {} : { unsure: true }),
        message:
          `\`${crash.name}\` is read from partially initialised module \`${crash.partial}\`: circular import ${cycle}` +
          ` (${partialFile}:${crash.startedAt} imports before \`${crash.name}\` is bound)` +
          (fromEntry ? '' : `; crashes when \`${crash.start}\` is imported first`),
        suggestions: [
          { message: `move the import in ${partialFile}:${crash.startedAt} below the definition of \`${crash.name}\`, or import the module (\`import ${crash.partial}\`) and read \`${crash.partial}.${crash.name}\` where it is used` },
        ],
      });
    }
  },
};

/** Modules in an import cycle (a strongly connected component of import-time edges), sorted. */
function cycleMembers(context: Parameters<Rule['check']>[0]): string[] {
  const graph = new DirectedGraph();
  for (const [from, targets] of importTimeEdges(context.project, context.imports, context.target)) {
    for (const to of targets) {
      if (from === to) continue;
      graph.mergeNode(from);
      graph.mergeNode(to);
      graph.mergeEdge(from, to);
    }
  }
  return stronglyConnectedComponents(graph).filter((c) => c.length > 1).flat().sort();
}
