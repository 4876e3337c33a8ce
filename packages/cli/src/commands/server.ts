/**
 * `preflight server [--stdio]`: the language server, on stdin and stdout (the only transport; `--stdio`
 * is accepted because clients pass it). The workspace's `[tool.preflight]` configures it as it does
 * `check`, and is read again when it changes.
 */
import { checkOptionsFrom, policyFrom } from '../check-options.js';
import { configFilesOf, readConfig } from '../config/read-config.js';
import { ExitCode, UsageError } from '../exit-code.js';
import type { Io } from '../io.js';
import { applyPolicy } from '../policy.js';

const USAGE = `Usage: preflight server [--stdio]

The language server: the findings of the workspace's first folder as diagnostics, from the editor's
unsaved buffers, with quick fixes and hover, over the Language Server Protocol on stdin and stdout.
Configured by [tool.preflight] as check is. Editor settings (VS Code, Neovim, Helix): see README.
`;

export async function runServer(argv: string[], io: Io): Promise<ExitCode> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(USAGE);
    return ExitCode.Clean;
  }
  const unknown = argv.filter((a) => a !== '--stdio');
  if (unknown.length > 0) throw new UsageError(`server takes no argument but --stdio, not \`${unknown[0]}\``);
  const { startServer } = await import('@preflight/server');
  await new Promise<void>((resolve) => {
    process.stdin.on('close', resolve);
    startServer({
      configure: (root) => {
        const config = readConfig(root);
        const policy = policyFrom(config);
        return { options: checkOptionsFrom(root, config, {}, io), filter: (report) => applyPolicy(report, policy) };
      },
      configurationFiles: configFilesOf,
    });
  });
  return ExitCode.Clean;
}
