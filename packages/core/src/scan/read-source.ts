import fs from 'node:fs';
import path from 'node:path';
/**
 * Turns a file's bytes into source text the way Python's tokenizer decides the encoding: a UTF-8 BOM,
 * else a PEP 263 coding cookie on line 1 or 2, else UTF-8. Bytes Python would refuse (invalid UTF-8
 * without a cookie, NUL bytes, an unknown codec) become a decode problem, reported like a SyntaxError.
 */
export type DecodedSource =
  | { ok: true; text: string; encoding: string }
  | { ok: false; message: string; line: number };

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

export function decodeSource(bytes: Uint8Array): DecodedSource {
  let body = bytes;
  let bom = false;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    body = bytes.subarray(3);
    bom = true;
  }
  const nul = body.indexOf(0);
  if (nul !== -1) return { ok: false, message: 'source code cannot contain null bytes', line: lineOfOffset(body, nul) };

  const cookie = bom ? undefined : findCookie(body);
  // A codec Python has but Node lacks (cp437, mac-roman, ...): read the bytes as latin-1. Import
  // statements are ASCII in every such codec, so nothing preflight reads changes.
  const encoding = normaliseEncoding(cookie ?? 'utf-8') ?? 'latin1';
  try {
    return { ok: true, text: new TextDecoder(encoding, { fatal: true }).decode(body), encoding };
  } catch {
    const bad = encoding === 'utf-8' ? firstInvalidUtf8(body) : 0;
    return {
      ok: false,
      message: `(unicode error) '${encoding}' codec can't decode the file (byte 0x${(body[bad] ?? 0).toString(16)} at offset ${bad})`,
      line: lineOfOffset(body, bad),
    };
  }
}

function findCookie(bytes: Uint8Array): string | undefined {
  // The cookie must be on line 1, or line 2 when line 1 is a comment or blank (PEP 263).
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 512)).split(/\r\n|\r|\n/, 2);
  const first = COOKIE.exec(head[0] ?? '');
  if (first) return first[1];
  if (head[1] !== undefined && /^[ \t\f]*(#.*)?$/.test(head[0] ?? '')) return COOKIE.exec(head[1])?.[1];
  return undefined;
}

/** Python codec names → WHATWG encoding labels Node understands; undefined when Node lacks the codec. */
function normaliseEncoding(name: string): string | undefined {
  const n = name.toLowerCase().replace(/_/g, '-');
  if (n === 'utf-8' || n === 'utf8' || n.startsWith('utf-8-')) return 'utf-8';
  const aliases: Record<string, string> = {
    'latin-1': 'latin1', 'iso-8859-1': 'latin1', 'iso8859-1': 'latin1', l1: 'latin1',
    cp1252: 'windows-1252', 'windows-1252': 'windows-1252', ascii: 'utf-8', 'us-ascii': 'utf-8',
  };
  const label = aliases[n] ?? n;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the shortest invalid prefix (a truncated sequence at a cut is tolerated by stream mode).
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid + 1), { stream: true });
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  const bad = Math.min(lo, bytes.length - 1);
  // The decoder notices a bad sequence at its first wrong byte; Python names the sequence's lead byte.
  for (let k = bad; k >= 0 && k > bad - 4; k--) if (bytes[k]! >= 0xc0) return k;
  return bad;
}

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** A small text file (configuration, metadata) as UTF-8, or undefined when it cannot be read. */
export function readTextFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Reads each file once, only for the lines findings point at. */
export function sourceLines(root: string): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (file, line) => {
    if (!cache.has(file)) {
      try {
        // Decoded as the analysis decoded it (BOM, coding cookie), so columns agree.
        const decoded = decodeSource(fs.readFileSync(path.join(root, file)));
        cache.set(file, decoded.ok ? decoded.text.split(/\r\n|\r|\n/) : undefined);
      } catch {
        cache.set(file, undefined);
      }
    }
    return cache.get(file)?.[line - 1];
  };
}
