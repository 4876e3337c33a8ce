import { describe, expect, it } from 'vitest';
import type { Fix } from '@preflight/core';
import { applyFixes, unifiedDiff } from './apply-fixes.js';

const span = (line: number, column: number, endColumn: number) => ({ line, column, endLine: line, endColumn });

describe('applyFixes', () => {
  it('replaces spans by code-point columns and keeps CRLF, comments and indentation', () => {
    const text = 'import os\r\nfrom models import ScrapeSession  # the model\r\n    x = "é🙂"\r\n';
    const fix: Fix = { file: 'a.py', description: '', edits: [{ span: span(2, 6, 12), text: 'models.scrape_session' }] };
    expect(applyFixes(text, [fix]).text).toBe('import os\r\nfrom models.scrape_session import ScrapeSession  # the model\r\n    x = "é🙂"\r\n');
    const afterEmoji: Fix = { file: 'a.py', description: '', edits: [{ span: span(3, 11, 12), text: 'X' }] };
    // Column 11 is the emoji (two UTF-16 units, one code point).
    expect(applyFixes(text, [afterEmoji]).text).toBe('import os\r\nfrom models import ScrapeSession  # the model\r\n    x = "éX"\r\n');
  });

  it('inserts a line after another with its indentation and line ending; overlapping fixes wait', () => {
    const text = 'if True:\r\n    from models import Base, ScrapeSession\r\n';
    const split: Fix = { file: 'a.py', description: 'split', edits: [{ span: span(2, 5, 43), text: 'from models import Base' }, { after: span(2, 5, 43), text: 'from models.scrape_session import ScrapeSession' }] };
    const other: Fix = { file: 'a.py', description: 'other', edits: [{ span: span(2, 24, 28), text: 'Bass' }] };
    const result = applyFixes(text, [split, other]);
    expect(result.text).toBe('if True:\r\n    from models import Base\r\n    from models.scrape_session import ScrapeSession\r\n');
    expect(result.skipped).toEqual([other]);
  });

  it('a statement sharing its line stays in its block: the new one follows it after `; `', () => {
    const text = 'if TYPE_CHECKING: from models import Base, ScrapeSession\n';
    const split: Fix = { file: 'a.py', description: 'split', edits: [{ span: span(1, 19, 57), text: 'from models import Base' }, { after: span(1, 19, 57), text: 'from models.scrape_session import ScrapeSession' }] };
    expect(applyFixes(text, [split]).text).toBe('if TYPE_CHECKING: from models import Base; from models.scrape_session import ScrapeSession\n');
  });

  it('a fix whose span no longer holds the expected text is not applied', () => {
    const stale: Fix = { file: 'a.py', description: 'stale', edits: [{ span: span(1, 6, 12), text: 'api.deps', expect: 'core.auth' }] };
    expect(applyFixes('from models import X\n', [stale])).toMatchObject({ text: 'from models import X\n', applied: [], skipped: [stale] });
  });

  it('a line appended ends the file in its own line endings, after a last line that had none', () => {
    const append = (text: string) => applyFixes(text, [{ file: '__init__.py', description: 're-export', edits: [{ append: 'from .scrape import ScrapeSession' }] }]).text;
    expect(append('')).toBe('from .scrape import ScrapeSession\n');
    expect(append('# Models.\r\nfrom .user import User\r\n')).toBe('# Models.\r\nfrom .user import User\r\nfrom .scrape import ScrapeSession\r\n');
    expect(append('from .user import User')).toBe('from .user import User\nfrom .scrape import ScrapeSession\n');
  });

  it('a unified diff with context', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((l) => `${l}\n`).join('');
    const after = before.replace('e\n', 'E\n');
    expect(unifiedDiff('x.py', before, after)).toBe('--- a/x.py\n+++ b/x.py\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n');
  });
});
