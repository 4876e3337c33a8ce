/**
 * `preflight server`: the findings of the workspace's project as diagnostics, from the editor's unsaved
 * buffers, over the Language Server Protocol. One LiveProject per workspace: read once, then analysed
 * again (debounced) after each edit, file event or configuration change; diagnostics go to every file
 * that has findings, open or not (a re-export removed in `models/__init__.py` marks its importer three
 * folders away), and are cleared where findings went. Code actions apply preflight's fixes and
 * suggestions; hover on a line says why its imports fail or resolve.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeSource, findingKey, type Fix, type Finding, type Report } from '@preflight/core';
import { explain, LiveProject, reachText, type CheckOptions, type CheckResult, type DiskChange } from '@preflight/python';
import {
  CancellationToken, CodeActionKind, createConnection, DidChangeWatchedFilesNotification, FileChangeType, MessageType, ProposedFeatures, ShowMessageNotification,
  TextDocuments, TextDocumentSyncKind, type Connection, type FileSystemWatcher, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActionsFor } from './code-actions.js';
import { diagnosticsOf } from './diagnostics.js';
import { linesOf, toPosition } from './positions.js';

export interface ServerSetup {
  /** The check's options for a project root, and the filter of its reports (`[tool.preflight]`: select, ignore, severities). */
  configure(root: string): { options: CheckOptions; filter: (report: Report) => Report };
  /** The files (absolute paths) whose change means configuring a root again: its own and its parent folders' up to the repository's top. */
  configurationFiles(root: string): readonly string[];
}

/** How long edits are gathered before the project is analysed again (an edit during an analysis stops it: the next one starts over). */
const DEBOUNCE_MS = 5;

interface Analysis {
  result: CheckResult;
  report: Report;
  findings: Map<string, Finding>;
  /**
   * The project as it analysed it: `live` is a new promise after each change (an edit, a file changed on
   * disk, a new configuration), so an analysis is of the current state while `live` is still this one.
   */
  of: Promise<LiveProject>;
}

/** The LSP's file change types, as the project knows them. */
const DISK_CHANGES: Record<number, DiskChange> = { [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted' };

/** The project's own sources: other buffers in the folder (README.md, pyproject.toml) are not analysed. */
const PYTHON = /\.pyi?$/;

/** A `file:` URI's path; undefined for another scheme, or one this platform has no path for (`file://host/share` on POSIX). */
function pathOfUri(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function startServer(setup: ServerSetup, connection: Connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout)): void {
  // stdout is the protocol's: anything a dependency logs goes to stderr.
  for (const method of ['log', 'info', 'debug'] as const) console[method] = console.error;
  const documents = new TextDocuments(TextDocument);
  let root: string | undefined;
  let configured: ReturnType<ServerSetup['configure']> | undefined;
  let live: Promise<LiveProject> | undefined;
  let analysis: Analysis | undefined;
  /** What was last published for each file, and to which URI: sent again only when either changes. */
  let published = new Map<string, { uri: string; diagnostics: string }>();
  let timer: NodeJS.Timeout | undefined;
  /** The client's file watchers: none, for the workspace's folder only, or for other folders too (relative patterns). */
  let watch: 'none' | 'workspace' | 'anywhere' = 'none';
  let configurationFiles = new Set<string>();
  /** The project once read (the last one, while a new configuration's is being read). */
  let read: LiveProject | undefined;
  /** Changes on disk not yet taken by the project. */
  const diskChanges: { file: string; change: DiskChange }[] = [];
  /** The client's own spelling of each open file's URI (percent-encoding, drive letters differ from Node's). */
  const clientUris = new Map<string, string>();

  /** A path inside the root, as the project's relative path (`/`-separated); undefined for anything else. */
  const inRoot = (full: string): string | undefined => {
    if (!root) return undefined;
    const relative = path.relative(root, full);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : undefined;
  };
  /** A file URI inside the root, as the project's relative path; undefined for anything else. */
  const fileOf = (uri: string): string | undefined => {
    const full = pathOfUri(uri);
    return full === undefined ? undefined : inRoot(full);
  };
  const uriOf = (file: string) => clientUris.get(file) ?? pathToFileURL(path.join(root!, file)).href;
  const documentOf = (file: string) => (clientUris.has(file) ? documents.get(clientUris.get(file)!) : undefined);
  /** A file's text as the analysis saw it: its buffer, else decoded as Python does (BOM, coding cookie). */
  const textOf = (file: string): string | undefined => {
    const open = documentOf(file)?.getText();
    if (open !== undefined) return open;
    try {
      const decoded = decodeSource(fs.readFileSync(path.join(root!, file)));
      return decoded.ok ? decoded.text : undefined;
    } catch {
      return undefined;
    }
  };
  const say = (message: string) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message: `preflight: ${message}` });
  const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

  /** A new project from the configuration on disk, with the open buffers. */
  const open = () => {
    // A fresh read takes the disk as it is now.
    diskChanges.length = 0;
    try {
      configured = setup.configure(root!);
    } catch (error) {
      // A broken `[tool.preflight]`: said once; the last good configuration (if any) goes on.
      say(messageOf(error));
      if (!configured) return;
    }
    const opening = LiveProject.open(configured.options).then((project) => {
      for (const document of documents.all()) {
        const file = fileOf(document.uri);
        if (file && PYTHON.test(file)) project.setBuffer(file, document.getText());
      }
      read = project;
      return project;
    });
    live = opening;
    // Could not be read (the folder went, a bad `python`): said, and tried again on the next event.
    opening.catch((error: unknown) => {
      say(`could not read the project: ${messageOf(error)}`);
      if (live === opening) live = undefined;
    });
    schedule();
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void analyse(), DEBOUNCE_MS);
  };

  /** How many analyses are under way (from awaiting the project to publishing; a stale one may still be ending). */
  let analysing = 0;
  /** Requests waiting for an analysis of the buffers as they are now (hover, code actions). */
  let waiting: Array<() => void> = [];

  const analyse = async () => {
    timer = undefined;
    const started = live;
    analysing++;
    try {
      // No project (its read failed): the requests waiting are answered in `finally`, with nothing.
      if (!started || !configured) return;
      let awaited = started;
      // A change (an edit, a new configuration) that came since is analysed by the run it scheduled.
      const stale = () => timer !== undefined || live !== awaited;
      let project: LiveProject;
      try {
        project = await awaited;
      } catch {
        return;
      }
      // An analysis under way takes this change in, or stops for it and schedules another: it is not run
      // twice (nor is the last result called the new text's while that one has not decided).
      if (stale() || analysing > 1) return;
      // An edit that changed no file's facts (in a comment, a string) changes no finding, nor where it is.
      if (analysis && !project.changedSinceAnalysis) {
        analysis.of = awaited;
        return;
      }
      const steps = project.analysis();
      let step = steps.next();
      while (!step.done) {
        // Between two steps, the messages that came: an edit makes this analysis stale, and it stops;
        // unless, once taken in, it changed no file's facts (typing in a comment or a function body): then
        // this analysis is the new text's too, and goes on.
        await new Promise((resolve) => setImmediate(resolve));
        while (stale()) {
          if (timer) clearTimeout(timer);
          timer = undefined;
          const now = live;
          const same = now ? await now.then((p) => p === project && !p.changedSinceAnalysis, () => false) : false;
          if (!same) {
            steps.return(undefined as never); // dropped: it has no result
            schedule();
            return;
          }
          // Another change may have come while that one was taken in: asked again.
          if (now && live === now) awaited = now;
        }
        step = steps.next();
      }
      const result = step.value;
      const report = configured.filter(result.report);
      analysis = { result, report, findings: new Map(report.findings.map((f) => [findingKey(f), f])), of: awaited };
      publish(report, result);
    } catch (error) {
      connection.console.error(`preflight: internal error while analysing: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    } finally {
      analysing--;
      const waiters = waiting;
      waiting = [];
      for (const wake of waiters) wake();
    }
  };

  /**
   * The analysis of the project as it is now, once there is one (a hover or a code action just after an
   * edit, or a branch switch, waits for it); undefined if none is coming (no project) or the client cancelled.
   */
  const freshAnalysis = async (token: CancellationToken): Promise<Analysis | undefined> => {
    for (;;) {
      if (analysis && analysis.of === live) return analysis;
      if (token.isCancellationRequested || (analysing === 0 && !timer)) return undefined;
      let cancelled: { dispose(): void } | undefined;
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        cancelled = token.onCancellationRequested(() => resolve());
      });
      cancelled?.dispose();
    }
  };

  const publish = (report: Report, result: CheckResult) => {
    const lines = new Map<string, readonly string[]>();
    const byFile = diagnosticsOf(report, {
      linesOf: (file) => lines.get(file) ?? lines.set(file, linesOf(textOf(file) ?? '')).get(file)!,
      uriOf,
      fileOfModule: (module) => result.project.modulesByName(module)[0]?.file,
    });
    const now = new Map([...byFile].map(([file, diagnostics]) => [file, { uri: uriOf(file), diagnostics: JSON.stringify(diagnostics) }]));
    for (const [file, last] of published) {
      const next = now.get(file);
      if (!next || next.uri !== last.uri) void connection.sendDiagnostics({ uri: last.uri, diagnostics: [] });
    }
    for (const [file, next] of now) {
      const last = published.get(file);
      if (last?.uri !== next.uri || last.diagnostics !== next.diagnostics) void connection.sendDiagnostics({ uri: next.uri, diagnostics: byFile.get(file)! });
    }
    published = now;
  };

  /** Applies `change` to the project once it is read, then analyses again. */
  const update = (change: (project: LiveProject) => void | Promise<void>) => {
    // No project (its read failed): read it again, which takes in the buffers and the disk as they are now.
    if (!live) return open();
    live = live.then(async (project) => {
      try {
        await change(project);
      } catch (error) {
        connection.console.error(`preflight: ${messageOf(error)}`);
      }
      return project;
    });
    schedule();
  };

  connection.onInitialize((params): InitializeResult => {
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    root = folder ? pathOfUri(folder) : undefined;
    const watcher = params.capabilities.workspace?.didChangeWatchedFiles;
    watch = watcher?.dynamicRegistration !== true ? 'none' : watcher.relativePatternSupport === true ? 'anywhere' : 'workspace';
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
      },
      serverInfo: { name: 'preflight' },
    };
  });

  connection.onInitialized(() => {
    if (!root) {
      connection.console.warn('preflight: no workspace folder: nothing to analyse');
      return;
    }
    configurationFiles = new Set(setup.configurationFiles(root));
    if (watch !== 'none') {
      // Everything in the workspace: what matters is sorted out here (a folder renamed comes as one event,
      // for the folder; a `.gitignore` or a requirements file changes the walk or the analysis).
      const watchers: FileSystemWatcher[] = [{ globPattern: '**/*' }];
      // The configuration in folders above the workspace (a monorepo's top pyproject.toml).
      const above = [...configurationFiles].filter((file) => inRoot(file) === undefined);
      if (watch === 'anywhere') {
        for (const file of above) watchers.push({ globPattern: { baseUri: pathToFileURL(path.dirname(file)).href, pattern: path.basename(file) } });
      } else if (above.length > 0) {
        connection.console.warn(`preflight: the client watches no file outside the workspace (no relative patterns): a change to the configuration in ${[...new Set(above.map((f) => path.dirname(f)))].join(', ')} is seen after a restart`);
      }
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers })
        .catch((error: unknown) => connection.console.warn(`preflight: the client did not take the file watchers (${messageOf(error)}): changes made outside the editor are not seen`));
    }
    open();
  });

  documents.onDidChangeContent(({ document }) => {
    const file = fileOf(document.uri);
    if (!file || !PYTHON.test(file)) return;
    clientUris.set(file, document.uri);
    update((project) => project.setBuffer(file, document.getText()));
  });
  documents.onDidClose(({ document }) => {
    const file = fileOf(document.uri);
    if (!file || !PYTHON.test(file)) return;
    clientUris.delete(file);
    update((project) => project.setBuffer(file, undefined));
  });

  // Outside the editor: a branch switch, `git pull`, a formatter. What the project makes of each change
  // (read a file again, walk again, nothing) is its own to say.
  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (changes.some((c) => configurationFiles.has(pathOfUri(c.uri) ?? ''))) return open();
    const files = changes.flatMap((c) => {
      const file = fileOf(c.uri);
      return file === undefined ? [] : [{ file, change: DISK_CHANGES[c.type] ?? 'changed' }];
    });
    // What asks nothing of the project as it stands (git's churn, the editor's own save of a buffer, a
    // swap file) must not stop the analysis under way.
    const asking = read ? files.filter(({ file, change }) => read!.changeOnDisk(file, change) !== undefined) : files;
    if (asking.length === 0) return;
    // Batches that come before the project takes them are taken together: one walk for a branch switch.
    const first = diskChanges.length === 0;
    diskChanges.push(...asking);
    if (first) update((project) => project.applyDiskChanges(diskChanges.splice(0)));
  });

  connection.onCodeAction(async ({ textDocument, context }, token) => {
    if (!fileOf(textDocument.uri)) return [];
    // Actions computed on an older text would edit the wrong spans: they wait for the analysis of this one.
    const fresh = await freshAnalysis(token);
    if (!fresh) return [];
    const { findings, result } = fresh;
    return codeActionsFor(context.diagnostics ?? [], {
      findingOf: (key) => findings.get(key),
      fixOf: (key): Fix | undefined => result.fixes.get(key),
      alternativesOf: (key) => result.alternativeFixes.get(key) ?? [],
      textOf,
      uriOf,
    });
  });

  connection.onHover(async ({ textDocument, position }, token) => {
    const file = fileOf(textDocument.uri);
    if (!file) return null;
    const fresh = await freshAnalysis(token);
    if (!fresh) return null;
    const line = position.line + 1;
    const { project, imports, startup } = fresh.result;
    // On an import statement, any line of it (a parenthesised one spans several).
    if (!imports.some((i) => i.importer.file === file && i.site.span.line <= line && line <= i.site.span.endLine)) return null;
    // On a finding's span, that finding alone (`file:line:column`); elsewhere, all the line has to say.
    const lines = linesOf(textOf(file) ?? '');
    const at = (column: number) => toPosition(lines, line, column).character;
    const under = fresh.report.findings.find((f) => f.file === file && f.line === line && at(f.column) <= position.character && position.character <= at(f.endColumn ?? f.column));
    const query = under ? `${file}:${line}:${under.column}` : `${file}:${line}`;
    // Which services this import takes down if it fails: those that import its module at startup.
    const module = project.moduleOfFile(file)?.name;
    const reach = module ? `\n${module} is ${reachText(startup.reach(module))}` : '';
    // Explained from the report as configured (rules ignored there are not findings here either).
    return { contents: { kind: 'markdown', value: `\`\`\`text\n${explain({ ...fresh.result, report: fresh.report }, query).trimEnd()}${reach}\n\`\`\`` } };
  });

  documents.listen(connection);
  connection.listen();
}
