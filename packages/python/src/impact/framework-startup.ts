/**
 * What Django and Celery import when they start, read from the project's settings and calls (measured
 * with Django 3.2 and Celery 5.2, see fixtures/django-startup/README.md):
 * - `django.setup()`: the settings module, LOGGING's handler/filter/formatter classes, every INSTALLED_APPS
 *   entry with its `apps` and `models` modules, each AppConfig's `ready()` (and, through the admin's
 *   `ready()`, every app's `admin` module when `django.contrib.admin` is installed);
 * - building the WSGI/ASGI handler (a server's start, `runserver`): the MIDDLEWARE classes;
 * - the system checks (`manage.py` commands from the command line, and a Celery worker's Django fixup):
 *   ROOT_URLCONF and the urls modules it `include()`s; a server imports them on its first request instead;
 * - a Celery worker or beat: the app module, `include=`/`imports` (also `app.conf.include = ...`,
 *   `app.conf.update(imports=...)`), `autodiscover_tasks()` (each listed package's, or each installed Django
 *   app's, `tasks` module), and `django.setup()` when the app module sets DJANGO_SETTINGS_MODULE.
 */
import type { CallString, FrameworkCall, ModuleFacts, SettingString } from '@preflight/core';
import type { ProjectModule } from '../project/project.js';
import type { ModuleResolver } from '../resolve/resolve-module.js';

export interface FrameworkStartup {
  /** Project modules the framework imports at startup, in the order it imports them. */
  modules: string[];
  /** Functions the framework calls at startup (AppConfig.ready): their imports run at startup too. */
  functions: { module: string; function: string }[];
}

export interface InstalledApp {
  /** The entry as written in INSTALLED_APPS. */
  entry: SettingString;
  /** The app's package, when it is the project's. */
  package?: string;
  /** The module of its AppConfig class, when the entry names one. */
  configModule?: string;
}

/** `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")` or the `environ[...] =` form. */
export function djangoSettingsModuleName(facts: ModuleFacts): string | undefined {
  const call = facts.frameworkCalls?.find(
    (c) => (c.callee === 'setdefault' || c.callee === 'environ') && c.strings.some((s) => s.index === 0 && s.value === 'DJANGO_SETTINGS_MODULE'),
  );
  return call?.strings.find((s) => s.index === 1)?.value;
}

/** A module's settings, with those it star-imports (`from .base import *`), its own last (they win). */
export function settingsWithBase(resolver: ModuleResolver, module: ProjectModule, seen = new Set<string>()): SettingString[] {
  if (seen.has(module.name)) return [];
  seen.add(module.name);
  const inherited: SettingString[] = [];
  for (const star of module.facts.starImports) {
    const target = resolver.resolve(module, star.module, star.level);
    const base = target.status === 'found' && target.module.file ? resolver.project.moduleOfFile(target.module.file) : undefined;
    if (base) inherited.push(...settingsWithBase(resolver, base, seen));
  }
  // Both, whether this module replaces a setting or extends it (`+=`): a superset, never a missed app.
  return [...inherited, ...(module.facts.settings ?? [])];
}

/** INSTALLED_APPS, each with, for the project's apps, its package and AppConfig module (labels: django-app-labels.ts). */
export function installedApps(resolver: ModuleResolver, settings: ProjectModule, strings: readonly SettingString[]): InstalledApp[] {
  const project = resolver.project;
  const apps: InstalledApp[] = [];
  for (const entry of strings) {
    if (entry.setting !== 'INSTALLED_APPS' || entry.path.length > 0) continue;
    const own = projectModule(resolver, settings, entry.value);
    if (own) {
      apps.push({ entry, package: own });
      continue;
    }
    // `blog.apps.BlogConfig`: the AppConfig's module; the app is its package (Django reads `name`, which
    // is that package in all but odd layouts).
    const dot = entry.value.lastIndexOf('.');
    const configModule = dot > 0 ? projectModule(resolver, settings, entry.value.slice(0, dot)) : undefined;
    if (configModule) {
      const appPackage = configModule.includes('.') ? configModule.slice(0, configModule.lastIndexOf('.')) : configModule;
      const found = project.modulesByName(appPackage).length > 0;
      apps.push({ entry, configModule, ...(found ? { package: appPackage } : {}) });
      continue;
    }
    // Third-party (an AppConfig path of one is left out).
    const looksLikeConfig = /\.[A-Z]\w*$/.test(entry.value);
    if (!looksLikeConfig) apps.push({ entry });
  }
  return apps;
}

/** Management commands that skip the system checks (`requires_system_checks = []` and no check of their own). */
const NO_CHECKS = new Set(['shell', 'dbshell', 'shell_plus', 'help', 'version', 'compilemessages', 'makemessages', 'startapp', 'startproject', 'diffsettings', 'sendtestemail']);

/** Which of Django's startup phases a service runs: building the request handler, and the system checks. */
export function djangoPhases(entry: { name: string; role?: string }): { handler: boolean; urls: boolean } {
  const command = /manage\.py (\S+)/.exec(entry.name)?.[1];
  return {
    handler: entry.role === 'server',
    urls: (command !== undefined && !NO_CHECKS.has(command)) || /^celery .* worker$/.test(entry.name),
  };
}

export function djangoStartup(
  resolver: ModuleResolver, settings: ProjectModule, phases: { handler: boolean; urls: boolean },
): FrameworkStartup {
  const project = resolver.project;
  const strings = settingsWithBase(resolver, settings);
  const modules: string[] = [settings.name];
  const functions: FrameworkStartup['functions'] = [];
  const add = (name: string | undefined) => {
    if (name && project.modulesByName(name).length > 0 && !modules.includes(name)) modules.push(name);
  };
  const objectModule = (value: string) => {
    const dot = value.lastIndexOf('.');
    return dot > 0 ? projectModule(resolver, settings, value.slice(0, dot)) : undefined;
  };
  for (const s of strings) if (s.setting === 'LOGGING' && (s.path.at(-1) === 'class' || s.path.at(-1) === '()')) add(objectModule(s.value));
  const apps = installedApps(resolver, settings, strings);
  const admin = apps.some((a) => a.entry.value === 'django.contrib.admin' || a.entry.value.startsWith('django.contrib.admin.apps.'));
  for (const app of apps) {
    if (!app.package) continue;
    add(app.package);
    const configModule = app.configModule ?? `${app.package}.apps`;
    add(configModule);
    if (project.modulesByName(configModule).length > 0) functions.push({ module: configModule, function: 'ready' });
    add(`${app.package}.models`);
  }
  if (admin) for (const app of apps) if (app.package) add(`${app.package}.admin`);
  if (phases.handler) for (const s of strings) if (s.setting === 'MIDDLEWARE' && s.path.length === 0) add(objectModule(s.value));
  if (phases.urls) for (const urls of urlModules(resolver, settings, strings)) add(urls);
  return { modules, functions };
}

/** ROOT_URLCONF and the urls modules reached from it through `include("...")`, breadth-first. */
export function urlModules(resolver: ModuleResolver, settings: ProjectModule, strings: readonly SettingString[]): string[] {
  const root = strings.filter((s) => s.setting === 'ROOT_URLCONF' && s.path.length === 0).at(-1);
  const start = root ? projectModule(resolver, settings, root.value) : undefined;
  if (!start) return [];
  const seen = [start];
  for (let i = 0; i < seen.length; i++) {
    const module = resolver.project.modulesByName(seen[i]!)[0];
    if (!module) continue;
    for (const call of includeCalls(module)) {
      const target = projectModule(resolver, module, call.value);
      if (target && !seen.includes(target)) seen.push(target);
    }
  }
  return seen;
}

/** The module strings of a urls module's `include("app.urls")` calls. */
export function includeCalls(module: ProjectModule): { value: string; call: FrameworkCall }[] {
  return (module.facts.frameworkCalls ?? [])
    .filter((c) => c.callee === 'include')
    .flatMap((call) => call.strings.filter((s) => s.index === 0).map((s) => ({ value: s.value, call })));
}

/**
 * A list of modules a Celery app imports when a worker or beat starts (`Celery(include=[...])`,
 * `imports=`, `app.conf.include = [...]`, `app.conf.update(imports=[...])`): the last module-level
 * writer of each wins (Celery reads `conf.include` / `conf.imports` then); `strings` is undefined when
 * that writer's value is computed.
 */
export interface CeleryModuleList {
  setting: 'include' | 'imports';
  /** How it was written, for messages (`Celery(include=...)`, `app.conf.imports`). */
  writer: string;
  strings?: CallString[];
}

/** `app.autodiscover_tasks(...)` at module level. */
export interface CeleryAutodiscovery {
  call: FrameworkCall;
  /** The packages listed; undefined for none or a computed list (then Django's installed apps, or unknown). */
  packages?: CallString[];
  /** The module looked for in each package (`tasks` by default); null for `None` (the package itself); undefined when computed. */
  relatedName?: string | null;
  /** `force=True`: discovered when the app module is imported, not when a worker starts. */
  force: boolean;
}

/** The module lists and autodiscovery calls of a Celery app module, read from its module-level code. */
export function celeryConfiguration(app: ProjectModule): { lists: CeleryModuleList[]; autodiscovery: CeleryAutodiscovery[] } {
  const calls = (app.facts.frameworkCalls ?? [])
    .filter((c) => c.function === undefined)
    .sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  const last = new Map<'include' | 'imports', CeleryModuleList>();
  for (const call of calls) {
    for (const setting of ['include', 'imports'] as const) {
      if (call.callee === `conf.${setting}`) last.set(setting, { setting, writer: `app.conf.${setting}`, ...(call.computed ? {} : { strings: call.strings }) });
      if (call.callee !== 'Celery' && call.callee !== 'conf.update') continue;
      const writer = call.callee === 'Celery' ? `Celery(${setting}=...)` : `app.conf.update(${setting}=...)`;
      const strings = call.strings.filter((s) => s.keyword === setting);
      // `conf.update(mapping)` may set either: its value is unknown.
      if (call.otherKeywords?.[setting] !== undefined || (call.callee === 'conf.update' && call.computed)) last.set(setting, { setting, writer });
      else if (strings.length > 0 || call.strings.some((s) => s.keyword === setting)) last.set(setting, { setting, writer, strings });
    }
  }
  const autodiscovery = calls.filter((c) => c.callee === 'autodiscover_tasks').map((call) => {
    const listed = call.strings.filter((s) => s.index === 0 || s.keyword === 'packages');
    const related = call.strings.find((s) => s.keyword === 'related_name')?.value;
    const relatedText = call.otherKeywords?.related_name;
    const packagesComputed = call.computed || call.otherKeywords?.packages !== undefined;
    return {
      call, ...(listed.length > 0 && !packagesComputed ? { packages: listed } : {}),
      ...(relatedText === undefined ? { relatedName: related ?? 'tasks' } : relatedText === 'None' ? { relatedName: null } : {}),
      force: call.otherKeywords?.force === 'True',
    };
  });
  return { lists: [...last.values()], autodiscovery };
}

/**
 * The task modules a Celery app module names: `include=`/`imports=` (and their `conf` forms),
 * `autodiscover_tasks([...])` (each listed package's `tasks` module; for a listed package that does not
 * exist, its parent's, which Celery imports instead), and Django's `CELERY_IMPORTS` / `CELERY_INCLUDE`.
 */
export function celeryTaskModules(resolver: ModuleResolver, app: ProjectModule, djangoApps: readonly InstalledApp[]): string[] {
  const modules: string[] = [];
  const add = (name: string | undefined) => {
    if (name && !modules.includes(name)) modules.push(name);
  };
  const { lists, autodiscovery } = celeryConfiguration(app);
  for (const list of lists) for (const s of list.strings ?? []) add(projectModule(resolver, app, s.value));
  for (const discovery of autodiscovery) {
    const related = discovery.relatedName;
    if (related === undefined) continue;
    // No list (or a computed one, `lambda: settings.INSTALLED_APPS`): Django's installed apps.
    const packages = discovery.packages?.map((s) => s.value) ?? djangoApps.flatMap((a) => (a.package ? [a.package] : []));
    for (const p of packages) {
      const own = projectModule(resolver, app, p);
      if (related === null) {
        add(own);
        continue;
      }
      // A listed package that does not exist: Celery imports its parent's module instead.
      const base = own ?? (p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : undefined);
      if (base) add(projectModule(resolver, app, `${base}.${related}`));
    }
  }
  for (const s of app.facts.settings ?? []) {
    if ((s.setting === 'CELERY_IMPORTS' || s.setting === 'CELERY_INCLUDE') && s.path.length === 0) add(projectModule(resolver, app, s.value));
  }
  return modules;
}

/**
 * Whether a Celery command imports the app's task modules when it starts: a worker and beat do
 * (`loader.init_worker()` → `import_default_modules()`), proven with Celery 5.2; `flower`, `inspect`,
 * `purge` and the like do not.
 */
export function celeryImportsTaskModules(entry: { name: string; role?: string }): boolean {
  return entry.role === 'worker' && /^celery -A \S+ (?:worker|beat)$/.test(entry.name);
}

/** A dotted name → the project module it names, from `from` (absolute, as importlib would import it). */
export function projectModule(resolver: ModuleResolver, from: ProjectModule, dotted: string): string | undefined {
  const found = resolver.resolve(from, dotted.split(':')[0]!, 0);
  return found.status === 'found' && found.module.file ? resolver.project.moduleOfFile(found.module.file)?.name : undefined;
}
