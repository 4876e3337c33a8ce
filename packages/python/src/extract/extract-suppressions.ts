/**
 * `# preflight: ignore` and `# preflight: ignore[rule-id, ...]` comments, as ruff reads `# noqa`: found
 * in the text, kept only where the tree says it is a comment (not inside a string).
 */
import type { Suppression } from '@preflight/core';
import type { SyntaxNode } from '../parse/parser.js';
import type { SourcePositions } from '../parse/source-positions.js';

const SUPPRESSION = /#\s*preflight:\s*ignore\b(?:\[([^\]\n]*)\])?/g;

export function extractSuppressions(root: SyntaxNode, text: string, positions: SourcePositions): Suppression[] {
  if (!text.includes('preflight:')) return [];
  const out: Suppression[] = [];
  for (const match of text.matchAll(SUPPRESSION)) {
    const node = root.descendantForIndex(match.index, match.index + 1);
    if (node.type !== 'comment') continue;
    const span = positions.span(match.index, match.index + match[0].length);
    const rules = match[1]?.split(',').map((r) => r.trim()).filter(Boolean);
    out.push({ line: span.line, ...(rules ? { rules } : {}), span });
  }
  return out;
}
