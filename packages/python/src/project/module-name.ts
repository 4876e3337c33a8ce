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
  const stem = last.slice(0, last.indexOf('.') === -1 ? undefined : last.indexOf('.'));
  const isInit = stem === '__init__';
  if (!isInit) parts.push(stem);
  return { name: parts.join('.'), isInit };
}

/** A path segment that Python can import (`my-script` and `2fa` cannot be). */
export function isIdentifier(part: string): boolean {
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(part);
}
