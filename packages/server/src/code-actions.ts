/**
 * Quick fixes for the diagnostics a client asks about: the fix preflight is sure of (the edits of
 * `--fix`: import from the defining module, the one close name), preferred; the other fixes the user
 * may choose (re-export the name from its package); and a replacement for each suggestion that names
 * one (a close name). Pure: the texts are the caller's.
 */
import { applyFixes, type Fix, type Finding } from '@preflight/core';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { DiagnosticData } from './diagnostics.js';
import { linesOf, replacementBetween, toRange } from './positions.js';

export interface CodeActionContext {
  /** The finding and its fix (if it has one) behind a diagnostic's key. */
  findingOf(key: string): Finding | undefined;
  fixOf(key: string): Fix | undefined;
  alternativesOf(key: string): readonly Fix[];
  /** The text of a file of the project now (its buffer when open); undefined when unreadable. */
  textOf(file: string): string | undefined;
  uriOf(file: string): string;
}

export function codeActionsFor(diagnostics: readonly Diagnostic[], context: CodeActionContext): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const key = (diagnostic.data as DiagnosticData | undefined)?.key;
    const finding = key === undefined ? undefined : context.findingOf(key);
    if (!key || !finding) continue;
    const fix = context.fixOf(key);
    for (const candidate of [...(fix ? [fix] : []), ...context.alternativesOf(key)]) {
      const action = fixAction(candidate, candidate === fix, diagnostic, context);
      if (action) actions.push(action);
    }
    const text = context.textOf(finding.file);
    if (text === undefined) continue;
    const range = toRange(linesOf(text), finding);
    for (const suggestion of finding.suggestions ?? []) {
      if (suggestion.replacement === undefined) continue;
      actions.push({
        title: suggestion.message,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [context.uriOf(finding.file)]: [{ range, newText: suggestion.replacement }] } },
      });
    }
  }
  return actions;
}

/** The fix's edits applied to the file as it is now, as one replacement of what they change. */
function fixAction(fix: Fix, preferred: boolean, diagnostic: Diagnostic, context: CodeActionContext): CodeAction | undefined {
  const before = context.textOf(fix.file);
  if (before === undefined) return undefined;
  const { text, applied } = applyFixes(before, [fix]);
  const edit = applied.length === 1 ? replacementBetween(before, text) : undefined;
  if (!edit) return undefined;
  return {
    title: fix.description,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    ...(preferred ? { isPreferred: true } : {}),
    edit: { changes: { [context.uriOf(fix.file)]: [edit] } },
  };
}
