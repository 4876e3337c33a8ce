import fs from 'node:fs';

/**
 * Writes a file atomically: a temporary file beside it, then a rename, so a reader (or a second run)
 * sees the old content or the new, never half. An existing file keeps its permissions.
 */
export function writeAtomic(file: string, data: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.writeFileSync(temporary, data);
    const mode = fs.statSync(file, { throwIfNoEntry: false })?.mode;
    if (mode !== undefined) fs.chmodSync(temporary, mode & 0o7777);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
