/**
 * Applies fixes to source text, keeping everything else byte for byte: line endings, indentation,
 * comments. Positions are lines and code-point columns, as findings count them (`\n`, `\r\n` and `\r`
 * end lines, as Python counts them). Fixes whose edits overlap an edit already applied wait for the next
 * run. Pure; the CLI reads and writes the files.
 */
import type { Edit, Fix } from '../model/fix.js';

export interface AppliedFixes {
  text: string;
  applied: Fix[];
  skipped: Fix[];
}

export function applyFixes(text: string, fixes: readonly Fix[]): AppliedFixes {
  const lines = splitLines(text);
  const starts: number[] = [];
  for (let i = 0, offset = 0; i < lines.length; offset += lines[i]!.text.length + lines[i]!.ending.length, i++) starts.push(offset);
  const offsetOf = (line: number, column: number) => {
    const l = lines[line - 1];
    if (!l) return text.length;
    let offset = starts[line - 1]!;
    for (let c = 1, i = 0; c < column && i < l.text.length; c++) i += l.text.codePointAt(i)! > 0xffff ? 2 : 1, offset = starts[line - 1]! + i;
    return offset;
  };
  type Range = { from: number; to: number; text: string };
  const taken: Range[] = [];
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  for (const fix of fixes) {
    const ranges = fix.edits.map((edit) => rangeOf(edit, text, lines, starts, offsetOf));
    const stale = ranges.some((r) => r === undefined);
    const overlaps = !stale && ranges.some((r) => taken.some((t) => (r!.from < t.to && t.from < r!.to) || (r!.from === r!.to && r!.from === t.from)));
    if (stale || overlaps) {
      skipped.push(fix);
      continue;
    }
    taken.push(...(ranges as Range[]));
    applied.push(fix);
  }
  let out = text;
  for (const r of [...taken].sort((a, b) => b.from - a.from || b.to - a.to)) out = out.slice(0, r.from) + r.text + out.slice(r.to);
  return { text: out, applied, skipped };
}

/** Where an edit goes in the text; undefined when the text there is not what the fix expects. */
function rangeOf(
  edit: Edit, text: string, lines: { text: string; ending: string }[], starts: number[], offsetOf: (line: number, column: number) => number,
): { from: number; to: number; text: string } | undefined {
  // The file's own line ending, for a line it gets.
  const fileEnding = () => lines.find((l) => l.ending)?.ending || '\n';
  if ('append' in edit) {
    const ending = fileEnding();
    const open = text !== '' && !/[\r\n]$/.test(text);
    return { from: text.length, to: text.length, text: `${open ? ending : ''}${edit.append}${ending}` };
  }
  if ('span' in edit) {
    const from = offsetOf(edit.span.line, edit.span.column);
    const to = offsetOf(edit.span.endLine, edit.span.endColumn);
    if (edit.expect !== undefined && text.slice(from, to) !== edit.expect) return undefined;
    return { from, to, text: edit.text };
  }
  const line = lines[edit.after.line - 1];
  if (!line) return undefined;
  const end = offsetOf(edit.after.endLine, edit.after.endColumn);
  const before = text.slice(starts[edit.after.line - 1]!, offsetOf(edit.after.line, edit.after.column));
  const rest = text.slice(end, starts[edit.after.endLine - 1]! + lines[edit.after.endLine - 1]!.text.length);
  if (!/^[ \t]*$/.test(before) || !/^[ \t]*(?:#.*)?$/.test(rest)) {
    // `if x: from m import a, b` or `a; from m import a, b`: stay on the line, in the same block.
    return { from: end, to: end, text: `; ${edit.text}` };
  }
  // Alone on its line: a new line after it, with its indentation and line ending.
  const ending = line.ending || fileEnding();
  const at = starts[edit.after.line - 1]! + line.text.length + line.ending.length;
  return { from: at, to: at, text: `${line.ending ? '' : ending}${before}${edit.text}${line.ending ? ending : ''}` };
}

function splitLines(text: string): { text: string; ending: string }[] {
  const out: { text: string; ending: string }[] = [];
  const pattern = /([^\r\n]*)(\r\n|\r|\n|$)/g;
  for (let m = pattern.exec(text); m && m.index < text.length; m = pattern.exec(text)) {
    out.push({ text: m[1]!, ending: m[2]! });
    if (m[2] === '') break;
  }
  return out;
}

/** A unified diff of one file (`--diff`), with 3 lines of context; changes are local, so lines resync quickly. */
export function unifiedDiff(file: string, before: string, after: string): string {
  const a = before.split(/(?<=\n)/);
  const b = after.split(/(?<=\n)/);
  type Op = { kind: ' ' | '-' | '+'; line: string; aLine: number; bLine: number };
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]!, aLine: i, bLine: j });
      i++, j++;
      continue;
    }
    // Resynchronise: the nearest (i', j') where the lines agree again.
    let best: [number, number] | undefined;
    for (let d = 1; d < 200 && !best; d++) {
      for (let x = 0; x <= d && !best; x++) {
        const ai = i + x;
        const bj = j + (d - x);
        if (ai <= a.length && bj <= b.length && (ai === a.length && bj === b.length || (ai < a.length && bj < b.length && a[ai] === b[bj]))) best = [ai, bj];
      }
    }
    const [ai, bj] = best ?? [a.length, b.length];
    for (; i < ai; i++) ops.push({ kind: '-', line: a[i]!, aLine: i, bLine: j });
    for (; j < bj; j++) ops.push({ kind: '+', line: b[j]!, aLine: i, bLine: j });
  }
  const out = [`--- a/${file}\n`, `+++ b/${file}\n`];
  // Hunks: each change with 3 lines of context either side, merged where they touch.
  const hunks: [number, number][] = [];
  ops.forEach((o, k) => {
    if (o.kind === ' ') return;
    const from = Math.max(0, k - 3);
    const to = Math.min(ops.length, k + 4);
    const last = hunks.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else hunks.push([from, to]);
  });
  for (const [from, to] of hunks) {
    const hunk = ops.slice(from, to);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${hunk[0]!.aLine + 1},${aCount} +${hunk[0]!.bLine + 1},${bCount} @@\n`);
    for (const o of hunk) out.push(`${o.kind}${o.line}${o.line.endsWith('\n') ? '' : '\n\\ No newline at end of file\n'}`);
  }
  return out.join('');
}
