/* eslint-disable @typescript-eslint/no-explicit-any -- TOML documents are untyped data */
/**
 * The project's entry points: what each service imports first, found without configuration in its
 * service files (see service-files.ts) and in `[project.scripts]` / setup.cfg / setup.py `console_scripts`, or set
 * in `[tool.preflight] entrypoints`. Deploy paths (`/var/www/app/backend`) are matched to project folders
 * by their longest existing suffix. `python manage.py` also starts Django's settings module.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readTextFile } from '@preflight/core';
import type { EntryPoint } from '@preflight/core';
import { parse as parseToml } from 'smol-toml';
import type { Project } from '../project/project.js';
import { SearchPath } from '../project/search-path.js';
import type { ProjectModule } from '../project/project.js';
import type { ModuleResolver } from '../resolve/resolve-module.js';
import {
  celeryImportsTaskModules, celeryTaskModules, djangoPhases, djangoSettingsModuleName, djangoStartup, installedApps, projectModule, settingsWithBase, type FrameworkStartup,
} from './framework-startup.js';
import { parseCommandLine, type ShellState, type StartedProgram } from './command-lines.js';
import { readServiceCommands, type ServiceCommand } from './service-files.js';

export interface ResolvedEntryPoint extends EntryPoint, FrameworkStartup {
  /** A server (its start builds the request handler), a worker, or a script. */
  role: 'server' | 'worker' | 'script';
}

export function findEntryPoints(
  root: string, project: Project, resolver: ModuleResolver, serviceFiles: readonly string[], configured: readonly string[] = [],
): ResolvedEntryPoint[] {
  const found: ResolvedEntryPoint[] = [];
  const scriptsRead = new Set<string>();
  const add = (program: StartedProgram, command: Pick<ServiceCommand, 'source' | 'service' | 'workdir'>, fileDir: string) => {
    const workdir = matchFolder(project, program.workdir ?? command.workdir, fileDir);
    if (program.shellScript) {
      // The script's own commands, as if they were written in the service file (each script read once).
      const script = findScript(root, program.shellScript, workdir);
      if (!script || scriptsRead.has(script)) return;
      scriptsRead.add(script);
      const shell: ShellState = { exported: { ...program.env } };
      for (const line of readScriptCommands(root, script)) {
        for (const inner of parseCommandLine(line.command, shell)) {
          const env = { ...program.env, ...inner.env };
          // A script runs in its caller's folder, not its own.
          add({ ...inner, ...(Object.keys(env).length ? { env } : {}) }, { source: `${script}:${line.line}`, ...(command.service ? { service: command.service } : {}) }, workdir);
        }
      }
      return;
    }
    const started = startedModules(project, resolver, program, workdir);
    if (started.modules.length === 0) return;
    found.push({
      name: program.name, module: started.modules[0]!, source: command.source, ...(command.service ? { service: command.service } : {}),
      role: program.role ?? 'script', ...started,
    });
  };
  for (const spec of configured) {
    for (const program of parseCommandLine(spec.includes(' ') ? spec : `python -m ${spec}`)) add(program, { source: 'pyproject.toml [tool.preflight] entrypoints' }, '');
  }
  for (const file of serviceFiles) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(root, file), 'utf8');
    } catch {
      continue;
    }
    const fileDir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    for (const command of readServiceCommands(file, text)) for (const program of parseCommandLine(command.command)) add(program, command, fileDir);
  }
  for (const script of consoleScripts(root)) {
    add({ name: script.name, module: script.module, role: 'script' }, { source: script.source }, '');
  }
  // One entry per (name, module): the same command in a Procfile and a compose file is one service.
  const unique = new Map<string, ResolvedEntryPoint>();
  for (const entry of found) if (!unique.has(`${entry.name}\0${entry.module}`)) unique.set(`${entry.name}\0${entry.module}`, entry);
  return [...unique.values()];
}

/** A deploy path or a relative `cd` target → the project folder it is ('' when none matches). */
function matchFolder(project: Project, dir: string | undefined, fileDir: string): string {
  if (!dir) return fileDir;
  const parts = dir.replace(/\\/g, '/').split('/').filter((p) => p && p !== '.');
  if (!dir.startsWith('/')) {
    const joined = path.posix.normalize([fileDir, ...parts].filter(Boolean).join('/'));
    if (joined === '.' || project.index.folder(joined)) return joined === '.' ? '' : joined;
  }
  for (let i = 0; i < parts.length; i++) {
    const candidate = parts.slice(i).join('/');
    if (project.index.folder(candidate)?.hasPython) return candidate;
  }
  return fileDir;
}

function startedModules(project: Project, resolver: ModuleResolver, program: StartedProgram, workdir: string): FrameworkStartup {
  const searchPath = new SearchPath(project.index, [workdir, ...project.roots.filter((r) => r.scope === '').map((r) => r.dir)]);
  const moduleOf = (dotted: string) => {
    const lookup = searchPath.resolve(dotted);
    const file = lookup.status === 'found' ? lookup.module.file : undefined;
    return file ? project.moduleOfFile(file) : undefined;
  };
  let first: ProjectModule | undefined;
  const modules: string[] = [];
  if (program.module) {
    first = moduleOf(program.module);
    if (!first) return { modules: [], functions: [] };
    modules.push(first.name);
    const main = program.name.startsWith('python -m') ? moduleOf(`${program.module}.__main__`) : undefined;
    if (main) modules.push(main.name);
  } else {
    const inWorkdir = (file: string) => path.posix.normalize(workdir ? `${workdir}/${file}` : file);
    const script = program.script ? inWorkdir(program.script) : program.defaultScripts?.map(inWorkdir).find((f) => project.moduleOfFile(f));
    first = script ? project.moduleOfFile(script) : undefined;
    if (!first) return { modules: [], functions: [] };
    modules.push(first.name);
  }
  // `celery -A proj`: Celery looks for the app in `proj`, then in `proj.celery` (its documented search).
  if (program.role === 'worker' && !first.facts.frameworkCalls?.some((c) => c.callee === 'Celery')) {
    const celeryModule = moduleOf(`${program.module}.celery`);
    if (celeryModule) {
      first = celeryModule;
      if (!modules.includes(celeryModule.name)) modules.push(celeryModule.name);
    }
  }
  // Django starts when the command sets DJANGO_SETTINGS_MODULE or its app module does (manage.py,
  // wsgi.py, asgi.py, a Celery app module).
  const settingsName = program.env?.DJANGO_SETTINGS_MODULE ?? djangoSettingsModuleName(first.facts);
  const settingsModule = settingsName ? projectModule(resolver, first, settingsName) : undefined;
  const settings = settingsModule ? project.modulesByName(settingsModule)[0] : undefined;
  const django = settings ? djangoStartup(resolver, settings, djangoPhases(program)) : { modules: [], functions: [] };
  const tasks = celeryImportsTaskModules(program)
    ? celeryTaskModules(resolver, first, settings ? installedApps(resolver, settings, settingsWithBase(resolver, settings)) : [])
    : [];
  for (const name of [...django.modules, ...tasks]) if (!modules.includes(name)) modules.push(name);
  return { modules, functions: django.functions };
}

/** `[project.scripts]`, setup.cfg `console_scripts` and setup.py's literal `console_scripts` list (read, never run): `name = "module:function"`. */
function consoleScripts(root: string): { name: string; module: string; source: string }[] {
  const scripts: { name: string; module: string; source: string }[] = [];
  const pyproject = readTextFile(path.join(root, 'pyproject.toml'));
  if (pyproject) {
    try {
      const toml = parseToml(pyproject) as Record<string, any>;
      for (const [name, target] of Object.entries(toml.project?.scripts ?? {})) {
        if (typeof target === 'string') scripts.push({ name, module: target.split(':')[0]!.trim(), source: 'pyproject.toml [project.scripts]' });
      }
    } catch {
      // Reported by the dependency reader.
    }
  }
  const cfg = readTextFile(path.join(root, 'setup.cfg'));
  const block = /console_scripts\s*=\s*\n((?:[ \t]+.+\n?)+)/.exec(cfg ?? '')?.[1] ?? '';
  for (const m of block.matchAll(/^\s*([\w.-]+)\s*=\s*([\w.]+)\s*:/gm)) scripts.push({ name: m[1]!, module: m[2]!, source: 'setup.cfg console_scripts' });
  const setupPy = readTextFile(path.join(root, 'setup.py'));
  const list = /['"]console_scripts['"]\s*:\s*\[([^\]]*)\]/.exec(setupPy ?? '')?.[1] ?? '';
  for (const m of list.matchAll(/['"]\s*([\w.-]+)\s*=\s*([\w.]+)\s*:[\w.]+\s*['"]/g)) scripts.push({ name: m[1]!, module: m[2]!, source: 'setup.py console_scripts' });
  return scripts;
}

/** A shell script named by a service file: relative to the command's folder, else by the longest suffix of its deploy path. */
function findScript(root: string, script: string, workdir: string): string | undefined {
  const parts = script.split('/').filter((p) => p && p !== '.');
  const candidates = script.startsWith('/') ? parts.map((_, i) => parts.slice(i).join('/')) : [path.posix.normalize([workdir, ...parts].filter(Boolean).join('/')), parts.join('/')];
  return candidates.find((c) => !c.startsWith('..') && fs.statSync(path.join(root, c), { throwIfNoEntry: false })?.isFile());
}

/** A shell script's command lines (comments dropped, `\` continuations joined), with their line numbers. */
function readScriptCommands(root: string, script: string): { line: number; command: string }[] {
  const text = readTextFile(path.join(root, script));
  if (!text || text.includes('\0')) return [];
  const commands: { line: number; command: string }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let command = lines[i]!;
    while (command.endsWith('\\') && i + 1 < lines.length) command = command.slice(0, -1) + lines[++i];
    if (command.trim() && !command.trim().startsWith('#')) commands.push({ line: start + 1, command });
  }
  return commands;
}

