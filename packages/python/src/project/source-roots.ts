/**
 * Which folders act as `sys.path` entries. Users run preflight at the top of their repository while the
 * code's import root is often a subfolder (`backend/` holds `models/`, and `backend/api/x.py` does
 * `from models import ...`), so roots are inferred, without configuration, from:
 *   1. the analysed root itself;
 *   2. `src/` layouts (a `src` folder that is not a package, at the top or beside a project file);
 *   3. folders holding a project file (pyproject.toml, setup.py, setup.cfg, manage.py);
 *   4. import evidence: a folder that is not a package, whose own top-level modules are imported
 *      absolutely by files beneath it, when no root found so far provides them.
 * Configured roots (`--root`, `[tool.preflight] roots`) replace the inference. The order is the list
 * order above; a file's own root (the deepest root holding it) is searched first for its imports. Nested
 * roots serve only the files beneath them (see `SourceRoot.scope`).
 */
import path from 'node:path';
import type { ModuleFacts } from '@preflight/core';
import { DirectoryIndex, childDir, parentDir } from './directory-index.js';

export interface SourceRoot {
  /** Folder relative to the analysed root ('' is the root itself). */
  dir: string;
  reason: 'analysed root' | 'src layout' | 'project file' | 'imported from beneath' | 'configured';
  /**
   * The folder whose files have this root on their search path ('' for all). Only the analysed root,
   * its `src/` and configured roots serve the whole project; a nested project (a folder with its own
   * pyproject.toml, often a test fixture) or a script folder serves only the files beneath it, so its
   * modules never shadow third-party packages for the rest of the repository.
   */
  scope: string;
}

export interface RootInferenceInput {
  index: DirectoryIndex;
  files: readonly { path: string; facts: ModuleFacts }[];
  projectMarkers: readonly string[];
  isStdlib: (topLevelName: string) => boolean;
}

const PROJECT_FILES = new Set(['pyproject.toml', 'setup.py', 'setup.cfg', 'manage.py']);

export function inferSourceRoots({ index, files, projectMarkers, isStdlib }: RootInferenceInput): SourceRoot[] {
  const roots: SourceRoot[] = [{ dir: '', reason: 'analysed root', scope: '' }];
  const has = (dir: string) => roots.some((r) => r.dir === dir);
  const add = (dir: string, reason: SourceRoot['reason'], scope: string) => {
    if (!has(dir) && !index.isPackage(dir)) roots.push({ dir, reason, scope });
  };

  const markerDirs = [...projectMarkers, ...files.map((f) => f.path)]
    .filter((p) => PROJECT_FILES.has(path.posix.basename(p)))
    .map((p) => parentDir(p))
    .sort();
  for (const dir of ['', ...markerDirs]) {
    const src = dir === '' ? 'src' : `${dir}/src`;
    if (index.folder(src)?.hasPython) add(src, 'src layout', dir);
  }
  for (const dir of markerDirs) add(dir, 'project file', dir);

  // Import evidence: the nearest non-package ancestor folder that has the imported top-level name as a child.
  const provides = (dir: string, name: string) => {
    const e = index.child(dir, name);
    return e !== undefined && (e.source !== undefined || e.stub !== undefined || e.extension !== undefined || e.hasPython);
  };
  // Only a module file or a regular package is evidence: a bare folder named like the import is more often
  // a project folder named after the third-party package it uses (`examples/django/`).
  const definesModule = (dir: string, name: string) => {
    const e = index.child(dir, name);
    return e !== undefined && (e.source !== undefined || e.stub !== undefined || e.extension !== undefined || e.init !== undefined || e.initStub !== undefined);
  };
  const evidence = new Set<string>();
  for (const file of files) {
    for (const site of file.facts.imports) {
      if (site.level > 0 || site.future) continue;
      const top = site.module.split('.')[0]!;
      if (!top || isStdlib(top)) continue;
      const serving = (scope: string) => scope === '' || file.path.startsWith(`${scope}/`);
      if (roots.some((r) => serving(r.scope) && provides(r.dir, top))) continue;
      let known = false;
      for (const d of evidence) if (serving(d) && provides(d, top)) known = true;
      if (known) continue;
      for (let dir = parentDir(file.path); ; dir = parentDir(dir)) {
        // A file inside `D/N/` importing `N` names its own folder, most often a third-party package the
        // folder is named after (`examples/django/` importing django): no evidence.
        const insideIt = file.path.startsWith(`${childDir(dir, top)}/`);
        if (!insideIt && !index.isPackage(dir) && definesModule(dir, top)) {
          evidence.add(dir);
          break;
        }
        if (dir === '') break;
      }
    }
  }
  for (const dir of [...evidence].sort()) add(dir, 'imported from beneath', dir);
  return roots;
}

/** Whether `root` is on the search path of the files of root `dir`. */
export function appliesTo(root: SourceRoot, dir: string): boolean {
  return root.scope === '' || dir === root.scope || dir.startsWith(`${root.scope}/`);
}

/**
 * The deepest root holding `file`. A file outside every configured root (`tests/` beside `--root src`)
 * is named from the analysed folder, as pytest's rootdir would import it.
 */
export function owningRoot(file: string, roots: readonly SourceRoot[]): SourceRoot {
  let best: SourceRoot | undefined;
  for (const root of roots) {
    if ((root.dir === '' || file.startsWith(`${root.dir}/`)) && (!best || root.dir.length > best.dir.length)) best = root;
  }
  return best ?? { dir: '', reason: 'analysed root', scope: '' };
}
