/* eslint-disable @typescript-eslint/no-explicit-any -- TOML documents are untyped data */
/**
 * The project's entry points: what each service imports first, found without configuration in its
 * service files (see service-files.ts) and in `[project.scripts]` / setup.cfg `console_scripts`, or set
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
import { parseCommandLine, type StartedProgram } from './command-lines.js';
import { readServiceCommands, type ServiceCommand } from './service-files.js';

export interface ResolvedEntryPoint extends EntryPoint {
  /** Project modules that run when the service starts (its module, and e.g. Django's settings). */
  modules: string[];
}

export function findEntryPoints(root: string, project: Project, serviceFiles: readonly string[], configured: readonly string[] = []): ResolvedEntryPoint[] {
  const found: ResolvedEntryPoint[] = [];
  const add = (program: StartedProgram, command: Pick<ServiceCommand, 'source' | 'service' | 'workdir'>, fileDir: string) => {
    const workdir = matchFolder(project, program.workdir ?? command.workdir, fileDir);
    const modules = startedModules(root, project, program, workdir);
    if (modules.length === 0) return;
    found.push({ name: program.name, module: modules[0]!, source: command.source, ...(command.service ? { service: command.service } : {}), modules });
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
    add({ name: script.name, module: script.module }, { source: script.source }, '');
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

function startedModules(root: string, project: Project, program: StartedProgram, workdir: string): string[] {
  const searchPath = new SearchPath(project.index, [workdir, ...project.roots.filter((r) => r.scope === '').map((r) => r.dir)]);
  const moduleOf = (dotted: string) => {
    const lookup = searchPath.resolve(dotted);
    const file = lookup.status === 'found' ? lookup.module.file : undefined;
    return file ? project.moduleOfFile(file)?.name : undefined;
  };
  if (program.module) {
    const own = moduleOf(program.module);
    if (!own) return [];
    const main = program.name.startsWith('python -m') ? moduleOf(`${program.module}.__main__`) : undefined;
    const modules = main ? [own, main] : [own];
    if (program.name.startsWith('celery ')) {
      // The worker imports the task modules the app names: Celery(include=[...]), imports = (...),
      // autodiscover_tasks([...]) (each package's `tasks` module). Read from the app module's text.
      const file = project.modulesByName(own)[0]?.file;
      const text = file ? readTextFile(path.join(root, file)) ?? '' : '';
      const named = [...text.matchAll(/\b(?:include|imports)\s*=\s*[[(]([^\])]*)[\])]/g)].flatMap((m) => strings(m[1]!));
      const discovered = [...text.matchAll(/autodiscover_tasks\s*\(\s*\[([^\]]*)\]/g)].flatMap((m) => strings(m[1]!).map((p) => `${p}.tasks`));
      for (const dotted of [...named, ...discovered]) {
        const module = moduleOf(dotted);
        if (module && !modules.includes(module)) modules.push(module);
      }
    }
    return modules;
  }
  const inWorkdir = (file: string) => path.posix.normalize(workdir ? `${workdir}/${file}` : file);
  const script = program.script ? inWorkdir(program.script) : program.defaultScripts?.map(inWorkdir).find((f) => project.moduleOfFile(f));
  const module = script ? project.moduleOfFile(script) : undefined;
  if (!module) return [];
  const modules = [module.name];
  if (script!.endsWith('manage.py')) {
    // Django imports the settings module at startup (django.setup()).
    const text = readTextFile(path.join(root, script!));
    const settings = /DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+)["']/.exec(text ?? '')?.[1];
    const settingsModule = settings ? moduleOf(settings) : undefined;
    if (settingsModule) modules.push(settingsModule);
  }
  return modules;
}

/** `[project.scripts]` and setup.cfg `console_scripts`: `name = "module:function"`. */
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
  return scripts;
}

function strings(list: string): string[] {
  return [...list.matchAll(/["']([\w.]+)["']/g)].map((m) => m[1]!);
}

