/**
 * What each view lists: rows with a label, an optional location (for `o`), and the view Enter opens.
 * Pure functions of the explorer data and the view.
 */
import type { ExplorerData, TreeNode } from './explorer-data.js';
import type { View } from './explorer-state.js';
import { KEY_BINDINGS } from './key-bindings.js';

export interface Row {
  label: string;
  detail?: string;
  location?: { file: string; line: number };
  opens?: View;
  tone?: 'error' | 'warning' | 'dim';
  /** Shown under the list while the row is selected: a finding's code line, message and fixes. */
  preview?: string[];
  /** In the module tree: the node, whether it is open, and its parent (for ← to go up). */
  node?: { name: string; expanded: boolean; parent?: string; hasChildren: boolean };
}

/** What a view's rows depend on besides the data: the open packages, and the filter (the tree goes flat). */
export interface RowContext {
  expanded: ReadonlySet<string>;
  filter: string;
}

export function titleOf(view: View): string {
  switch (view.kind) {
    case 'overview':
      return 'Overview';
    case 'findings':
      return view.rule ? `Findings: ${view.rule}` : view.service ? `Findings that crash ${view.service}` : view.file ? `Findings in ${view.file}` : 'Findings';
    case 'name':
      return `Name ${view.name}`;
    case 'modules':
      return 'Modules';
    case 'module':
      return `Module ${view.name}`;
    case 'cycles':
      return 'Import cycles';
    case 'cycle':
      return `Import cycle ${view.index + 1}`;
    case 'entries':
      return 'Entry points';
    case 'startup':
      return `What ${view.entry} imports at startup`;
    case 'why':
      return `Why ${view.module} is imported at startup`;
    case 'help':
      return 'Keys';
  }
}

export function rowsOf(data: ExplorerData, view: View, context: RowContext = { expanded: new Set(), filter: '' }): Row[] {
  switch (view.kind) {
    case 'overview': {
      const rows: Row[] = [];
      // Findings grouped by the service they take down, then by rule.
      for (const e of data.entries) {
        const label = e.service ?? e.name;
        const crashing = data.findings.filter((f) => f.severity === 'error' && f.impact?.entrypoints?.includes(e.name)).length;
        rows.push({ label: `${label}: ${crashing ? `${crashing} finding${crashing === 1 ? '' : 's'} crash it at startup` : 'starts'}`, detail: e.service ? e.name : e.source, ...(crashing ? { tone: 'error' as const, opens: { kind: 'findings', service: e.name } as View } : {}) });
      }
      if (data.entries.length === 0) {
        // No service known: findings grouped by file, the files with errors first.
        rows.push({ label: 'No entry points found (add them under [tool.preflight] entrypoints); findings by file:', tone: 'dim' });
        const byFile = new Map<string, { errors: number; all: number }>();
        for (const f of data.findings) {
          const counts = byFile.get(f.file) ?? { errors: 0, all: 0 };
          counts.all++;
          if (f.severity === 'error') counts.errors++;
          byFile.set(f.file, counts);
        }
        for (const [file, counts] of [...byFile].sort(([a, x], [b, y]) => y.errors - x.errors || (a < b ? -1 : 1))) {
          rows.push({ label: `  ${file}: ${plural(counts.all, 'finding')}${counts.errors ? ` (${counts.errors} error${counts.errors === 1 ? '' : 's'})` : ''}`, tone: counts.errors ? 'error' : 'warning', opens: { kind: 'findings', file } });
        }
      }
      for (const [rule, count] of Object.entries(data.counts.byRule).sort(([, a], [, b]) => b - a)) rows.push({ label: `${rule}: ${count}`, opens: { kind: 'findings', rule } });
      rows.push({ label: `${data.cycles.length} import cycle${data.cycles.length === 1 ? '' : 's'}`, opens: { kind: 'cycles' } });
      return rows;
    }
    case 'name': {
      const d = data.name(view.name);
      const moduleOf = (m: string): View | undefined => (data.module(m) ? { kind: 'module', name: m } : undefined);
      const withOpen = (m: string) => {
        const opens = moduleOf(m);
        return opens ? { opens } : {};
      };
      return [
        ...d.definitions.map((x): Row => ({ label: `defined in ${x.module}`, detail: `${x.file}:${x.line}${x.conditional ? ', conditionally' : ''}`, location: { file: x.file, line: x.line }, ...withOpen(x.module) })),
        ...d.reExports.map((x): Row => ({ label: `re-exported by ${x.module}`, detail: x.statement, location: { file: x.file, line: x.line }, ...withOpen(x.module) })),
        ...d.importers.map((x): Row => ({ label: `imported in ${x.file}:${x.line} from ${x.from}`, location: { file: x.file, line: x.line }, ...(x.missing ? { tone: 'error' as const, detail: 'does not resolve' } : {}) })),
      ];
    }
    case 'findings':
      return data.findings.filter((f) => (!view.rule || f.rule === view.rule) && (!view.service || f.impact?.entrypoints?.includes(view.service)) && (!view.file || f.file === view.file)).map((f) => {
        const module = data.moduleOfFile(f.file);
        const startup = f.impact?.when === 'startup' ? ` — crashes ${f.impact.entrypoints?.join(', ')}` : '';
        const code = data.codeLine(f.file, f.line);
        return {
          label: `${f.file}:${f.line}:${f.column} ${f.rule}`, detail: `${f.message}${startup}`, location: { file: f.file, line: f.line },
          preview: [...(code !== undefined ? [`${f.line} │ ${code.replace(/\t/g, '    ')}`] : []), `${f.severity}: ${f.message}${startup}`, ...(f.suggestions ?? []).map((s) => `fix: ${s.message}`)],
          tone: f.severity === 'error' ? 'error' : 'warning',
          // A missing name opens where it really lives; otherwise the finding's module.
          ...(f.name ? { opens: { kind: 'name', name: f.name } as View } : module ? { opens: { kind: 'module', name: module } as View } : {}),
        };
      });
    case 'modules':
      // Filtering searches every module, not only the open packages: the tree goes flat.
      if (context.filter) {
        return data.modules.map((m) => ({
          label: m.name, ...(m.findings ? { detail: plural(m.findings, 'finding'), tone: 'error' as const } : {}),
          ...(m.file ? { location: { file: m.file, line: 1 } } : {}), opens: { kind: 'module', name: m.name },
        }));
      }
      return treeRows(data, data.tree, context.expanded);
    case 'module': {
      const own = data.module(view.name);
      // Imports that fail first, then the project's, then the standard library's and third parties'.
      const order = (status: string) => (status === 'missing' ? 0 : status === 'external' ? 2 : 1);
      const imports = data.importsOf(view.name).sort((a, b) => order(a.status) - order(b.status)).map((i): Row => ({
        label: `imports ${i.name}`, ...(i.status === 'missing' ? { detail: 'does not resolve', tone: 'error' as const } : i.status === 'external' ? { tone: 'dim' as const } : {}),
        ...(i.file && i.line ? { location: { file: i.file, line: i.line } } : {}),
        ...(data.module(i.name) ? { opens: { kind: 'module', name: i.name } as View } : {}),
      }));
      const importers = data.importersOf(view.name).map((i): Row => ({
        label: `imported by ${i.name}`, ...(i.file && i.line ? { location: { file: i.file, line: i.line } } : {}), opens: { kind: 'module', name: i.name },
      }));
      const bindings = data.bindingsOf(view.name).map((b): Row => ({
        label: `binds ${b.name}`,
        detail: `${b.kind}, line ${b.line}${b.importedBy.length ? ` — imported by ${b.importedBy.length}: ${b.importedBy.join(', ')}` : ''}`,
        ...(own?.file ? { location: { file: own.file, line: b.line } } : {}), opens: { kind: 'name', name: b.name },
        ...(b.importedBy.length ? {} : { tone: 'dim' as const }),
      }));
      const chain = data.chainTo(view.name);
      return [
        ...(own?.file ? [{ label: own.file, detail: plural(own.findings, 'finding'), location: { file: own.file, line: 1 } } as Row] : []),
        { label: chain ? `imported at startup by ${chain.entrypoints.join(', ')}` : 'not imported at startup by any entry point', ...(chain ? { opens: { kind: 'why', module: view.name } as View } : { tone: 'dim' as const }) },
        ...imports, ...importers, ...bindings,
      ];
    }
    case 'cycles':
      return data.cycles.map((c, index) => ({ label: `${c.length} modules:`, detail: c.join(' ↔ '), opens: { kind: 'cycle', index } }));
    case 'cycle': {
      // Each member with the members it imports: the edges that close the cycle.
      const members = new Set(data.cycles[view.index] ?? []);
      return [...members].map((m) => {
        const inside = data.importsOf(m).filter((i) => members.has(i.name)).map((i) => i.name);
        const own = data.module(m);
        return { label: m, detail: `imports ${inside.join(', ')}`, opens: { kind: 'module', name: m }, ...(own?.file ? { location: { file: own.file, line: 1 } } : {}) };
      });
    }
    case 'entries':
      return data.entries.map((e) => ({ label: e.service ? `${e.service} (${e.name})` : e.name, detail: `${e.modules} modules at startup — ${e.source}`, opens: { kind: 'startup', entry: e.name } }));
    case 'startup':
      // The modules with findings first: what takes the service down.
      return data.startupOf(view.entry).map((name) => data.module(name) ?? { name, findings: 0 })
        .sort((a, b) => Number(b.findings > 0) - Number(a.findings > 0))
        .map((m) => ({
          label: m.name, ...(m.findings ? { detail: plural(m.findings, 'finding'), tone: 'error' as const } : {}),
          ...(m.file ? { location: { file: m.file, line: 1 } } : {}), opens: { kind: 'module', name: m.name },
        }));
    case 'why': {
      // Each step with the line that imports it; a step with none is the framework's (django.setup, Celery).
      const chain = data.chainTo(view.module)?.chain ?? [];
      return chain.map((m, i): Row => {
        const site = i > 0 ? data.importSite(chain[i - 1]!, m) : undefined;
        const code = site ? data.codeLine(site.file, site.line)?.trim() : undefined;
        return {
          label: `${'  '.repeat(i)}${i === 0 ? '' : '→ '}${m}`, opens: { kind: 'module', name: m },
          ...(i === 0 ? { detail: 'the entry point' } : site ? { detail: `${site.file}:${site.line}${code ? `  ${code}` : ''}`, location: site } : { detail: 'imported by the framework at startup', tone: 'dim' as const }),
        };
      });
    }
    case 'help':
      return KEY_BINDINGS.map((b) => ({ label: `${b.keys.join(', ').padEnd(18)}${b.help}` }));
  }
}

/** The open part of the package tree, depth first: `▾` open, `▸` closed, counts of what is under each. */
function treeRows(data: ExplorerData, top: readonly TreeNode[], expanded: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  const visit = (nodes: readonly TreeNode[], depth: number, parent?: string) => {
    for (const node of nodes) {
      const open = expanded.has(node.name);
      const hasChildren = node.children.length > 0;
      const file = node.isModule ? data.module(node.name)?.file : undefined;
      const counts = hasChildren ? [plural(node.modules, 'module'), ...(node.findings ? [plural(node.findings, 'finding')] : [])] : node.findings ? [plural(node.findings, 'finding')] : [];
      rows.push({
        label: `${'  '.repeat(depth)}${hasChildren ? (open ? '▾ ' : '▸ ') : '  '}${node.name.slice(node.name.lastIndexOf('.') + 1)}`,
        ...(counts.length ? { detail: counts.join(', ') } : {}),
        ...(node.findings ? { tone: 'error' as const } : {}),
        ...(file ? { location: { file, line: 1 } } : {}),
        ...(node.isModule ? { opens: { kind: 'module', name: node.name } as View } : {}),
        node: { name: node.name, expanded: open, hasChildren, ...(parent ? { parent } : {}) },
      });
      if (open) visit(node.children, depth + 1, node.name);
    }
  };
  visit(top, 0);
  return rows;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
