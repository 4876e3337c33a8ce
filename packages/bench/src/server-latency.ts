/**
 * `preflight server` on a project, driven by a real protocol client: the first analysis (from the
 * start to the diagnostic of a first edit of an open file), then `edits` edits of that file's buffer
 * that each break one import or restore it, each timed from the `didChange` to the file's diagnostics
 * saying so; the server's RSS after the 10th, the 100th and the last edit (a leak shows as growth
 * after the heap has grown to its working size); and an import broken while a comment is typed under it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startLspClient } from '@preflight/testkit';

export interface ServerFigures {
  file: string;
  edits: number;
  firstMs: number;
  medianMs: number;
  p90Ms: number;
  rssAfter10Mb: number;
  /** After 100 edits: the heap has grown to its working size by then. */
  rssAfter100Mb: number;
  rssAfterAllMb: number;
  /** An import broken, then a comment typed on the last line every 20 ms for 1.5 s: when the import's diagnostic came. */
  whileTypingMs: number;
}

export async function measureServer(root: string, file: string, edits: number): Promise<ServerFigures> {
  const { connection, child, uri: uriOf, diagnostics } = startLspClient(root);
  const uri = uriOf(file);
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  try {
    const started = performance.now();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(root).href, capabilities: {} });
    await connection.sendNotification('initialized', {});
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    // A first-party module that does not exist, in the file's own top-level package: an error.
    const missing = `${file.includes('/') ? `${file.split('/')[0]}.` : ''}preflight_benchmark_missing`;
    const edit = async (version: number) => {
      const broken = version % 2 === 0;
      const answered = diagnostics(file, (d) => d.some((x) => JSON.stringify(x.message).includes('preflight_benchmark_missing')) === broken);
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ text: broken ? `from ${missing} import x${version}\n${text}` : text }],
      });
      await answered;
    };
    // The first analysis: the project read, then the open buffer broken.
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    await edit(2);
    const firstMs = performance.now() - started;
    const times: number[] = [];
    let rssAfter10Mb = 0;
    let rssAfter100Mb = 0;
    for (let version = 3; version < edits + 3; version++) {
      const sent = performance.now();
      await edit(version);
      times.push(performance.now() - sent);
      if (version === 12) rssAfter10Mb = rss();
      if (version === 102) rssAfter100Mb = rss();
    }
    const rssAfterAllMb = rss();
    times.sort((a, b) => a - b);
    // Typing in a comment changes no facts: the analysis of the broken import goes on under it.
    let version = edits + 3;
    const broken = `from ${missing}_typed import x\n${text}`;
    const typingStarted = performance.now();
    let whileTypingMs = 0;
    const answered = diagnostics(file, (d) => d.some((x) => JSON.stringify(x.message).includes('preflight_benchmark_missing_typed'))).then(() => {
      whileTypingMs = performance.now() - typingStarted;
    });
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: version++ }, contentChanges: [{ text: broken }] });
    for (let typed = 1; typed <= 75; typed++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: version++ }, contentChanges: [{ text: `${broken}# ${'x'.repeat(typed)}\n` }] });
    }
    await answered;
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    return {
      file, edits, firstMs, medianMs: times[times.length >> 1]!, p90Ms: times[Math.floor(times.length * 0.9)]!, rssAfter10Mb, rssAfter100Mb, rssAfterAllMb, whileTypingMs,
    };
  } finally {
    connection.dispose();
    child.kill();
  }
}
