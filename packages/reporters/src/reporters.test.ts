import { describe, expect, it } from 'vitest';
import type { Report } from '@preflight/core';
import { formatJson } from './json.js';
import { visible } from '@preflight/core';
import { formatText } from './text.js';

const report: Report = {
  schemaVersion: 1,
  tool: { name: 'preflight', version: '0.1.0' },
  root: '/repo',
  summary: { files: 3, modules: 3, imports: 4, findings: 1, errors: 1, warnings: 0, durationMs: 12, roots: ['.', 'backend'] },
  findings: [
    {
      rule: 'unresolved-name', severity: 'error', message: '`User` is not defined in module `models.user`',
      file: 'backend/api/scrapes.py', line: 3, column: 25, endLine: 3, endColumn: 29, module: 'models.user', name: 'User',
      suggestions: [{ message: 'did you mean `AdminUser` (defined in models.user)?', replacement: 'AdminUser' }],
      impact: { when: 'import' },
    },
  ],
  notices: ['x.py: symlink not followed'],
};

describe('text', () => {
  it('prints location, rule, message, the code frame with a caret under the name, help lines and the summary', () => {
    const text = formatText(report, { color: false, sourceLine: () => 'from models.user import User' });
    expect(text).toBe(
      [
        'backend/api/scrapes.py:3:25: unresolved-name `User` is not defined in module `models.user`',
        '  |',
        '3 | from models.user import User',
        '  |                         ^^^^',
        '  = help: did you mean `AdminUser` (defined in models.user)?',
        '',
        'Found 1 error, 0 warnings in 1 file.',
        'Checked 3 files (3 modules, 4 imports) in 12 ms; source roots: ., backend',
        '',
      ].join('\n'),
    );
  });

  it('colours only when asked', () => {
    expect(formatText(report, { color: false })).not.toContain('\x1b[');
    expect(formatText(report, { color: true })).toContain('\x1b[31munresolved-name');
  });

  it('cuts long lines to a window that keeps the caret under the span', () => {
    const long = `${'x'.repeat(5000)} from models.user import User`;
    const finding = { ...report.findings[0]!, column: 5026, endColumn: 5030 };
    const text = formatText({ ...report, findings: [finding] }, { color: false, sourceLine: () => long });
    const [, , code, caret] = text.split('\n');
    expect(code!.length).toBeLessThan(130);
    expect(code![caret!.indexOf('^')]).toBe('U');
    expect(caret).toMatch(/\^\^\^\^$/);
  });

  it('makes control characters from analysed text visible', () => {
    expect(visible('evil\x1b[2Jname\x07')).toBe('evil\\x1b[2Jname\\x07');
  });
});

describe('json', () => {
  it('is the contract: no notices, every required field', () => {
    const parsed = JSON.parse(formatJson(report));
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'tool', 'root', 'summary', 'findings']);
    expect(parsed.findings[0]).toEqual(report.findings[0]);
  });
});
