import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startLspClient, writeRepo } from '@preflight/testkit';
import { PassThrough } from 'node:stream';
import type { CodeAction, TextEdit } from 'vscode-languageserver-protocol';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { createConnection } from 'vscode-languageserver/node';
import { startServer } from './server.js';

/** The seed: a FastAPI service whose endpoint imports a model through the package's re-export. */
const project = () => writeRepo({
  Procfile: 'web: uvicorn main:app\n',
  'main.py': 'from api.router import router\napp = router\n',
  'api/__init__.py': '',
  'api/router.py': 'from api.endpoints import scrapes\nrouter = scrapes\n',
  'api/endpoints/__init__.py': '',
  'api/endpoints/scrapes.py': 'from models import ScrapeSession\n\n\ndef create():\n    return ScrapeSession()\n',
  'models/__init__.py': 'from models.scrape import ScrapeSession\n',
  'models/scrape.py': 'class ScrapeSession:\n    pass\n',
});

let running: ChildProcess | undefined;
afterEach(() => running?.kill());

async function start(root: string) {
  const c = startLspClient(root, { PREFLIGHT_CACHE_DIR: path.join(root, '.cache') });
  running = c.child;
  await c.connection.sendRequest('initialize', {
    processId: process.pid, rootUri: pathToFileURL(root).href, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'app' }],
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
  });
  await c.connection.sendNotification('initialized', {});
  return c;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

describe('preflight server', () => {
  it('an unsaved edit that drops a re-export marks the importer three folders away, with the startup chain; the fix clears it', async () => {
    const root = project();
    const { connection, diagnostics, uri } = await start(root);
    const init = fs.readFileSync(path.join(root, 'models/__init__.py'), 'utf8');
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('models/__init__.py'), languageId: 'python', version: 1, text: init } });
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri('models/__init__.py'), version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }],
    });
    const [broken] = await diagnostics('api/endpoints/scrapes.py', (d) => d.length > 0);
    expect(broken).toMatchObject({
      severity: 1, code: 'unresolved-name', source: 'preflight',
      range: { start: { line: 0, character: 19 }, end: { line: 0, character: 32 } },
      codeDescription: { href: expect.stringMatching(/unresolved-name\.md$/) },
    });
    expect(broken!.message).toContain('ScrapeSession');
    // The service it takes down, and the chain from its entry point.
    expect(broken!.relatedInformation?.map((r) => r.location.uri)).toEqual([uri('main.py'), uri('api/router.py'), uri('api/endpoints/scrapes.py')]);
    expect(fs.readFileSync(path.join(root, 'models/__init__.py'), 'utf8')).toBe(init);

    const actions = await connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uri('api/endpoints/scrapes.py') }, range: broken!.range, context: { diagnostics: [broken] },
    }) as CodeAction[];
    const preferred = actions.find((a) => a.isPreferred);
    expect(preferred?.title).toMatch(/models\.scrape/);
    // The other choice: re-export it from the package, which mends every importer.
    const reExport = actions.find((a) => a.title.startsWith('re-export'));
    expect(reExport?.isPreferred).toBeUndefined();
    expect(reExport?.edit?.changes?.[uri('models/__init__.py')]).toEqual([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'from models.scrape import ScrapeSession\n' }]);
    const text = fs.readFileSync(path.join(root, 'api/endpoints/scrapes.py'), 'utf8');
    const fixed = applyEdits(text, preferred!.edit!.changes![uri('api/endpoints/scrapes.py')]!);
    expect(fixed).toBe(text.replace('from models import', 'from models.scrape import'));
    // The client applies it to the buffer: the diagnostic goes.
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('api/endpoints/scrapes.py'), languageId: 'python', version: 1, text: fixed } });
    expect(await diagnostics('api/endpoints/scrapes.py', (d) => d.length === 0)).toEqual([]);

    // Hover on the import says what preflight knows of that line.
    const hover = await connection.sendRequest('textDocument/hover', { textDocument: { uri: uri('api/endpoints/scrapes.py') }, position: { line: 0, character: 8 } }) as { contents: { value: string } };
    expect(hover.contents.value).toContain('`ScrapeSession` is defined in models.scrape (models/scrape.py:1)');
    expect(hover.contents.value).toContain('api.endpoints.scrapes is imported at startup by uvicorn main:app: main → api.router → api.endpoints.scrapes');
  }, 30_000);

  it('a code action or a hover asked right after an edit waits for the analysis of the edited text', async () => {
    const root = project();
    const { connection, diagnostics, uri } = await start(root);
    const file = 'api/endpoints/scrapes.py';
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const typo = text.replace('import ScrapeSession', 'import ScrapeSesion');
    const change = (version: number, newText: string) => connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(file), version }, contentChanges: [{ text: newText }],
    });
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file), languageId: 'python', version: 1, text: typo } });
    const [misspelt] = await diagnostics(file, (d) => d.length > 0);
    await change(2, text);
    await diagnostics(file, (d) => d.length === 0);
    // The same typo again, and at once the client asks for the fixes of the diagnostic it still shows
    // from before: an answer from the analysis in hand (of version 2, where the name is right) would be
    // none; the server answers from the analysis of version 3.
    await change(3, typo);
    const actions = await connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uri(file) }, range: misspelt!.range, context: { diagnostics: [misspelt] } }) as CodeAction[];
    expect(actions.map((a) => a.edit?.changes?.[uri(file)]?.[0]?.newText)).toContain('ScrapeSession');
    // A hover just after an edit says what the new line imports.
    await change(4, text.replace('import ScrapeSession', 'import Nowhere'));
    const hover = await connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(file) }, position: { line: 0, character: 8 } }) as { contents: { value: string } };
    expect(hover.contents.value).toMatch(/`Nowhere`/);
  }, 30_000);

  it('hover: on any line of a parenthesised import, and on one name of several that fail, that name alone', async () => {
    const { connection, diagnostics, uri } = await start(project());
    const text = 'from models import (\n    ScrapeSession,\n    Nope,\n)\nfrom models.scrape import Gone, Lost\n';
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('api/multi.py'), languageId: 'python', version: 1, text } });
    await diagnostics('api/multi.py', (d) => d.length === 3);
    const hover = async (line: number, character: number) => ((await connection.sendRequest('textDocument/hover', { textDocument: { uri: uri('api/multi.py') }, position: { line, character } })) as { contents: { value: string } } | null)?.contents.value;
    expect(await hover(1, 6)).toContain('`Nope` does not resolve: unresolved-name at api/multi.py:3:5');
    const lost = await hover(4, 33);
    expect(lost).toContain('`Lost` is not defined in module `models.scrape`');
    expect(lost).not.toContain('Gone');
    expect(await hover(4, 0)).toMatch(/Gone[\s\S]*Lost/);
  }, 30_000);

  it('a burst of edits ends in the diagnostics of the last one', async () => {
    const root = project();
    const { connection, diagnostics, uri } = await start(root);
    const file = 'api/endpoints/scrapes.py';
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file), languageId: 'python', version: 1, text: 'from models import ScrapeSession\n' } });
    for (let version = 2; version <= 40; version++) {
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(file), version }, contentChanges: [{ text: `from models import Missing${version}\n` }] });
    }
    const last = await diagnostics(file, (d) => d.some((x) => x.message.includes('Missing40')));
    expect(last.map((d) => d.message.match(/Missing\d+/)?.[0])).toEqual(['Missing40']);
  }, 30_000);

  it('reads [tool.preflight] again when it changes: a rule ignored there clears its diagnostics; a broken one is said', async () => {
    const root = project();
    fs.writeFileSync(path.join(root, 'models/__init__.py'), '');
    const { connection, diagnostics, uri } = await start(root);
    await diagnostics('api/endpoints/scrapes.py', (d) => d.some((x) => x.code === 'unresolved-name'));
    const shown: string[] = [];
    connection.onNotification('window/showMessage', (m: { message: string }) => shown.push(m.message));
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.preflight]\nignore = ["unresolved-name"]\n');
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('pyproject.toml'), type: 1 }] });
    expect(await diagnostics('api/endpoints/scrapes.py', (d) => d.length === 0)).toEqual([]);
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.preflight]\nignore = "not a list"\n');
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('pyproject.toml'), type: 2 }] });
    await expect.poll(() => shown.join('\n'), { timeout: 10_000 }).toMatch(/pyproject\.toml: \[tool\.preflight\]: `ignore` must be/);
  }, 30_000);

  it('sees a folder renamed outside the editor (one event, for the folder), a .gitignore changed, and the configuration of a parent folder', async () => {
    // The workspace is a service folder of a repository whose top pyproject.toml configures it.
    const top = writeRepo({ '.git/HEAD': 'ref: refs/heads/main\n', 'pyproject.toml': '[project]\nname = "mono"\n' });
    const root = path.join(top, 'svc');
    fs.cpSync(project(), root, { recursive: true });
    const { connection, diagnostics, uri } = await start(root);
    const changed = (file: string, type: number) => connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(root, file)).href, type }] });
    // The first analysis done (a hover waits for it): nothing to say.
    await connection.sendRequest('textDocument/hover', { textDocument: { uri: uri('api/endpoints/scrapes.py') }, position: { line: 0, character: 8 } });
    // `git mv api/endpoints api/views`: the router's import breaks.
    fs.renameSync(path.join(root, 'api/endpoints'), path.join(root, 'api/views'));
    await changed('api/endpoints', 3);
    await changed('api/views', 1);
    const [moved] = await diagnostics('api/router.py', (d) => d.length > 0);
    expect(moved).toMatchObject({ code: 'unresolved-module' });
    // A .gitignore that leaves the router out: not analysed, no diagnostic; and back.
    fs.writeFileSync(path.join(root, '.gitignore'), 'api/router.py\n');
    await changed('.gitignore', 1);
    // A hover asked at once waits for the walk the event asked for: the router is no longer analysed.
    expect(await connection.sendRequest('textDocument/hover', { textDocument: { uri: uri('api/router.py') }, position: { line: 0, character: 8 } })).toBeNull();
    expect(await diagnostics('api/router.py', (d) => d.length === 0)).toEqual([]);
    fs.rmSync(path.join(root, '.gitignore'));
    await changed('.gitignore', 3);
    await diagnostics('api/router.py', (d) => d.length > 0);
    // The repository's top pyproject.toml turns the rule off.
    fs.writeFileSync(path.join(top, 'pyproject.toml'), '[project]\nname = "mono"\n\n[tool.preflight]\nignore = ["unresolved-module"]\n');
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(top, 'pyproject.toml')).href, type: 2 }] });
    expect(await diagnostics('api/router.py', (d) => d.length === 0)).toEqual([]);
  }, 30_000);

  it("publishes to the URI as the client spells it", async () => {
    const root = project();
    const { connection, diagnostics, uri } = await start(root);
    // A client that percent-encodes more than Node does (VS Code encodes `:` after a drive letter, `@`, ...).
    const spelt = uri('api/endpoints/scrapes.py').replace('scrapes', 'scr%61pes');
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: spelt, languageId: 'python', version: 1, text: 'from models import Missing\n' } });
    const [missing] = await diagnostics(spelt, (d) => d.length > 0);
    expect(missing).toMatchObject({ code: 'unresolved-name', range: { start: { line: 0, character: 19 } } });
  }, 30_000);

  it('sees files deleted outside the editor, and survives what a bad client sends', async () => {
    const root = project();
    const { connection, child, diagnostics, uri } = await start(root);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('models/__init__.py'), languageId: 'python', version: 1, text: fs.readFileSync(path.join(root, 'models/__init__.py'), 'utf8') } });
    // A branch switch deletes the module the package re-exports from.
    fs.rmSync(path.join(root, 'models/scrape.py'));
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('models/scrape.py'), type: 3 }] });
    const [gone] = await diagnostics('models/__init__.py', (d) => d.length > 0);
    expect(gone).toMatchObject({ code: 'unresolved-module', severity: 1 });

    // Unknown requests get a protocol error; unknown notifications, foreign URIs and broken JSON are ignored.
    await expect(connection.sendRequest('preflight/unknown', {})).rejects.toMatchObject({ code: -32601 });
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///elsewhere/x.py', languageId: 'python', version: 1, text: 'import nothing_here\n' } });
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'untitled:Untitled-1', languageId: 'python', version: 1, text: 'import x\n' } });
    await connection.sendNotification('preflight/nothing', {});
    child.stdin!.write('Content-Length: 9\r\n\r\n{"bad": }');
    const actions = await connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uri('models/__init__.py') }, range: gone!.range, context: { diagnostics: [gone] } });
    expect(Array.isArray(actions)).toBe(true);
    // The module back: the diagnostic goes.
    fs.writeFileSync(path.join(root, 'models/scrape.py'), 'class ScrapeSession:\n    pass\n');
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('models/scrape.py'), type: 1 }] });
    expect(await diagnostics('models/__init__.py', (d) => d.length === 0)).toEqual([]);

    await connection.sendRequest('shutdown');
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await connection.sendNotification('exit');
    expect(await exited).toBe(0);
  }, 30_000);
});

describe('preflight server, in this process', () => {
  it('answers a hover when the project cannot be read (it waited forever for an analysis that never came)', async () => {
    const root = writeRepo({ 'main.py': 'import os\n' });
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    // Options LiveProject.open rejects: the project cannot be read.
    startServer({ configure: () => ({ options: { root: 42 as never }, filter: (r) => r }), configurationFiles: () => [] }, createConnection(toServer, toClient));
    const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    client.onRequest('client/registerCapability', () => null);
    client.onNotification(() => {});
    client.listen();
    const uri = pathToFileURL(path.join(root, 'main.py')).href;
    await client.sendRequest('initialize', { processId: null, rootUri: pathToFileURL(root).href, capabilities: {} });
    await client.sendNotification('initialized', {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: 'import os\n' } });
    const hover = client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } });
    expect(await Promise.race([hover.then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('no answer after 3 s'), 3000))])).toBe('answered');
    client.dispose();
  }, 10_000);
});
