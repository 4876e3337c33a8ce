/**
 * A project kept in memory for an editor (`preflight server`): walked and read once (through the facts
 * cache), then analysed again whenever asked, from the facts in hand: an open file's from its buffer,
 * the others' from disk. Only what changed is extracted again; files created or deleted outside the
 * editor (a branch switch) need `rescan`.
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { DEFAULT_EXCLUDED_DIRS, DEFAULT_EXCLUDED_TOP_DIRS, excludedBy, type ModuleFacts } from '@preflight/core';
import { analyseFactsSteps, finish, readScanned, scanProject, type AnalysisSteps, type CheckOptions, type CheckResult, type ScannedProject } from './check.js';
import { factsOfBytes, factsOfText, type FileFactsResult } from './extract/file-facts.js';
import type { FileFacts } from './extract/read-project-facts.js';

/** A change on disk, as a file watcher tells it. */
export type DiskChange = 'created' | 'changed' | 'deleted';

export class LiveProject {
  /** Relative path → its facts now, in scan order (new files at the end). */
  private readonly facts = new Map<string, ModuleFacts>();
  /** What went wrong inside preflight on a file, said with each analysis. */
  private readonly internalErrors = new Map<string, string[]>();
  private readonly buffers = new Set<string>();
  private changed = true;
  /** The walk's exclusion rules, for files it did not see (built when first needed; again after a rescan). */
  private excluded: ((file: string) => boolean) | undefined;
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
   * The text of `file` is this buffer's from now on (undefined: the file on disk again). A Python file
   * that the walk did not find but would have (new, not saved yet: in a folder it walked) joins the
   * project; one it leaves out (a virtualenv's, an excluded or ignored folder's) does not.
   */
  setBuffer(file: string, text: string | undefined): void {
    if (text === undefined) {
      this.buffers.delete(file);
      this.reload(file);
      return;
    }
    if (!this.facts.has(file) && !this.wouldWalk(file)) return;
    this.buffers.add(file);
    this.settle(file, factsOfText(file, text));
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
   * What a change on disk at `file` (relative, `/`-separated; a file or a folder) asks of the project:
   * `reload` for a Python file changed; `rescan` for whatever the walk would find differently: anything
   * created or deleted where it walks (a module, a folder renamed or removed, an extension module), or a
   * `.gitignore`, requirements, service or project file changed (the analysis reads them); undefined for
   * what it never reads (a README saved, `.git/`'s churn, an excluded or ignored folder).
   */
  changeOnDisk(file: string, change: DiskChange): 'reload' | 'rescan' | undefined {
    const dir = path.posix.dirname(file);
    const name = path.posix.basename(file);
    if (!this.walks(dir)) return undefined;
    const hidden = name.startsWith('.') && name !== '.gitignore' && !this.options.includeHidden;
    if (hidden || DEFAULT_EXCLUDED_DIRS.includes(name) || (dir === '.' && DEFAULT_EXCLUDED_TOP_DIRS.includes(name)) || name.endsWith('.egg-info')) return undefined;
    // A path deleted may have been a folder: `folder/` patterns are asked too.
    if (name !== '.gitignore' && (this.excludes(file) || this.excludes(`${file}/`))) return undefined;
    if (/\.pyi?$/.test(name)) return change === 'changed' ? 'reload' : 'rescan';
    if (change !== 'changed') return 'rescan';
    const { requirementFiles, serviceFiles, projectMarkers, ignoreFiles } = this.scanned.scan;
    return [requirementFiles, serviceFiles, projectMarkers, ignoreFiles].some((files) => files.includes(file)) ? 'rescan' : undefined;
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
      const scanned = extra.length === 0 ? this.scanned : { ...this.scanned, scan: { ...this.scanned.scan, files: [...this.scanned.scan.files, ...extra] } };
      const result = yield* analyseFactsSteps(this.options, scanned, files);
      result.report.notices.push(...[...this.internalErrors.values()].flat());
      finished = true;
      return result;
    } finally {
      if (!finished) this.changed = true;
    }
  }

  /** Every file of the scan from disk (what it could not read is said in the scan's notices); buffers win. */
  private async readAll(signal?: AbortSignal): Promise<void> {
    const buffered = new Map([...this.buffers].map((file) => [file, this.facts.get(file)!]));
    const read = await readScanned(this.options, this.scanned, () => {}, signal);
    this.facts.clear();
    this.internalErrors.clear();
    for (const { path: file, facts } of read.facts.files) this.facts.set(file, buffered.get(file) ?? facts);
    for (const [file, facts] of buffered) this.facts.set(file, facts);
  }

  private settle(file: string, { facts, notices }: FileFactsResult): void {
    const before = this.facts.get(file);
    if (!before || notices.length > 0 || this.internalErrors.has(file) || Buffer.compare(v8.serialize(before), v8.serialize(facts)) !== 0) this.changed = true;
    this.facts.set(file, facts);
    if (notices.length > 0) this.internalErrors.set(file, notices);
    else this.internalErrors.delete(file);
  }

  /** A Python file in a folder the walk went through, that its excludes and `.gitignore` files let in. */
  private wouldWalk(file: string): boolean {
    return /\.pyi?$/.test(file) && this.walks(path.posix.dirname(file)) && !this.excludes(file);
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
