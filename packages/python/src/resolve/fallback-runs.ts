/**
 * Whether the imports in an `except ImportError:` handler run: only when an import in the `try` body
 * fails. `yes` when one of those does not resolve, `no` when they all do (the fallback is dead code in
 * this environment), `maybe` when preflight cannot tell (an uninstalled-or-not third-party module
 * without an environment, a `try` body with no import).
 */
import type { ResolvedImport } from './resolution.js';

export type FallbackRuns = (file: string, tryLine: number | undefined) => 'yes' | 'no' | 'maybe';

export function fallbackRuns(imports: readonly ResolvedImport[]): FallbackRuns {
  const state = new Map<string, 'yes' | 'no' | 'maybe'>();
  for (const { importer, site, target, names } of imports) {
    if (site.guard?.kind !== 'try' || site.guard.tryLine === undefined) continue;
    const key = `${importer.file}\0${site.guard.tryLine}`;
    const fails = target.status === 'missing' || (target.status === 'external' && target.installed === null) || names.some((n) => n.resolution.status === 'missing');
    const unsure = target.status === 'unknown' || (target.status === 'external' && !target.stdlib && target.installed === undefined);
    const now = fails ? 'yes' : unsure ? 'maybe' : 'no';
    const before = state.get(key);
    if (before === 'yes' || (before === 'maybe' && now === 'no')) continue;
    state.set(key, now);
  }
  return (file, tryLine) => (tryLine === undefined ? 'maybe' : state.get(`${file}\0${tryLine}`) ?? 'maybe');
}
