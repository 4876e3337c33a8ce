/** The folder walk: what is analysed, what is left out and said. */
import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { discoverFiles } from './discover-files.js';

describe('hidden folders', () => {
  const files = {
    'app.py': 'import os\n', '.gitignore': 'ignored/\n.idea/\n', '.hidden_script.py': '',
    '.semgrep/rules/bad.py': 'x = (\n', 'pkg/.cache_like/gen.py': '', 'pkg/mod.py': '',
    '.github/workflows/requirements.txt': 'requests\n', '.devcontainer/Dockerfile': 'CMD ["uvicorn", "app:app"]\n',
    '.idea/x.py': '', '.git/hooks/x.py': '', '.venv/lib/x.py': '', '.tox/py/x.py': '',
  };

  it('are left out by default (files beneath them too), and listed; the always-excluded and the gitignored are not listed', () => {
    const scan = discoverFiles(writeRepo(files));
    expect(scan.files).toEqual(['.hidden_script.py', 'app.py', 'pkg/mod.py']);
    expect(scan.hiddenFolders).toEqual(['.devcontainer', '.github', '.semgrep', 'pkg/.cache_like']);
    expect(scan.directories).toEqual(['pkg']);
    expect(scan.requirementFiles).toEqual([]);
    expect(scan.serviceFiles).toEqual([]);
    // Left out, not absent: imports of what they hold are unknown, never missing.
    expect(scan.unanalysed).toEqual(expect.arrayContaining(['.semgrep/', 'pkg/.cache_like/']));
  });

  it('includeHidden analyses them; VCS folders, virtualenvs and caches stay excluded', () => {
    const scan = discoverFiles(writeRepo(files), { includeHidden: true });
    expect(scan.files).toEqual(['.hidden_script.py', '.semgrep/rules/bad.py', 'app.py', 'pkg/.cache_like/gen.py', 'pkg/mod.py']);
    expect(scan.hiddenFolders).toEqual([]);
    expect(scan.requirementFiles).toEqual(['.github/workflows/requirements.txt']);
    expect(scan.serviceFiles).toEqual(['.devcontainer/Dockerfile']);
  });

  it('a hidden folder given as the root is analysed: only folders beneath the root are judged', () => {
    const root = writeRepo({ '.semgrep/rules/bad.py': '', '.semgrep/rules/.inner/x.py': '' });
    expect(discoverFiles(`${root}/.semgrep`).files).toEqual(['rules/bad.py']);
  });
});
