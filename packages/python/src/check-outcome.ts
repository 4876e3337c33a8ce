/**
 * The `check` command's run: the last run's result when nothing it depends on changed (see
 * cache/result-cache.ts), else a full check, kept for the next run. This module loads only what the
 * cached answer needs; the pipeline is imported on a miss.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ProgressListener } from '@preflight/core';
import { ResultCache, runKey, type RunOutcome } from './cache/result-cache.js';
import type { CheckOptions, CheckResult, CheckStats } from './check.js';
import { findEnvironment } from './environment/python-environment.js';

export interface CheckOutcome extends RunOutcome {
  stats: CheckStats;
  cache?: CheckResult['cache'];
  /** The report is the last run's: no input changed since. */
  reused: boolean;
  /** Only Python files changed: the last run's scan was used, the project not walked again. */
  scanReused?: boolean;
  /** The changed files' facts were the last run's: so is the report (not analysed again). */
  analysisReused?: boolean;
}

export async function checkOutcome(options: CheckOptions, onProgress: ProgressListener = () => {}, signal?: AbortSignal): Promise<CheckOutcome> {
  const started = performance.now();
  const root = path.resolve(options.root);
  const found = findEnvironment(root, { ...(options.python ? { python: options.python } : {}), env: options.env ?? {}, ...(options.sitePackages ? { sitePackages: options.sitePackages } : {}) });
  const results = options.cacheDir === false ? undefined : new ResultCache(options.cacheDir ?? path.join(root, '.preflight_cache'));
  // Of the process environment, only what the analysis reads ($VIRTUAL_ENV); not where the cache is, nor the threads.
  const { cacheDir: _dir, jobs: _jobs, root: _root, env, ...rest } = options;
  const key = results && runKey({ ...rest, root, virtualEnv: env?.VIRTUAL_ENV }, found.environment);
  const last = key ? results!.lookup(key, root) : undefined;
  const reused = last && 'outcome' in last ? last.outcome : undefined;
  if (reused) {
    const elapsed = performance.now() - started;
    const report = { ...reused.report, summary: { ...reused.report.summary, durationMs: Math.round(elapsed) } };
    const stats: CheckStats = { scanMs: elapsed, parseMs: 0, analyseMs: 0, files: reused.report.summary.files, parsed: 0, parsedBytes: 0, threads: 0 };
    return { ...reused, report, stats, cache: { hits: reused.report.summary.files, misses: 0 }, reused: true };
  }

  const { analyseRead, openCache, readScanned, scanProject } = await import('./check.js');
  onProgress({ phase: 'scan' });
  // Only Python files changed: the last scan still lists the project, and the lookup's stats are fresh.
  const scanned = last && 'scan' in last
    ? { started, scanMs: performance.now() - started, root, scan: last.scan, notices: [...last.scan.notices], found, stats: last.stats }
    : scanProject(options, found, started);
  const { scan } = scanned;
  // Stamped before any file is read: a file changed while this run reads it makes the next run a new one.
  const walked = ['', ...scan.directories, ...scan.unanalysed.filter((u) => u.endsWith('/')).map((u) => u.slice(0, -1))];
  const stamps = !key || !results!.prepare() ? undefined
    : last && 'scan' in last ? last.stamps
    : ResultCache.stamp(root, [...walked, ...scan.files, ...scan.projectMarkers, ...scan.requirementFiles, ...scan.serviceFiles, ...scan.ignoreFiles]);
  // What the analysis sees of the changed files did not change (an edited comment): neither does what it
  // finds. Asked of those files alone, before any other file's facts are read.
  const facts = openCache(options, root);
  if (last && 'scan' in last && facts) {
    const parseStarted = performance.now();
    const { extractedFacts } = await import('./extract/file-facts.js');
    // A file touched with the same bytes is a cache hit; only the others are parsed again.
    const extracted: string[] = [];
    const extract = (file: string, bytes: Uint8Array) => (extracted.push(file), extractedFacts(file, bytes));
    const unchanged = last.changed.every((file) => facts.unchangedSince(file, last.stats.get(file)!, () => fs.readFileSync(path.join(root, file)), (bytes) => extract(file, bytes)));
    if (unchanged) {
      facts.keep(scan.files);
      facts.save();
      if (key && stamps) results!.store(key, stamps, last.last, scan);
      const elapsed = performance.now() - started;
      const report = { ...last.last.report, summary: { ...last.last.report.summary, durationMs: Math.round(elapsed) } };
      const bytes = extracted.reduce((n, file) => n + last.stats.get(file)!.size, 0);
      const stats: CheckStats = { scanMs: scanned.scanMs, parseMs: performance.now() - parseStarted, analyseMs: 0, files: scan.files.length, parsed: extracted.length, parsedBytes: bytes, threads: extracted.length ? 1 : 0 };
      return { ...last.last, report, stats, cache: { hits: scan.files.length - extracted.length, misses: extracted.length }, reused: false, scanReused: true, analysisReused: true };
    }
  }
  const read = await readScanned(options, scanned, onProgress, signal, facts);
  const result = await analyseRead(options, scanned, read, onProgress, signal);
  const { unsureImports } = await import('./resolve/unsure-imports.js');
  const outcome: RunOutcome = { report: result.report, fixes: [...result.fixes], unsure: unsureImports(result.imports), hiddenFolders: [...result.hiddenFolders] };
  if (key && stamps) results!.store(key, stamps, outcome, scan);
  return { ...outcome, stats: result.stats, ...(result.cache ? { cache: result.cache } : {}), reused: false, ...(last && 'scan' in last ? { scanReused: true } : {}) };
}
