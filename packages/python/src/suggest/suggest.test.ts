import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { check } from '../check.js';
import { editDistance, similarNames } from './similar-names.js';

describe('similar names', () => {
  it('ranks case, then edit distance, then affixes, then shared words', () => {
    expect(similarNames('user', ['User', 'usr', 'AdminUser', 'user_profile_misc'])).toEqual(['User', 'usr', 'AdminUser']);
    expect(similarNames('User', ['AdminUser', 'Session'])).toEqual(['AdminUser']);
    expect(similarNames('get_db_session', ['get_db', 'AsyncSessionLocal', 'engine'])).toEqual(['get_db', 'AsyncSessionLocal']);
    // A rename keeps the whole name: closer than one many edits away (wagtail's PanelGenericSettings).
    expect(similarNames('PanelGenericSettings', ['TabbedGenericSettings', 'LegacyPanelGenericSettings'], 1)).toEqual(['LegacyPanelGenericSettings']);
    expect(similarNames('PanelGenericSettings', ['PanelGenericSetting', 'LegacyPanelGenericSettings'], 1)).toEqual(['PanelGenericSetting']);
  });

  it('skips private names unless the target is private, and unrelated names', () => {
    expect(similarNames('helper', ['_helper', 'unrelated'])).toEqual([]);
    expect(similarNames('_helpr', ['_helper'])).toEqual(['_helper']);
  });

  it('edit distance counts transpositions once and stops early', () => {
    expect(editDistance('tols', 'tools')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});

describe('fix suggestions', () => {
  const report = (files: Record<string, string>) => check({ root: writeRepo(files) }).report;

  it('wrong name: the closest name first, even one the package only re-exports (saleor.tests.e2e.vouchers.utils)', () => {
    const [finding] = report({
      'utils/__init__.py': 'from .listing import create_voucher_channel_listing\n\ndef voucher_channel_listing(): pass\ndef voucher_create(): pass\ndef prepare_voucher(): pass\n',
      'utils/listing.py': 'def create_voucher_channel_listing(): pass\n',
      'app.py': 'from utils import create_voucher_channel_listig\n',
    }).findings;
    expect(finding!.suggestions?.[0]).toEqual({ message: 'did you mean `create_voucher_channel_listing` (imported into utils)?', replacement: 'create_voucher_channel_listing' });
  });

  it('wrong name: did you mean, with the replacement', () => {
    const [finding] = report({ 'models/__init__.py': '', 'models/user.py': 'class AdminUser: pass\n', 'app.py': 'from models.user import User\n' }).findings;
    expect(finding!.suggestions).toEqual([{ message: 'did you mean `AdminUser` (defined in models.user)?', replacement: 'AdminUser' }]);
  });

  it('missing re-export: both fixes, in the style of the package (relative imports here)', () => {
    const [finding] = report({
      'models/__init__.py': 'from .user import AdminUser\n', 'models/user.py': 'class AdminUser: pass\n',
      'models/scrape_session.py': 'class ScrapeSession: pass\n', 'app.py': 'from models import ScrapeSession\n',
    }).findings;
    expect(finding!.message).toBe('`ScrapeSession` is not defined in module `models`');
    expect(finding!.suggestions?.map((s) => s.message)).toEqual([
      '`ScrapeSession` is defined in `models.scrape_session` (models/scrape_session.py:1) but `models` does not re-export it: import it from there: `from models.scrape_session import ScrapeSession`',
      'or re-export it: add `from .scrape_session import ScrapeSession` to models/__init__.py',
    ]);
  });

  it('wrong module: where the name is defined, with the module as replacement', () => {
    const [finding] = report({ 'core/__init__.py': '', 'api/__init__.py': '', 'api/deps.py': 'def get_current_user(): pass\n', 'app.py': 'from core.auth import get_current_user\n' }).findings;
    expect(finding!.message).toBe('No module named `core.auth`');
    expect(finding!.suggestions?.[0]).toEqual({
      message: '`get_current_user` is defined in `api.deps` (api/deps.py:1): `from api.deps import get_current_user`',
      replacement: 'api.deps',
    });
  });

  it('never written: says so, and lists the close names the module binds', () => {
    const [finding] = report({
      'core/__init__.py': '', 'core/database.py': 'AsyncSessionLocal = None\ndef get_db(): pass\n', 'tasks.py': 'from core.database import get_db_session\n',
    }).findings;
    expect(finding!.message).toBe('`get_db_session` is not defined in module `core.database`, nor anywhere else in the project');
    expect(finding!.suggestions?.map((s) => s.replacement)).toEqual(['get_db', 'AsyncSessionLocal']);
  });
});
