/**
 * SARIF 2.1.0 for GitHub code scanning: one run, the rules that exist with their documentation, results
 * with relative URIs under `%SRCROOT%`, code-point columns (as preflight counts them) and stable
 * `partialFingerprints`.
 */
import { pathToFileURL } from 'node:url';
import { fingerprintOf, type Report } from '@preflight/core';
import { repositoryPath, type MachineOptions } from './gitlab.js';

export interface RuleMetadata {
  id: string;
  /** One line. */
  summary: string;
  /** The rule's documentation, Markdown. */
  markdown: string;
  /** Where the documentation is published. */
  helpUri: string;
}

export interface SarifOptions extends MachineOptions {
  rules: readonly RuleMetadata[];
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function formatSarif(report: Report, options: SarifOptions): string {
  const rules = options.rules.map((r) => ({
    id: r.id,
    name: r.id.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase()),
    shortDescription: { text: r.summary },
    fullDescription: { text: firstParagraph(r.markdown) || r.summary },
    help: { text: r.markdown, markdown: r.markdown },
    helpUri: r.helpUri,
    defaultConfiguration: { level: 'error' },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.findings.map((f) => ({
    ruleId: f.rule,
    ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule)! } : {}),
    level: LEVEL[f.severity],
    message: { text: [f.message, ...(f.suggestions ?? []).map((s) => `help: ${s.message}`)].join('\n') },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: relativeUri(repositoryPath(f.file, options.pathPrefix)), uriBaseId: '%SRCROOT%' },
        region: {
          startLine: f.line, startColumn: f.column,
          ...(f.endLine !== undefined ? { endLine: f.endLine } : {}), ...(f.endColumn !== undefined ? { endColumn: f.endColumn } : {}),
        },
      },
    }],
    partialFingerprints: { 'preflight/v1': fingerprintOf(f, options.sourceLine?.(f.file, f.line)) },
    ...(f.impact ? { properties: { impact: f.impact } } : {}),
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'preflight', version: report.tool.version, informationUri: options.rules[0]?.helpUri.replace(/\/[^/]*$/, '') ?? 'https://example.invalid', rules } },
      originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(repositoryRoot(report.root, options.pathPrefix)).href.replace(/\/?$/, '/')}` } },
      columnKind: 'unicodeCodePoints',
      results,
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** The folder paths are relative to: the analysed root, or the repository root above it. */
function repositoryRoot(root: string, prefix: string | undefined): string {
  if (!prefix) return root;
  const up = prefix.split('/').filter(Boolean).length;
  return root.split('/').slice(0, -up).join('/') || '/';
}

/** A relative path as a URI reference: each segment percent-encoded (spaces, `%`, `#`, non-ASCII). */
function relativeUri(file: string): string {
  return file.split('/').map((segment) => encodeURIComponent(segment)).join('/');
}

/** The first paragraph of the "What it catches" section, else of the document. */
function firstParagraph(markdown: string): string {
  const section = /## What it catches\s*\n([\s\S]*?)(?:\n\s*\n|$)/.exec(markdown)?.[1] ?? markdown.split(/\n\s*\n/).find((p) => !p.startsWith('#')) ?? '';
  return section.replace(/\s+/g, ' ').trim();
}
