/**
 * A real Language Server Protocol client on a `preflight server` child process (its stdio), for the
 * server's tests and the benchmark: every diagnostic published is kept, and waited for by predicate.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-languageserver-protocol/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { BIN } from './index.js';

export interface LspClient {
  connection: MessageConnection;
  child: ChildProcess;
  /** The URI of a file of the project, as Node spells it. */
  uri(file: string): string;
  /** The diagnostics of a file (or a URI as given) once they pass `test`: the latest, or the next that does. */
  diagnostics(file: string, test: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
}

export function startLspClient(root: string, env: Record<string, string> = {}): LspClient {
  // stderr ignored: a pipe nobody reads would block a server that writes enough to it.
  const child = spawn(process.execPath, [BIN, 'server', '--stdio'], { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const uri = (file: string) => pathToFileURL(path.join(root, file)).href;
  const latest = new Map<string, Diagnostic[]>();
  const waiting: { uri: string; test: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    latest.set(params.uri, params.diagnostics);
    for (const w of [...waiting]) if (w.uri === params.uri && w.test(params.diagnostics)) (waiting.splice(waiting.indexOf(w), 1), w.resolve(params.diagnostics));
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const diagnostics = (file: string, test: (d: Diagnostic[]) => boolean) => new Promise<Diagnostic[]>((resolve) => {
    const target = file.startsWith('file:') ? file : uri(file);
    const known = latest.get(target);
    if (known && test(known)) return resolve(known);
    waiting.push({ uri: target, test, resolve });
  });
  return { connection, child, uri, diagnostics };
}
