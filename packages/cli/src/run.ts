/** argv → command → exit code. The only place that maps errors to exit codes and messages. */
import { VERSION } from '@preflight/core/version';
import { ExitCode, UsageError } from './exit-code.js';
import { processIo, type Io } from './io.js';

const help = (checkOptions: string) => `preflight ${VERSION}: finds the Python imports that would crash your services, without running them.

Usage:
  preflight check [path] [options]   analyse a project (see preflight check --help)
  preflight explain NAME|MODULE [path]
                                     where it is defined, who imports it, which services reach it
  preflight explain FILE:LINE [path] why each finding there is an error: exception, when, service, fix
  preflight init [path]              write a starter configuration with the detected roots and entry points
  preflight hook [file...]           the pre-commit hook: findings in these files and those they cause elsewhere
  preflight graph [path] [options]   the module graph as DOT, Mermaid, JSON, GEXF or GraphML (see --help)
  preflight explore [path]           browse findings, modules, cycles and entry points in the terminal
  preflight server [--stdio]         the language server (LSP on stdin/stdout): findings as you type
  preflight rule [id]                list the rules, or show one rule's documentation
  preflight --version

${checkOptions}`;

export function run(argv: readonly string[], io: Io = processIo()): ExitCode | Promise<ExitCode> {
  const debug = argv.includes('--debug');
  try {
    const code = dispatch(argv, io);
    // Commands that check are asynchronous (worker threads): their errors arrive as rejections.
    return typeof code === 'number' ? code : code.catch((error: unknown) => report(error, io, debug));
  } catch (error) {
    return report(error, io, debug);
  }
}

/** Each command's module is loaded only when it runs: `--version` loads nothing, `check` no Ink, no graph formats. */
function dispatch(argv: readonly string[], io: Io): ExitCode | Promise<ExitCode> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return import('./commands/check.js').then((m) => m.runCheck(rest, io));
    case 'rule':
    case 'rules':
      return import('./commands/rule.js').then((m) => m.runRule(rest, io));
    case 'explain':
      return import('./commands/explain.js').then((m) => m.runExplain(rest, io));
    case 'init':
      return import('./commands/init.js').then((m) => m.runInit(rest, io));
    case 'hook':
      return import('./commands/hook.js').then((m) => m.runHook(rest, io));
    case 'graph':
      return import('./commands/graph.js').then((m) => m.runGraph(rest, io));
    case 'explore':
      return import('./commands/explore.js').then((m) => m.runExplore(rest, io));
    case 'server':
      return import('./commands/server.js').then((m) => m.runServer(rest, io));
    case '--version':
    case '-V':
      io.stdout(`preflight ${VERSION}\n`);
      return ExitCode.Clean;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      return import('./commands/check.js').then((m) => {
        io.stdout(`${help(m.CHECK_OPTIONS)}\n`);
        return command === undefined ? ExitCode.UsageOrInternalError : ExitCode.Clean;
      });
    default:
      throw new UsageError(`unknown command \`${command}\` (try: preflight check)`);
  }
}

/** A usage error is one line and exit 2; anything else is an internal error (stack with --debug). */
function report(error: unknown, io: Io, debug: boolean): ExitCode {
  if (error instanceof UsageError || isParseArgsError(error)) {
    io.stderr(`preflight: error: ${(error as Error).message}\n`);
    return ExitCode.UsageOrInternalError;
  }
  io.stderr(`preflight: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  else io.stderr('preflight: run again with --debug for the stack trace, and please report it\n');
  return ExitCode.UsageOrInternalError;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
