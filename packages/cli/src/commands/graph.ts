/**
 * `preflight graph [path]`: the module graph for the tools people already use — DOT, Mermaid, JSON,
 * GEXF, GraphML — whole, around one module, for one service's startup, only its cycles, or with packages
 * collapsed. Broken imports are red edges; modules with errors are red nodes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { graphView } from '@preflight/core';
import { checkAsync } from '@preflight/python';
import { formatGraph, GRAPH_FORMATS, type GraphFormat } from '@preflight/reporters';
import { checkOptionsFrom, folderOf } from '../check-options.js';
import { readConfig } from '../config/read-config.js';
import { ExitCode, UsageError } from '../exit-code.js';
import type { Io } from '../io.js';

export const GRAPH_HELP = `Usage: preflight graph [path] [options]

Prints the project's module graph.

Options:
  --format <name>            dot (default), mermaid, json, gexf or graphml
  --focus <module>           only the modules it imports (with --reverse: that import it) ...
  --depth <n>                ... up to n imports away (default 1)
  --reverse                  follow importers instead of imports
  --entry <name>             only what that entry point or service imports at startup
  --cycles                   only the modules in import cycles
  --collapse-packages <n>    merge modules into their package of depth n (a.b.c → a.b at 2)
  --external                 keep third-party and standard-library modules
  --output <file>            write there instead of stdout`;

export async function runGraph(argv: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'dot' },
      focus: { type: 'string' },
      depth: { type: 'string' },
      reverse: { type: 'boolean' },
      entry: { type: 'string' },
      cycles: { type: 'boolean' },
      'collapse-packages': { type: 'string' },
      external: { type: 'boolean' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(`${GRAPH_HELP}\n`);
    return ExitCode.Clean;
  }
  const format = values.format as GraphFormat;
  if (!GRAPH_FORMATS.includes(format)) throw new UsageError(`unknown graph format \`${values.format}\` (expected one of: ${GRAPH_FORMATS.join(', ')})`);
  const depth = count(values.depth, '--depth') ?? 1;
  const collapse = count(values['collapse-packages'], '--collapse-packages');
  const root = folderOf(io, positionals[0]);
  const result = await checkAsync(checkOptionsFrom(root, readConfig(root), {}, io));
  if (values.focus && !result.graph.node(values.focus)) throw new UsageError(`no module \`${values.focus}\` in this project`);
  const only = values.entry ? result.startup.modulesOf(values.entry) : undefined;
  if (values.entry && !only) {
    throw new UsageError(`no entry point \`${values.entry}\` (found: ${result.entryPoints.map((e) => e.service ?? e.name).join(', ') || 'none'})`);
  }
  const errors = new Map<string, number>();
  for (const f of result.report.findings) {
    const module = f.severity === 'error' ? result.project.moduleOfFile(f.file)?.name : undefined;
    if (module) errors.set(module, (errors.get(module) ?? 0) + 1);
  }
  const view = graphView(result.graph, {
    errors, ...(only ? { only } : {}), ...(values.cycles ? { cycles: true } : {}), ...(values.external ? { external: true } : {}),
    ...(collapse ? { collapse } : {}), ...(values.focus ? { focus: { module: values.focus, depth, reverse: values.reverse ?? false } } : {}),
  });
  const text = formatGraph(view, format);
  if (values.output) fs.writeFileSync(path.resolve(io.cwd, values.output), text);
  else io.stdout(text);
  return ExitCode.Clean;
}

function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${flag} must be a positive whole number, not \`${value}\``);
  return Number(value);
}
