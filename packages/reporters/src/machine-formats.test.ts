import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv-draft-04';
import type { Report } from '@preflight/core';
import { escapeData, escapeProperty, formatGithub, formatGithubSummary } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

/** One finding of each severity, one with a hostile path and message. */
const report: Report = {
  schemaVersion: 1,
  tool: { name: 'preflight', version: '0.1.0' },
  root: '/work/repo',
  summary: { files: 3, modules: 3, imports: 4, findings: 3, errors: 2, warnings: 1, durationMs: 12 },
  findings: [
    {
      rule: 'unresolved-name', severity: 'error', message: '`User` is not defined in module `models.user`',
      file: 'api/scrapes.py', line: 3, column: 25, endLine: 3, endColumn: 29, module: 'models.user', name: 'User',
      suggestions: [{ message: 'did you mean `AdminUser` (defined in models.user)?', replacement: 'AdminUser' }],
      impact: { when: 'startup', entrypoints: ['uvicorn main:app'], chain: ['main', 'api.scrapes'] },
    },
    {
      rule: 'unresolved-module', severity: 'error', message: 'No module named `a,b:c`\n100% broken\r\n| <b>',
      file: 'we ird/50%,x:y#1 é.py', line: 1, column: 6, endLine: 1, endColumn: 11, module: 'a,b:c',
      impact: { when: 'import' },
    },
    {
      rule: 'circular-import', severity: 'warning', message: 'cycle', file: 'pkg/a.py', line: 2, column: 1, impact: { when: 'import' },
    },
  ],
  notices: [],
};
const rules = ['unresolved-name', 'unresolved-module', 'circular-import'].map((id) => ({
  id, summary: `${id} summary`, markdown: `# ${id}\n\n## What it catches\nWhat ${id} catches.\n\n## Fix\nFix it.\n`, helpUri: `https://example.org/rules/${id}.md`,
}));
const sourceLine = (file: string, line: number) => `from x import y  # ${file}:${line}`;

describe('github', () => {
  it('escapes data and properties the way the runner reads them', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
  });

  it('one workflow command per finding, level by severity, hostile names kept on one line', () => {
    const lines = formatGithub(report, { pathPrefix: 'backend' }).split('\n').filter(Boolean);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      '::error file=backend/api/scrapes.py,line=3,col=25,endLine=3,endColumn=29,title=preflight unresolved-name::`User` is not defined in module `models.user`' +
      '%0ACrashes at startup: uvicorn main:app (main → api.scrapes)%0Ahelp: did you mean `AdminUser` (defined in models.user)?',
    );
    expect(lines[1]).toBe('::error file=backend/we ird/50%25%2Cx%3Ay#1 é.py,line=1,col=6,endLine=1,endColumn=11,title=preflight unresolved-module::No module named `a,b:c`%0A100%25 broken%0D%0A| <b>');
    expect(lines[2]!.startsWith('::warning file=backend/pkg/a.py,line=2,col=1,title=preflight circular-import::')).toBe(true);
  });

  it('a Markdown step summary with the services that would crash and a table that hostile text cannot break', () => {
    const summary = formatGithubSummary(report);
    expect(summary).toContain('## preflight: 2 errors, 1 warning');
    expect(summary).toContain('- `uvicorn main:app`: 1 finding');
    expect(summary).toContain('| ❌ | `we ird/50%,x:y#1 é.py:1:6` | unresolved-module | No module named `a,b:c` 100% broken \\| &lt;b> |');
  });
});

describe('gitlab', () => {
  it('Code Quality issues with severities and stable fingerprints', () => {
    const issues = JSON.parse(formatGitlab(report, { sourceLine }));
    expect(issues[0]).toEqual({
      description: '`User` is not defined in module `models.user`', check_name: 'unresolved-name', fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'critical', location: { path: 'api/scrapes.py', lines: { begin: 3, end: 3 } },
    });
    expect(issues.map((i: { severity: string }) => i.severity)).toEqual(['critical', 'critical', 'minor']);
    // The fingerprint follows the finding when lines move, not the line number.
    const moved = { ...report, findings: report.findings.map((f) => ({ ...f, line: f.line + 10, endLine: (f.endLine ?? f.line) + 10 })) };
    const movedIssues = JSON.parse(formatGitlab(moved, { sourceLine: (file) => sourceLine(file, 0).replace(':0', '') }));
    const sameText = JSON.parse(formatGitlab(report, { sourceLine: (file) => sourceLine(file, 0).replace(':0', '') }));
    expect(movedIssues.map((i: { fingerprint: string }) => i.fingerprint)).toEqual(sameText.map((i: { fingerprint: string }) => i.fingerprint));
  });
});

describe('sarif', () => {
  const schema = JSON.parse(fs.readFileSync(new URL('../test-fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);

  it('is valid SARIF 2.1.0 (the official schema), hostile names included', () => {
    const sarif = JSON.parse(formatSarif(report, { rules, sourceLine, pathPrefix: 'backend' }));
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The validator does reject what is not SARIF.
    expect(validate({ version: '2.1.0' })).toBe(false);
    expect(validate({ ...sarif, runs: [{ ...sarif.runs[0], results: [{ level: 'fatal', message: {} }] }] })).toBe(false);
  });

  it('rule metadata, levels, relative percent-encoded URIs under %SRCROOT%, code-point columns and fingerprints', () => {
    const sarif = JSON.parse(formatSarif(report, { rules, sourceLine, pathPrefix: 'backend' }));
    const run = sarif.runs[0];
    expect(run.tool.driver.rules[0]).toMatchObject({
      id: 'unresolved-name', name: 'UnresolvedName', shortDescription: { text: 'unresolved-name summary' },
      fullDescription: { text: 'What unresolved-name catches.' }, helpUri: 'https://example.org/rules/unresolved-name.md',
    });
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///work/');
    expect(run.columnKind).toBe('unicodeCodePoints');
    expect(run.results.map((r: { level: string }) => r.level)).toEqual(['error', 'error', 'warning']);
    expect(run.results[1].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'backend/we%20ird/50%25%2Cx%3Ay%231%20%C3%A9.py', uriBaseId: '%SRCROOT%' });
    expect(run.results[0].partialFingerprints['preflight/v1']).toMatch(/^[0-9a-f]{32}$/);
    expect(run.results[0].ruleIndex).toBe(0);
  });
});

describe('text and json on the same findings', () => {
  it('text: one block per finding, startup ones grouped first; control characters in messages made visible', () => {
    const text = formatText(report, { color: false });
    expect(text.startsWith('would crash at startup: uvicorn main:app\n\napi/scrapes.py:3:25: unresolved-name `User` is not defined in module `models.user`\n')).toBe(true);
    expect(text).toContain('other findings');
    expect(text).not.toContain('\r');
    expect(text).toContain('Found 2 errors, 1 warning in 3 files.');
  });

  it('json: the contract, hostile strings escaped, notices left out', () => {
    const parsed = JSON.parse(formatJson(report));
    expect(parsed.findings).toEqual(report.findings);
    expect(parsed.notices).toBeUndefined();
  });
});

