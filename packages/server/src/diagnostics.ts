/**
 * Findings as the protocol's diagnostics, grouped by file: a pure function of the report (and of the
 * files' text, for columns). Each carries the rule id as its code, a link to the rule's documentation,
 * the startup chain as related information, and the finding's key (for its code actions).
 */
import { findingKey, type Finding, type Report } from '@preflight/core';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import { toRange } from './positions.js';

/** Where a rule's documentation is read (`preflight rule <id>` prints the same text). */
export const RULE_DOCS = 'https://github.com/preflight-dev/preflight/blob/main/packages/python/src/rules';

export interface DiagnosticData {
  key: string;
}

export interface DiagnosticContext {
  /** The lines of a file of the project (its buffer when open). */
  linesOf(file: string): readonly string[];
  /** The URI of a file of the project. */
  uriOf(file: string): string;
  /** The file of a module, for the startup chain. */
  fileOfModule(module: string): string | undefined;
}

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Relative path → its diagnostics, for every file that has findings. */
export function diagnosticsOf(report: Report, context: DiagnosticContext): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  for (const finding of report.findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(diagnosticOf(finding, context));
    byFile.set(finding.file, list);
  }
  return byFile;
}

function diagnosticOf(finding: Finding, context: DiagnosticContext): Diagnostic {
  const related = startupChain(finding, context);
  const fixes = (finding.suggestions ?? []).map((s) => s.message);
  return {
    range: toRange(context.linesOf(finding.file), finding),
    severity: SEVERITY[finding.severity],
    code: finding.rule,
    codeDescription: { href: `${RULE_DOCS}/${finding.rule}.md` },
    source: 'preflight',
    message: [finding.message, ...fixes.map((f) => `fix: ${f}`)].join('\n'),
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    data: { key: findingKey(finding) } satisfies DiagnosticData,
  };
}

/** `main → api.router → endpoints.scrapes`: one entry per module of the chain, at the top of its file. */
function startupChain(finding: Finding, context: DiagnosticContext): DiagnosticRelatedInformation[] {
  const { impact } = finding;
  if (impact?.when !== 'startup' || !impact.chain?.length) return [];
  const services = impact.entrypoints?.length ? ` (${impact.entrypoints.join(', ')})` : '';
  const chain = impact.chain.join(' → ');
  return impact.chain.flatMap((module, i) => {
    const file = context.fileOfModule(module);
    if (!file) return [];
    const message = i === 0 ? `started here${services}: ${chain}` : `imported at startup, step ${i} of ${chain}`;
    return [{ location: { uri: context.uriOf(file), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, message }];
  });
}
