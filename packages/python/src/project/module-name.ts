/** Dotted module names and how file paths map to them. */

/** `a.b.c` → `a.b`; `a` → ''. */
export function parentName(name: string): string {
  const i = name.lastIndexOf('.');
  return i === -1 ? '' : name.slice(0, i);
}

export function joinName(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('.');
}

/** The module name a file path (relative to a source root, with `/`) is imported as, and whether it is a package's `__init__`. */
export function moduleNameOfPath(relativeToRoot: string): { name: string; isInit: boolean } {
  const parts = relativeToRoot.split('/');
  const last = parts.pop()!;
  // `config.sample.py` is not importable as `config`: only the last suffix goes, except for extension
  // modules, whose suffix starts at the first dot (`speedups.cpython-311-x86_64-linux-gnu.so`).
  const isExtension = /\.(?:so|pyd)$/.test(last);
  const cut = isExtension ? last.indexOf('.') : last.lastIndexOf('.');
  const stem = cut === -1 ? last : last.slice(0, cut);
  const isInit = stem === '__init__';
  if (!isInit) parts.push(stem);
  return { name: parts.join('.'), isInit };
}

/** A path segment that Python can import (`my-script` and `2fa` cannot be). */
export function isIdentifier(part: string): boolean {
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(part);
}
