/** `preflight explain NAME|MODULE|FILE:LINE [path]`: what the project knows about a name, a module or a finding's location. */
import { checkAsync, explain } from '@preflight/python';
import { readConfig } from '../config/read-config.js';
import { folderOf } from '../check-options.js';
import { ExitCode, UsageError } from '../exit-code.js';
import type { Io } from '../io.js';

export async function runExplain(argv: string[], io: Io): Promise<ExitCode> {
  const [query, folder] = argv.filter((a) => !a.startsWith('--'));
  if (!query) throw new UsageError('explain needs a name, a module or a location: preflight explain NAME|MODULE|FILE:LINE [path]');
  const root = folderOf(io, folder);
  const config = readConfig(root);
  const result = await checkAsync({
    root, roots: config.roots ?? [], exclude: config.exclude ?? [], env: io.env,
    ...(config.python ? { python: config.python } : {}), ...(config.entrypoints ? { entrypoints: config.entrypoints } : {}),
  });
  io.stdout(explain(result, query));
  return ExitCode.Clean;
}
