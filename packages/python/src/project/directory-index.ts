/**
 * What the project's folders contain, in the terms Python's path finder looks at: for each folder, its
 * children by import name, each a module file (`.py`), a stub (`.pyi`), an extension module, and/or a
 * folder (with or without `__init__`). Built from the scan's file lists; never touches the disk.
 */
import path from 'node:path';
import { moduleNameOfPath } from './module-name.js';

export interface DirectoryEntry {
  source?: string;
  stub?: string;
  extension?: string;
  /** Folder `name/` exists; `init` / `initStub` are its `__init__.py` / `__init__.pyi`. */
  folder?: string;
  init?: string;
  initStub?: string;
  /** Some Python source lives somewhere under the folder. */
  hasPython: boolean;
  /** It exists but was not analysed (gitignored, excluded, a symlinked folder): its contents are unknown. */
  unanalysed?: boolean;
}

export class DirectoryIndex {
  private readonly folders = new Map<string, Map<string, DirectoryEntry>>();

  constructor(files: readonly string[], extensionModules: readonly string[], directories: readonly string[], unanalysed: readonly string[] = []) {
    for (const item of unanalysed) {
      const dir = item.endsWith('/') ? item.slice(0, -1) : parentDir(item);
      const name = item.endsWith('/') ? path.posix.basename(dir) : moduleNameOfPath(path.posix.basename(item)).name;
      this.entryIn(item.endsWith('/') ? parentDir(dir) : dir, name).unanalysed = true;
    }
    for (const dir of directories) this.entry(dir).folder = dir;
    for (const file of files) {
      const dir = parentDir(file);
      const base = path.posix.basename(file);
      const { name, isInit } = moduleNameOfPath(base);
      const isStub = base.endsWith('.pyi');
      if (isInit) {
        const e = this.entry(dir);
        e.folder = dir;
        if (isStub) e.initStub = file;
        else e.init = file;
      } else {
        const e = this.entryIn(dir, name);
        if (isStub) e.stub = file;
        else e.source = file;
      }
      this.markPython(dir);
    }
    for (const file of extensionModules) {
      const dir = parentDir(file);
      this.entryIn(dir, moduleNameOfPath(path.posix.basename(file)).name).extension = file;
    }
  }

  /** The child `name` of folder `dir` ('' is the analysed root). */
  child(dir: string, name: string): DirectoryEntry | undefined {
    return this.folders.get(dir)?.get(name);
  }

  /** The entry for folder `dir` itself, as seen from its parent. */
  folder(dir: string): DirectoryEntry | undefined {
    return dir === '' ? undefined : this.child(parentDir(dir), path.posix.basename(dir));
  }

  isPackage(dir: string): boolean {
    const e = this.folder(dir);
    return e !== undefined && (e.init !== undefined || e.initStub !== undefined);
  }

  childNames(dir: string): string[] {
    return [...(this.folders.get(dir)?.keys() ?? [])];
  }

  private entry(dir: string): DirectoryEntry {
    return this.entryIn(parentDir(dir), path.posix.basename(dir));
  }

  private entryIn(dir: string, name: string): DirectoryEntry {
    let children = this.folders.get(dir);
    if (!children) this.folders.set(dir, (children = new Map()));
    let e = children.get(name);
    if (!e) children.set(name, (e = { hasPython: false }));
    return e;
  }

  private markPython(dir: string): void {
    for (let d = dir; d !== ''; d = parentDir(d)) {
      const e = this.entry(d);
      if (e.hasPython) return;
      e.hasPython = true;
    }
  }
}

/** `a/b` → `a`; `a` → ''. */
export function parentDir(dir: string): string {
  const i = dir.lastIndexOf('/');
  return i === -1 ? '' : dir.slice(0, i);
}

export function childDir(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
