/** The interpreter the project runs on: which `sys.version_info` and `sys.platform` conditions hold. */
export type Platform = 'linux' | 'darwin' | 'win32';

export interface Target {
  version: readonly [number, number];
  platform: Platform;
}

/** The newest Python this release knows; the default target when nothing says otherwise. */
export const DEFAULT_PYTHON_VERSION: readonly [number, number] = [3, 13];
export const SUPPORTED_VERSIONS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14'] as const;
export const PLATFORMS: readonly Platform[] = ['linux', 'darwin', 'win32'];

export function parseVersion(text: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function formatVersion(version: readonly [number, number]): string {
  return `${version[0]}.${version[1]}`;
}
