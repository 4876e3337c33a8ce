/** The cache folder: created when missing, with a `.gitignore` that ignores it (like `.ruff_cache`). */
import fs from 'node:fs';
import path from 'node:path';

/** Creates `dir` if needed; a folder preflight creates gets a .gitignore, a folder the user made is theirs. Throws like mkdir. */
export function ensureCacheDir(dir: string): void {
  if (fs.mkdirSync(dir, { recursive: true }) !== undefined) {
    fs.writeFileSync(path.join(dir, '.gitignore'), '# Created by preflight: its cache, not for version control.\n*\n');
  }
}
