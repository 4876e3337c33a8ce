/**
 * The imports preflight could not check, grouped by the module that made it unsure and why (`--verbose`,
 * `explain`): silence over an import must be earned by a module that really has dynamic code.
 */
import type { ResolvedImport } from './resolution.js';

export interface UnsureGroup {
  reason: string;
  /** Where each unchecked import is (file:line). */
  sites: string[];
}

/** Every unknown module or name resolution, grouped by its reason, the largest groups first. */
export function unsureImports(imports: readonly ResolvedImport[]): UnsureGroup[] {
  const groups = new Map<string, string[]>();
  const add = (reason: string, site: string) => {
    const list = groups.get(reason);
    if (list) list.push(site);
    else groups.set(reason, [site]);
  };
  for (const i of imports) {
    if (i.target.status === 'unknown') add(i.target.reason, `${i.importer.file}:${i.site.span.line}`);
    for (const n of i.names) if (n.resolution.status === 'unknown') add(n.resolution.reason, `${i.importer.file}:${n.imported.span.line}`);
  }
  return [...groups].map(([reason, sites]) => ({ reason, sites })).sort((a, b) => b.sites.length - a.sites.length || a.reason.localeCompare(b.reason));
}
