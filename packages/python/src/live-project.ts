/**
 * A project kept in memory for an editor (`preflight server`): walked and read once (through the facts
 * cache), then analysed again whenever asked, from the facts in hand: an open file's from its buffer,
 * the others' from disk. Only what changed is extracted again; files created or deleted outside the
 * editor (a branch switch) need `rescan`.
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { classifyFile, excludedBy, isFolderLeftOutByName, type ModuleFacts } from '@preflight/core';
import { analyseFactsSteps, finish, readScanned, scanProject, type AnalysisSteps, type CheckOptions, type CheckResult, type ScannedProject } from './check.js';
import { factsOfBytes, factsOfText, type FileFactsResult } from './extract/file-facts.js';
import type { FileFacts } from './extract/read-project-facts.js';

/** A change on disk, as a file watcher tells it. */
export type DiskChange = 'created' | 'changed' | 'deleted';
/** What a change on disk asks of the project (LiveProject.changeOnDisk). */
export type DiskAction = 'reload' | 'reanalyse' | 'rescan';

export class LiveProject {
  /** Relative path → its facts now, in scan order (new files at the end). */
  private readonly facts = new Map<string, ModuleFacts>();
  /** What went wrong inside preflight on a file, said with each analysis. */
  private readonly internalErrors = new Map<string, string[]>();
  /** Every open buffer's facts, whether the project takes the file in or not (an ignored folder may stop being one). */
  private readonly buffers = new Map<string, FileFactsResult>();
  private changed = true;
  /** The walk's exclusion rules, for files it did not see (built when first needed; again after a rescan). */
  private excluded: ((file: string) => boolean) | undefined;
  /** The dependency files the last analysis read (requirements included by `-r` among them). */
  private dependencyFiles = new Set<string>();
  /** The folders the walk went through (built when first needed; again after a rescan). */
  private walked: Set<string> | undefined;

  private constructor(readonly options: CheckOptions, private scanned: ScannedProject) {}

  static async open(options: CheckOptions, signal?: AbortSignal): Promise<LiveProject> {
    const live = new LiveProject(options, scanProject(options));
    await live.readAll(signal);
    return live;
  }

  get root(): string {
    return this.scanned.root;
  }

  /**
   * Whether an analysis now could differ from the last one: some file's facts changed since (an edit in
   * a comment, a string or most of a function body changes none, and the analysis is a function of them).
   */
  get changedSinceAnalysis(): boolean {
    return this.changed;
  }

  /** Whether `file` (relative, `/`-separated) is one of the project's Python files. */
  has(file: string): boolean {
    return this.facts.has(file);
  }

  /**
   * The text of `file` is this buffer's from now on (undefined: the file on disk again). The buffer is
   * the file as it will be saved: it is in the project when the walk would read it then (new, or in a
   * folder deleted under the editor), and out of it when the walk leaves it out (a virtualenv's, an
   * excluded or ignored folder's, one that a `.gitignore` has just left out).
   */
  setBuffer(file: string, text: string | undefined): void {
    if (text === undefined) {
      this.buffers.delete(file);
      if (!this.wouldWalk(file)) this.changed ||= this.facts.delete(file);
      this.reload(file);
      return;
    }
    const result = factsOfText(file, text);
    this.buffers.set(file, result);
    if (this.wouldWalk(file)) this.settle(file, result);
  }

  /** `file` changed on disk: read again, unless a buffer holds it. Files the project does not have wait for a rescan. */
  reload(file: string): void {
    if (this.buffers.has(file) || !this.facts.has(file)) return;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.join(this.root, file));
    } catch {
      // Gone (deleted, or an unsaved buffer closed): no module any more.
      this.changed ||= this.facts.delete(file);
      this.internalErrors.delete(file);
      return;
    }
    this.settle(file, factsOfBytes(file, bytes));
  }

  /**
   * What a change on disk at `file` (relative, `/`-separated; a file or a folder) asks of the project,
   * undefined for what it never reads (a README saved, `.git/`'s churn, an editor's swap file, a cache,
   * an excluded or ignored file saved, the editor's own save of an open buffer):
   * - `rescan`: the walk would find something else: a Python file, an extension module, a folder or a
   *   file the walk classifies (requirements, service, project, `.gitignore`) created or deleted where it
   *   walks (an ignored module too: imports of it are unknown, not missing), anything in a folder it has
   *   not seen yet (a client may send no event for the new folder), a `.gitignore` changed, a package
   *   installed in the environment or a virtualenv made;
   * - `reload`: a Python file changed;
   * - `reanalyse`: a file the analysis reads from disk changed (requirements, one included by `-r` too,
   *   a service or project file).
   */
  changeOnDisk(file: string, change: DiskChange): DiskAction | undefined {
    if (file.startsWith('../') || path.isAbsolute(file)) return undefined;
    if (this.inEnvironment(file, change)) return 'rescan';
    const dir = path.posix.dirname(file);
    const python = /\.pyi?$/.test(file);
    const kind = classifyFile(file);
    if (!this.walks(dir)) return this.isNewFolder(dir) && (python || kind !== undefined || this.isFolder(file)) ? 'rescan' : undefined;
    const { extensionModules, unanalysed, requirementFiles, serviceFiles, projectMarkers, ignoreFiles } = this.scanned.scan;
    if (change === 'deleted') {
      const known = this.facts.has(file) || this.walks(file) || unanalysed.includes(file) || unanalysed.includes(`${file}/`)
        || [extensionModules, requirementFiles, serviceFiles, projectMarkers, ignoreFiles].some((list) => list.includes(file));
      return known ? 'rescan' : undefined;
    }
    if (change === 'created') {
      // Written anew over a file the project has (an editor's atomic save): the same as changed.
      if (!this.facts.has(file)) {
        if (this.isFolder(file)) return isFolderLeftOutByName(file, this.options.includeHidden) ? undefined : 'rescan';
        return python || kind !== undefined ? 'rescan' : undefined;
      }
    }
    if (kind === 'gitignore') return 'rescan';
    // The analysis reads these from disk, not their facts (setup.py's lists too, even from a buffer).
    if (this.dependencyFiles.has(file) && (!python || this.buffers.has(file))) return 'reanalyse';
    if (python) return this.facts.has(file) && !this.buffers.has(file) ? 'reload' : undefined;
    return [requirementFiles, serviceFiles, projectMarkers].some((list) => list.includes(file)) ? 'reanalyse' : undefined;
  }

  /** Changes on disk, as a file watcher tells them: each is read again, or the project walked again once. */
  async applyDiskChanges(changes: readonly { file: string; change: DiskChange }[], signal?: AbortSignal): Promise<void> {
    const actions = changes.map(({ file, change }) => ({ file, action: this.changeOnDisk(file, change) }));
    if (actions.some((a) => a.action === 'rescan')) return this.rescan(signal);
    for (const { file, action } of actions) {
      if (action === 'reload') this.reload(file);
      // setup.py: its facts read again, its lists too.
      if (action === 'reanalyse' || (action === 'reload' && this.dependencyFiles.has(file))) this.changed = true;
    }
  }

  /**
   * A change in the environment's site folders that changes what is installed (a package's folder, a
   * module or a `.dist-info` created or deleted), or a `pyvenv.cfg`: the environment is found again.
   */
  private inEnvironment(file: string, change: DiskChange): boolean {
    if (path.posix.basename(file) === 'pyvenv.cfg') return true;
    if (change === 'changed') return false;
    return (this.scanned.found.environment?.searchDirs ?? []).some((dir) => {
      const inside = path.relative(dir, path.join(this.root, file)).split(path.sep);
      if (inside[0] === '..' || path.isAbsolute(inside[0]!) || inside[0] === '') return false;
      return inside.length === 1 || (inside[0]!.endsWith('.dist-info') && !inside.includes('__pycache__'));
    });
  }

  private isFolder(file: string): boolean {
    return fs.statSync(path.join(this.root, file), { throwIfNoEntry: false })?.isDirectory() ?? false;
  }

  /**
   * Whether `dir`, a folder the walk did not go through, is one it would: it and each folder above it up
   * to one walked are neither left out by name, nor excluded or ignored, nor a virtualenv.
   */
  private isNewFolder(dir: string): boolean {
    for (; !this.walks(dir); dir = path.posix.dirname(dir)) {
      if (isFolderLeftOutByName(dir, this.options.includeHidden) || this.excludes(`${dir}/`) || this.scanned.scan.unanalysed.includes(`${dir}/`) || fs.existsSync(path.join(this.root, dir, 'pyvenv.cfg'))) return false;
    }
    return true;
  }

  /** Files appeared or went: walk again and read the new ones (through the cache); buffers stay. */
  async rescan(signal?: AbortSignal): Promise<void> {
    this.scanned = scanProject(this.options);
    this.excluded = undefined;
    this.walked = undefined;
    await this.readAll(signal);
    this.changed = true;
  }

  analyse(): CheckResult {
    return finish(this.analysis());
  }

  /**
   * The analysis of the facts as they are now, in steps: a caller may drop it between two (`return()`),
   * when an edit has made it stale; the project then counts as changed since the last analysis.
   */
  *analysis(): AnalysisSteps {
    this.changed = false;
    let finished = false;
    try {
      const files: FileFacts[] = [...this.facts].map(([file, facts]) => ({ path: file, facts }));
      const scannedFiles = new Set(this.scanned.scan.files);
      const extra = [...this.facts.keys()].filter((f) => !scannedFiles.has(f));
      // An unsaved file's folders exist once it is saved (a folder deleted under an open buffer).
      const folders = new Set(extra.flatMap((f) => ancestorsOf(f)).filter((dir) => !this.walks(dir)));
      const scanned = extra.length === 0 ? this.scanned : {
        ...this.scanned,
        scan: { ...this.scanned.scan, files: [...this.scanned.scan.files, ...extra], directories: [...this.scanned.scan.directories, ...folders].sort() },
      };
      const result = yield* analyseFactsSteps(this.options, scanned, files);
      result.report.notices.push(...[...this.internalErrors.values()].flat());
      this.dependencyFiles = new Set(result.report.summary.dependencyFiles);
      finished = true;
      return result;
    } finally {
      if (!finished) this.changed = true;
    }
  }

  /** Every file of the scan from disk (what it could not read is said in the scan's notices); buffers win. */
  private async readAll(signal?: AbortSignal): Promise<void> {
    const read = await readScanned(this.options, this.scanned, () => {}, signal);
    this.facts.clear();
    this.internalErrors.clear();
    for (const { path: file, facts } of read.facts.files) this.facts.set(file, facts);
    for (const [file, result] of this.buffers) if (this.wouldWalk(file)) this.settle(file, result);
  }

  private settle(file: string, { facts, notices }: FileFactsResult): void {
    const before = this.facts.get(file);
    if (!before || notices.length > 0 || this.internalErrors.has(file) || Buffer.compare(v8.serialize(before), v8.serialize(facts)) !== 0) this.changed = true;
    this.facts.set(file, facts);
    if (notices.length > 0) this.internalErrors.set(file, notices);
    else this.internalErrors.delete(file);
  }

  /**
   * Whether the walk would read Python file `file` if it were on disk: its folder is one the walk went
   * through, or is missing from the disk below one (an unsaved file's new folder, a folder deleted under
   * an open buffer) and named as the walk would enter it; and its excludes and `.gitignore` files let it in.
   */
  private wouldWalk(file: string): boolean {
    if (!/\.pyi?$/.test(file) || file.startsWith('../') || path.isAbsolute(file)) return false;
    for (let dir = path.posix.dirname(file); !this.walks(dir); dir = path.posix.dirname(dir)) {
      if (isFolderLeftOutByName(dir, this.options.includeHidden) || fs.existsSync(path.join(this.root, dir))) return false;
    }
    return !this.excludes(file);
  }

  /** Whether the walk went through folder `dir` (relative; `.` is the root). */
  private walks(dir: string): boolean {
    if (dir === '.') return true;
    this.walked ??= new Set(this.scanned.scan.directories);
    return this.walked.has(dir);
  }

  /** Whether the walk's excludes or `.gitignore` files leave `file` out. */
  private excludes(file: string): boolean {
    const { exclude = [], respectGitignore = true } = this.options;
    this.excluded ??= excludedBy(this.root, this.scanned.scan, { exclude, respectGitignore });
    return this.excluded(file);
  }
}

/** The folders above a relative file, nearest last (`a/b/c.py`: `a`, `a/b`). */
function ancestorsOf(file: string): string[] {
  const parts = file.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}
