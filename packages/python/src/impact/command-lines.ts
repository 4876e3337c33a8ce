/**
 * What a command line starts, for the servers and runners Python backends use: `uvicorn|gunicorn|
 * hypercorn|daphne module:app` (`--app-dir`, `--chdir`), `celery -A app worker|beat`, `python -m pkg`,
 * `python script.py`, `python manage.py ...`, behind `cd DIR &&`, `exec`, env assignments, `sh -c "..."`
 * and virtualenv paths (`/srv/app/.venv/bin/uvicorn`).
 */
export interface StartedProgram {
  /** `uvicorn main:app`, `celery -A celery_app worker`, `python -m app`, `python manage.py runserver`. */
  name: string;
  /** The module it imports first (`main`), or the script it runs (`manage.py`). */
  module?: string;
  script?: string;
  /** Scripts the tool looks for when none is given (`fastapi run`: main.py, app/main.py, ...), first found wins. */
  defaultScripts?: string[];
  /** The folder the command changes into (`cd`, `--chdir`, `--app-dir`). */
  workdir?: string;
  /** A server (handles requests), a worker (Celery), or a script that runs and exits. */
  role?: 'server' | 'worker' | 'script';
  /** Variables set on the command line (`DJANGO_SETTINGS_MODULE=config.settings gunicorn ...`). */
  env?: Record<string, string>;
  /** A shell script it runs (`sh start.sh`, `./bin/start`): its own command lines are read in turn. */
  shellScript?: string;
}

const SERVERS = new Set(['uvicorn', 'gunicorn', 'hypercorn', 'daphne']);
/** Options of the servers and of celery that take a value (the value is not the app). */
const VALUE_OPTIONS = new Set([
  '-b', '--bind', '-w', '--workers', '-k', '--worker-class', '-c', '--config', '--host', '--port', '--log-level', '--timeout', '-t',
  '--threads', '--root-path', '--env-file', '--log-config', '--access-logfile', '--error-logfile', '--name', '-n', '-u', '--user', '-g', '--group',
  '--reload-dir', '--uds', '--fd', '--loop', '--http', '--ws', '--lifespan', '--factory', '-Q', '--queues', '-l', '--loglevel', '-P', '--pool',
  '--concurrency', '--hostname', '-s', '--schedule', '--pidfile', '--logfile', '-p', '--app', '--proxy-headers',
]);

/** What a shell carries from one line of a script to the next: the folder and the exported variables. */
export interface ShellState {
  workdir?: string;
  exported: Record<string, string>;
}

export function parseCommandLine(command: string, state: ShellState = { exported: {} }): StartedProgram[] {
  const programs: StartedProgram[] = [];
  // A template (cookiecutter, Jinja: `gunicorn {{ project_name }}.wsgi`) names no module yet.
  if (/\{\{|\{%/.test(command)) return programs;
  const exported = state.exported;
  for (const words of splitCommands(shellWords(command))) {
    const env: Record<string, string> = {};
    if (words[0] === 'export') words.shift();
    while (words.length > 0 && (/^\w+=/.test(words[0]!) || words[0] === 'exec' || words[0] === 'env')) {
      const assignment = /^(\w+)=(.*)$/s.exec(words.shift()!);
      if (assignment) env[assignment[1]!] = assignment[2]!;
    }
    if (words.length === 0) {
      // `export X=1` or `X=1` alone: set for the commands that follow.
      Object.assign(exported, env);
      continue;
    }
    Object.assign(env, { ...exported, ...env });
    const tool = words[0]!.split('/').pop()!;
    if (tool === 'cd' && words[1]) {
      state.workdir = words[1];
      continue;
    }
    if ((tool === 'sh' || tool === 'bash') && words[1] === '-c' && words[2]) {
      programs.push(...parseCommandLine(words[2], { ...state, exported: { ...exported } }));
      continue;
    }
    const program = recognise(tool, words.slice(1), words[0]!);
    if (!program) continue;
    if (state.workdir && !program.workdir) program.workdir = state.workdir;
    if (Object.keys(env).length > 0) program.env = { ...env, ...program.env };
    programs.push(program);
  }
  return programs;
}

function recognise(tool: string, args: string[], word: string): StartedProgram | undefined {
  // `./manage.py runserver`: an executable Python script, as if run by `python`.
  if (tool.endsWith('.py')) return recognise('python', [word, ...args], 'python');
  // A shell script, run by its path or through a shell: `./start.sh`, `sh scripts/start.sh`, `/app/entrypoint.sh`.
  if ((tool === 'sh' || tool === 'bash') && args[0] && !args[0].startsWith('-')) return { name: `${tool} ${args[0]}`, shellScript: args[0] };
  if (tool.endsWith('.sh') || (word.includes('/') && !/(?:^|\/)(?:python[\d.]*|uvicorn|gunicorn|hypercorn|daphne|celery|fastapi|flask)$/.test(word))) {
    return { name: word, shellScript: word };
  }
  if (SERVERS.has(tool)) {
    let workdir: string | undefined;
    let app: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
      if (flag === '--app-dir' || flag === '--chdir') {
        workdir = inline ?? args[++i];
      } else if (arg.startsWith('-')) {
        if (VALUE_OPTIONS.has(flag) && inline === undefined) i++;
      } else if (!app && /^[A-Za-z_][\w.]*(?::[A-Za-z_][\w.]*(?:\(.*\))?)?$/.test(arg)) {
        app = arg;
      }
    }
    if (!app) return undefined;
    return { name: `${tool} ${app}`, module: app.split(':')[0]!, role: 'server', ...(workdir ? { workdir } : {}) };
  }
  if (tool === 'celery') {
    let app: string | undefined;
    let subcommand: string | undefined;
    let workdir: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
      if (flag === '-A' || flag === '--app') app = inline ?? args[++i];
      else if (flag === '--workdir') workdir = inline ?? args[++i];
      else if (arg.startsWith('-A') && arg.length > 2) app = arg.slice(2);
      else if (arg.startsWith('-')) {
        if (VALUE_OPTIONS.has(flag) && inline === undefined) i++;
      } else subcommand ??= arg;
    }
    if (!app) return undefined;
    return { name: `celery -A ${app}${subcommand ? ` ${subcommand}` : ''}`, module: app.split(':')[0]!, role: 'worker', ...(workdir ? { workdir } : {}) };
  }
  if ((tool === 'fastapi' || tool === 'flask') && (args[0] === 'run' || args[0] === 'dev')) {
    // `fastapi run app/main.py`: the path (or module) is the app's module.
    const target = args.slice(1).find((a, i, rest) => !a.startsWith('-') && !VALUE_OPTIONS.has(rest[i - 1] ?? '') && !/^\d+$/.test(a));
    if (target?.endsWith('.py')) return { name: `${tool} ${args[0]} ${target}`, script: target, role: 'server' };
    if (target && /^[A-Za-z_][\w.]*$/.test(target)) return { name: `${tool} ${args[0]} ${target}`, module: target, role: 'server' };
    // FastAPI's CLI discovers the app itself (its documented search order).
    if (tool === 'fastapi') return { name: `fastapi ${args[0]}`, defaultScripts: ['main.py', 'app.py', 'api.py', 'app/main.py', 'app/app.py', 'app/api.py'], role: 'server' };
    return undefined;
  }
  if (/^python(?:\d(?:\.\d+)?)?$/.test(tool)) {
    const rest = args.filter((a) => !/^-[BOuISEsq]+$/.test(a));
    if (rest[0] === '-m' && rest[1]) return { name: `python -m ${rest[1]}`, module: rest[1], role: 'script' };
    if (rest[0]?.endsWith('.py')) {
      const manage = rest[0].endsWith('manage.py');
      // `manage.py runserver` serves requests; other management commands run and exit.
      const role = manage && (rest[1] === 'runserver' || rest[1] === 'runserver_plus') ? 'server' : 'script';
      return { name: `python ${rest.slice(0, manage ? 2 : 1).join(' ')}`, script: rest[0], role };
    }
  }
  return undefined;
}

/** Separators between commands, as shellWords marks them (never confused with quoted text). */
const SEPARATOR = '\u0000';

function splitCommands(words: string[]): string[][] {
  const commands: string[][] = [[]];
  for (const word of words) {
    if (word === SEPARATOR) commands.push([]);
    else commands[commands.length - 1]!.push(word);
  }
  return commands;
}

/** Splits a command line the way a POSIX shell splits words (quotes, backslashes); `&&`, `||`, `;` separate commands. */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  let has = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      has = true;
    } else if (/\s/.test(c) || c === ';' || ((c === '&' || c === '|') && text[i + 1] === c)) {
      if (has || current) words.push(current);
      current = '';
      has = false;
      if (!/\s/.test(c)) {
        words.push(SEPARATOR);
        if (c !== ';') i++;
      }
    } else {
      current += c;
    }
  }
  if (has || current) words.push(current);
  return words;
}
