/**
 * What each view lists: rows with a label, an optional location (for `o`), and the view Enter opens.
 * Pure functions of the explorer data and the view.
 */
import type { ExplorerData } from './explorer-data.js';
import type { View } from './explorer-state.js';

export interface Row {
  label: string;
  detail?: string;
  location?: { file: string; line: number };
  opens?: View;
  tone?: 'error' | 'warning' | 'dim';
}

export function titleOf(view: View): string {
  switch (view.kind) {
    case 'findings':
      return 'Findings';
    case 'modules':
      return 'Modules';
    case 'module':
      return `Module ${view.name}`;
    case 'cycles':
      return 'Import cycles';
    case 'entries':
      return 'Entry points';
    case 'why':
      return `Why ${view.module} is imported at startup`;
    case 'help':
      return 'Keys';
  }
}

export function rowsOf(data: ExplorerData, view: View): Row[] {
  switch (view.kind) {
    case 'findings':
      return data.findings.map((f) => {
        const module = data.modules.find((m) => m.file === f.file)?.name;
        const startup = f.impact?.when === 'startup' ? ` — crashes ${f.impact.entrypoints?.join(', ')}` : '';
        return {
          label: `${f.file}:${f.line}:${f.column} ${f.rule}`, detail: `${f.message}${startup}`, location: { file: f.file, line: f.line },
          tone: f.severity === 'error' ? 'error' : 'warning', ...(module ? { opens: { kind: 'module', name: module } as View } : {}),
        };
      });
    case 'modules':
      return data.modules.map((m) => ({
        label: m.name, ...(m.findings ? { detail: `${m.findings} finding${m.findings === 1 ? '' : 's'}`, tone: 'error' as const } : {}),
        ...(m.file ? { location: { file: m.file, line: 1 } } : {}), opens: { kind: 'module', name: m.name },
      }));
    case 'module': {
      const own = data.modules.find((m) => m.name === view.name);
      const imports = data.importsOf(view.name).map((i): Row => ({
        label: `imports ${i.name}`, ...(i.status === 'missing' ? { detail: 'does not resolve', tone: 'error' as const } : i.status === 'external' ? { tone: 'dim' as const } : {}),
        ...(i.file && i.line ? { location: { file: i.file, line: i.line } } : {}),
        ...(data.modules.some((m) => m.name === i.name) ? { opens: { kind: 'module', name: i.name } as View } : {}),
      }));
      const importers = data.importersOf(view.name).map((i): Row => ({
        label: `imported by ${i.name}`, ...(i.file && i.line ? { location: { file: i.file, line: i.line } } : {}), opens: { kind: 'module', name: i.name },
      }));
      const chain = data.chainTo(view.name);
      return [
        ...(own?.file ? [{ label: own.file, detail: `${own.findings} finding${own.findings === 1 ? '' : 's'}`, location: { file: own.file, line: 1 } } as Row] : []),
        { label: chain ? `imported at startup by ${chain.entrypoints.join(', ')}` : 'not imported at startup by any entry point', ...(chain ? { opens: { kind: 'why', module: view.name } as View } : { tone: 'dim' as const }) },
        ...imports, ...importers,
      ];
    }
    case 'cycles':
      return data.cycles.map((c) => ({ label: c.join(' ↔ '), detail: `${c.length} modules`, opens: { kind: 'module', name: c[0]! } }));
    case 'entries':
      return data.entries.map((e) => ({ label: e.service ? `${e.service} (${e.name})` : e.name, detail: `${e.modules} modules at startup — ${e.source}` }));
    case 'why': {
      const chain = data.chainTo(view.module);
      return (chain?.chain ?? []).map((m, i) => ({ label: `${'  '.repeat(i)}${i === 0 ? '' : '→ '}${m}`, opens: { kind: 'module', name: m } }));
    }
    case 'help':
      return [];
  }
}
