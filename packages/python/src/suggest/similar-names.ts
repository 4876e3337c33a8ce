/**
 * "Did you mean ...?": candidates close to a misspelt or renamed name, best first. Close means, in
 * order: the same name in another case; one or two edits (Damerau-Levenshtein); one name a prefix or
 * suffix of the other (`User` / `AdminUser`); more edits, up to a third of the length; one inside
 * the other; a shared word (`get_db_session` / `AsyncSessionLocal` share "session").
 */
export function similarNames(target: string, candidates: Iterable<string>, limit = 3, preferred?: ReadonlySet<string>): string[] {
  const t = target.toLowerCase();
  const tWords = words(target);
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(candidates)) {
    if (name === target) continue;
    if (name.startsWith('_') && !target.startsWith('_')) continue;
    const score = closeness(t, tWords, name);
    if (score !== undefined) scored.push({ name, score });
  }
  // Equally close: the preferred ones first (names a module defines before names it imports).
  const rank = (name: string) => (preferred?.has(name) ? 0 : 1);
  scored.sort((a, b) => a.score - b.score || rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : 1));
  return scored.slice(0, limit).map((s) => s.name);
}

function closeness(t: string, tWords: Set<string>, name: string): number | undefined {
  const c = name.toLowerCase();
  if (c === t) return 0;
  const maxDistance = Math.max(1, Math.floor(Math.min(t.length, c.length) / 3));
  const d = editDistance(t, c, maxDistance);
  // A typo (one or two edits) first; then the whole name kept inside a longer one (a rename such as
  // `PanelSettings` -> `LegacyPanelSettings`) before a name many edits away.
  if (d <= Math.min(2, maxDistance)) return 1 + d;
  const shorter = Math.min(t.length, c.length);
  if (shorter >= 3 && (c.startsWith(t) || c.endsWith(t) || t.startsWith(c) || t.endsWith(c))) return 4 + Math.abs(c.length - t.length) / 100;
  if (d <= maxDistance) return 5 + d;
  if (shorter >= 3 && (c.includes(t) || t.includes(c))) return 20;
  const shared = [...words(name)].filter((w) => tWords.has(w)).length;
  return shared > 0 ? 30 - shared : undefined;
}

/** Lower-cased words of a snake_case or CamelCase identifier, ignoring ones shorter than 3 letters. */
function words(name: string): Set<string> {
  return new Set(
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toLowerCase()
      .split(/[_\W]+/)
      .filter((w) => w.length >= 3),
  );
}

/** Optimal string alignment distance, giving up (returning max + 1) once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      row.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}
