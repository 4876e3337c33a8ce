/** `preflight check [path]`: analyse a project and print its findings; the exit code says whether any is an error. */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { check } from '@preflight/python';
import { formatJson, formatText, FORMATS, type Format } from '@preflight/reporters';
import { readPyprojectConfig } from '../config/read-pyproject.js';
import { ExitCode, UsageError } from '../exit-code.js';
import type { Io } from '../io.js';

export const CHECK_OPTIONS = `Options:
  --format <text|json>    output format (default: text)
  --root <dir>            a source root (sys.path entry), relative to path; repeatable; replaces inference
  --exclude <pattern>     gitignore-style pattern of files to skip; repeatable
  --show-guarded          also list findings at guarded imports (try/except ImportError, TYPE_CHECKING)
  --no-gitignore          do not honour .gitignore files
  --color / --no-color    force colour on or off (default: on for a terminal, off with NO_COLOR)
  --debug                 show stack traces of internal errors

Configuration: [tool.preflight] in path/pyproject.toml (roots, exclude, show-guarded, respect-gitignore).
Exit codes: 0 no errors, 1 errors found, 2 usage or internal error.`;

const CHECK_HELP = `Usage: preflight check [path] [options]

Finds every import that would fail at run time, without running anything.

${CHECK_OPTIONS}`;

export function runCheck(argv: string[], io: Io): ExitCode {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      root: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      'show-guarded': { type: 'boolean' },
      'no-gitignore': { type: 'boolean' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      debug: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(`${CHECK_HELP}\n`);
    return ExitCode.Clean;
  }
  if (positionals.length > 1) throw new UsageError(`check takes one path, got ${positionals.length}: ${positionals.join(' ')}`);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format \`${values.format}\` (expected one of: ${FORMATS.join(', ')})`);
  const root = path.resolve(io.cwd, positionals[0] ?? '.');
  if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`not a folder: ${positionals[0] ?? '.'}`);

  const config = readPyprojectConfig(root);
  const roots = (values.root ?? config.roots ?? []).map((r) => normaliseRoot(root, r));
  const { report } = check({
    root,
    roots,
    exclude: [...(config.exclude ?? []), ...(values.exclude ?? [])],
    respectGitignore: values['no-gitignore'] ? false : (config.respectGitignore ?? true),
    includeGuarded: values['show-guarded'] ?? config.showGuarded ?? false,
  });

  if (format === 'json') {
    io.stdout(formatJson(report));
  } else {
    const color = values['no-color'] ? false : values.color ? true : io.isTty && !io.env.NO_COLOR;
    io.stdout(formatText(report, { color, sourceLine: sourceLines(root) }));
  }
  for (const notice of report.notices) io.stderr(`preflight: note: ${notice}\n`);
  return report.summary.errors > 0 ? ExitCode.Findings : ExitCode.Clean;
}

function normaliseRoot(root: string, dir: string): string {
  const rel = path.relative(root, path.resolve(root, dir)).split(path.sep).join('/');
  if (rel.startsWith('..')) throw new UsageError(`source root ${dir} is outside ${root}`);
  return rel;
}

/** Reads each file once, only for the lines findings point at. */
function sourceLines(root: string): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (file, line) => {
    if (!cache.has(file)) {
      try {
        cache.set(file, fs.readFileSync(path.join(root, file), 'utf8').split(/\r\n|\r|\n/));
      } catch {
        cache.set(file, undefined);
      }
    }
    return cache.get(file)?.[line - 1];
  };
}
