/**
 * The command lines that start a project's services, read from where deployments write them:
 * supervisor `[program:x]` `command=` (with `directory=`), Procfile `name: command`, Dockerfile
 * `CMD`/`ENTRYPOINT` (exec and shell form, with `WORKDIR`), docker-compose `command:` (with
 * `working_dir:`), systemd `ExecStart=` (with `WorkingDirectory=`). Read as text; nothing runs.
 */
import path from 'node:path';

export interface ServiceCommand {
  /** The command line, as one string. */
  command: string;
  /** The service's name where the file gives one (supervisor program, Procfile process, compose service, unit). */
  service?: string;
  /** The working directory the file gives (a deploy path: matched to a project folder later). */
  workdir?: string;
  /** `file:line`. */
  source: string;
}

export function readServiceCommands(file: string, text: string): ServiceCommand[] {
  const base = path.posix.basename(file);
  const lines = text.split(/\r?\n/);
  if (base.startsWith('Procfile')) return procfile(file, lines);
  if (base.startsWith('Dockerfile') || base.endsWith('.dockerfile')) return dockerfile(file, lines);
  if (/compose[^/]*\.ya?ml$/.test(base)) return compose(file, lines);
  if (base.endsWith('.service')) return systemd(file, lines, base.replace(/\.service$/, ''));
  if (base.endsWith('.conf')) return supervisor(file, lines);
  return [];
}

function procfile(file: string, lines: string[]): ServiceCommand[] {
  const out: ServiceCommand[] = [];
  lines.forEach((line, i) => {
    const m = /^([\w-]+)\s*:\s*(.+)$/.exec(line.trim());
    if (m) out.push({ command: m[2]!, service: m[1]!, source: `${file}:${i + 1}` });
  });
  return out;
}

function supervisor(file: string, lines: string[]): ServiceCommand[] {
  const out: ServiceCommand[] = [];
  let program: string | undefined;
  let directory: string | undefined;
  let pending: ServiceCommand | undefined;
  const flush = () => {
    if (pending) out.push({ ...pending, ...(directory ? { workdir: directory } : {}) });
    pending = undefined;
  };
  lines.forEach((line, i) => {
    const header = /^\s*\[program:([^\]]+)\]/.exec(line);
    if (header) {
      flush();
      program = header[1]!.trim();
      directory = undefined;
      return;
    }
    if (/^\s*\[/.test(line)) {
      flush();
      program = undefined;
      return;
    }
    if (!program) return;
    const kv = /^\s*(command|directory)\s*=\s*(.+)$/.exec(line);
    if (kv?.[1] === 'directory') directory = kv[2]!.trim();
    else if (kv?.[1] === 'command') pending = { command: kv[2]!.trim(), service: program, source: `${file}:${i + 1}` };
  });
  flush();
  return out;
}

function dockerfile(file: string, lines: string[]): ServiceCommand[] {
  const out: ServiceCommand[] = [];
  let workdir: string | undefined;
  let entrypoint = '';
  lines.forEach((line, i) => {
    const m = /^\s*(WORKDIR|CMD|ENTRYPOINT)\s+(.+)$/i.exec(line);
    if (!m) return;
    const value = m[2]!.trim();
    const command = value.startsWith('[') ? jsonArray(value).join(' ') : value;
    const keyword = m[1]!.toUpperCase();
    if (keyword === 'WORKDIR') workdir = value;
    else if (keyword === 'ENTRYPOINT') entrypoint = command;
    else out.push({ command: `${entrypoint} ${command}`.trim(), source: `${file}:${i + 1}`, ...(workdir ? { workdir } : {}) });
  });
  return out;
}

function compose(file: string, lines: string[]): ServiceCommand[] {
  const out: ServiceCommand[] = [];
  let servicesIndent = -1;
  let service: { name: string; indent: number; workdir?: string; commands: ServiceCommand[] } | undefined;
  const flush = () => {
    if (service) for (const c of service.commands) out.push({ ...c, ...(service.workdir ? { workdir: service.workdir } : {}) });
    service = undefined;
  };
  lines.forEach((line, i) => {
    if (!line.trim() || line.trim().startsWith('#')) return;
    const indent = line.length - line.trimStart().length;
    const key = /^\s*([\w.-]+)\s*:\s*(.*)$/.exec(line);
    if (key?.[1] === 'services' && indent === 0) {
      servicesIndent = 0;
      return;
    }
    if (servicesIndent < 0) return;
    if (indent === 0) {
      flush();
      servicesIndent = -1;
      return;
    }
    if (key && (!service || indent <= service.indent)) {
      flush();
      service = { name: key[1]!, indent, commands: [] };
      return;
    }
    if (!service || !key) return;
    const value = key[2]!.trim().replace(/^["']|["']$/g, '');
    if (key[1] === 'working_dir') service.workdir = value;
    if (key[1] === 'command' && value) {
      const command = value.startsWith('[') ? jsonArray(value).join(' ') : value;
      service.commands.push({ command, service: service.name, source: `${file}:${i + 1}` });
    }
  });
  flush();
  return out;
}

function systemd(file: string, lines: string[], unit: string): ServiceCommand[] {
  let workdir: string | undefined;
  const commands: ServiceCommand[] = [];
  lines.forEach((line, i) => {
    const m = /^\s*(ExecStart|WorkingDirectory)\s*=\s*-?(.+)$/.exec(line);
    if (m?.[1] === 'WorkingDirectory') workdir = m[2]!.trim();
    else if (m) commands.push({ command: m[2]!.trim(), service: unit, source: `${file}:${i + 1}` });
  });
  return commands.map((c) => ({ ...c, ...(workdir ? { workdir } : {}) }));
}

function jsonArray(text: string): string[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}
