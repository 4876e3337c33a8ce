/**
 * unresolved-reference: a dotted path in Django or Celery configuration that does not resolve
 * (doc: unresolved-reference.md). Each kind of string is timed by when the framework imports it.
 */
import path from 'node:path';
import { readTextFile, type SettingString, type Span, type Suggestion } from '@preflight/core';
import { distributionsProviding } from '../environment/distributions.js';
import type { ResolvedEntryPoint } from '../impact/entry-points.js';
import { celeryConfiguration, celeryImportsTaskModules, djangoPhases, includeCalls, installedApps, projectModule, settingsWithBase } from '../impact/framework-startup.js';
import type { ProjectModule } from '../project/project.js';
import { adviseMissingModule, adviseMissingName } from '../suggest/suggest-fixes.js';
import { similarNames } from '../suggest/similar-names.js';
import { looselyProvided } from './missing-dependency.js';
import type { FindingInput, Rule, RuleContext } from './rule.js';

/**
 * When the framework imports a string: at django.setup(), when its own module is imported, at a server's
 * start, at runserver's checks, when a Celery worker or beat starts, or on first use.
 */
type Timing = 'setup' | 'import' | 'server' | 'checks' | 'runserver' | 'worker' | 'first-use';

interface Kind {
  /** What the string names: a module, an object (`module.Name`), an app (module or AppConfig path). */
  names: 'module' | 'object' | 'app';
  timing: Timing;
  /** Said in the message for timings other than setup. */
  note?: string;
}

const CHECKS = 'Django imports it on the first request, and its system checks at start (`manage.py` commands, Celery workers)';

/** The kind of a Django setting string, by setting name and dict keys; undefined for strings that name no code. */
function djangoKind(s: SettingString): Kind | undefined {
  const last = s.path.at(-1);
  switch (s.setting) {
    case 'INSTALLED_APPS':
      return s.path.length === 0 ? { names: 'app', timing: 'setup' } : undefined;
    case 'DEFAULT_AUTO_FIELD':
      return s.path.length === 0 ? { names: 'object', timing: 'setup' } : undefined;
    case 'LOGGING':
      // dictConfig imports handler, filter and formatter classes (`class`, `()`) in django.setup().
      return last === 'class' || last === '()' ? { names: 'object', timing: 'setup' } : undefined;
    case 'MIDDLEWARE':
      return s.path.length === 0 ? { names: 'object', timing: 'server', note: 'Django imports it when the WSGI/ASGI handler is built' } : undefined;
    case 'WSGI_APPLICATION':
    case 'ASGI_APPLICATION':
      return s.path.length === 0 ? { names: 'object', timing: 'runserver', note: 'imported by `manage.py runserver`' } : undefined;
    case 'ROOT_URLCONF':
      return s.path.length === 0 ? { names: 'module', timing: 'checks', note: CHECKS } : undefined;
    case 'AUTHENTICATION_BACKENDS':
    case 'PASSWORD_HASHERS':
      return s.path.length === 0 ? { names: 'object', timing: 'first-use', note: 'Django imports it on first use' } : undefined;
    case 'TEMPLATES':
      return last === 'BACKEND' || last === 'context_processors'
        ? { names: 'object', timing: 'first-use', note: 'Django imports it when a template is first rendered' } : undefined;
    case 'REST_FRAMEWORK':
      // DRF's api_settings import class paths (DEFAULT_*_CLASSES, EXCEPTION_HANDLER, ...) on first access.
      return s.path.length === 1 && /_CLASS(?:ES)?$|_HANDLER$|_FUNC$|_RENDERER$/.test(last!)
        ? { names: 'object', timing: 'first-use', note: 'Django REST framework imports it on the first request' } : undefined;
  }
  return undefined;
}

/** Celery settings (Django-style CELERY_* or a Celery config module's own names). */
/** What a Celery app lists in `include` / `imports`: the worker and beat import each when they start. */
const CELERY_START: Kind = { names: 'module', timing: 'worker', note: 'the Celery worker and beat import it at start' };

function celeryKind(s: SettingString): Kind | undefined {
  if (s.path.length > 0) return undefined;
  if (s.setting === 'CELERY_IMPORTS' || s.setting === 'CELERY_INCLUDE') return { names: 'module', timing: 'worker', note: 'the Celery worker imports it at start' };
  if (s.setting === 'CELERY_BEAT_SCHEDULER') return { names: 'object', timing: 'worker', note: 'celery beat imports it at start' };
  return undefined;
}

const DJANGO_MARKERS = new Set(['INSTALLED_APPS', 'MIDDLEWARE', 'ROOT_URLCONF']);

export const unresolvedReference: Rule = {
  id: 'unresolved-reference',
  summary: 'A dotted path in Django or Celery configuration (INSTALLED_APPS, MIDDLEWARE, LOGGING, include(), a Celery app\'s include/imports/autodiscover_tasks, beat_schedule, ...) that does not resolve',
  check(context) {
    const tasks = new TaskNames(context);
    for (const module of context.project.modules) {
      if (module.isStub) continue;
      if (module.facts.settings) {
        // Django's settings are only read in modules that are Django settings (or extend them).
        const strings = settingsWithBase(context.resolver.modules, module);
        const django = strings.some((s) => DJANGO_MARKERS.has(s.setting));
        for (const setting of module.facts.settings) {
          const kind = (django ? djangoKind(setting) : undefined) ?? celeryKind(setting);
          if (kind) checkPath(context, module, setting.value, setting.span, `\`${setting.setting}\` names \`${setting.value}\``, kind);
          if (isBeatTask(setting)) tasks.check(module, setting);
        }
        if (django) checkUserModel(context, module, strings);
      }
      if (module.facts.frameworkCalls && usesCelery(context, module)) checkCeleryApp(context, module);
      if (importsDjangoInclude(module)) {
        for (const { value, call } of includeCalls(module)) {
          const span = call.strings.find((s) => s.index === 0 && s.value === value)!.span;
          checkPath(context, module, value, span, `\`include()\` names \`${value}\``, { names: 'module', timing: 'checks', note: CHECKS });
        }
      }
    }
  },
};

function timingInput(kind: Kind): Partial<FindingInput> {
  const firstUse = kind.timing === 'setup' || kind.timing === 'import' ? {} : { when: 'call' as const, whenNote: kind.note };
  const runs: Record<Timing, ((entry: ResolvedEntryPoint) => boolean) | undefined> = {
    setup: undefined,
    import: undefined,
    server: (entry) => entry.role === 'server',
    checks: (entry) => djangoPhases(entry).urls,
    runserver: (entry) => entry.role === 'server' && /manage\.py runserver/.test(entry.name),
    worker: celeryImportsTaskModules,
    'first-use': () => false,
  };
  const only = runs[kind.timing];
  return { ...firstUse, ...(only ? { startsWith: only } : {}) };
}

function checkPath(context: RuleContext, from: ProjectModule, value: string, span: Span, subject: string, kind: Kind): void {
  const report = (message: string, extra: { unsure?: boolean; suggestions?: Suggestion[] } = {}) =>
    context.report({ file: from.file, span, module: value, message: `${subject}: ${message}`, ...timingInput(kind), ...extra });
  const dotted = value.replace(':', '.');
  const asModule = context.resolver.modules.resolve(from, dotted, 0);
  if ((asModule.status === 'found' || asModule.status === 'unknown') && kind.names !== 'object') return;
  if (asModule.status === 'external' && asModule.stdlib) return;
  // An app, a class or an attribute: the module is everything but the last part.
  const dot = dotted.lastIndexOf('.');
  const canBeObject = kind.names !== 'module' && dot > 0;
  const moduleName = canBeObject ? dotted.slice(0, dot) : dotted;
  const attribute = canBeObject ? dotted.slice(dot + 1) : undefined;
  const target = canBeObject ? context.resolver.modules.resolve(from, moduleName, 0) : asModule;
  // A top-level name the project does not have: the project's close names come first among the fixes.
  const ownClose = (top: string) => (value.startsWith(top) ? adviseMissingModule(context, top, undefined, [], (m) => `${m}${value.slice(top.length)}`).filter((s) => s.message.startsWith('did you mean')) : []);
  if (kind.names === 'app' && asModule.status === 'external') return checkExternal(context, asModule.topLevel, asModule.installed, report, ownClose(asModule.topLevel));
  switch (target.status) {
    case 'unknown':
      return;
    case 'external':
      if (target.stdlib) return;
      return checkExternal(context, target.topLevel, target.installed, report, ownClose(target.topLevel));
    case 'missing': {
      const missing = kind.names === 'app' && asModule.status === 'missing' && canBeObject ? asModule : target;
      // A module meant instead replaces the missing part of the string (`proj.taks` → `proj.tasks`).
      const rest = value.slice(missing.missing.length);
      const replacing = value.startsWith(missing.missing) ? (module: string) => `${module}${rest}` : undefined;
      report(`no module \`${missing.missing}\` exists`, { suggestions: adviseMissingModule(context, missing.missing, missing.parent, [], replacing) });
      return;
    }
    case 'found': {
      if (!attribute) return;
      const name = context.resolver.names.resolve(target.module, attribute);
      if (name.status !== 'missing') return;
      const advice = adviseMissingName(context, target.module, attribute);
      const suggestions = advice.suggestions.flatMap((s) => (s.replacement ? [{ message: `did you mean \`${moduleName}.${s.replacement}\`?`, replacement: `${moduleName}.${s.replacement}` }] : []));
      for (const d of context.definitions.lookup(attribute).slice(0, 2)) suggestions.push({ message: `\`${attribute}\` is defined in \`${d.module}\`: use \`${d.module}.${attribute}\``, replacement: `${d.module}.${attribute}` });
      report(`\`${attribute}\` is not defined in module \`${target.module.name}\``, { suggestions });
    }
  }
}

function checkExternal(
  context: RuleContext,
  top: string,
  installed: unknown,
  report: (message: string, extra?: { unsure?: boolean; suggestions?: Suggestion[] }) => void,
  close: Suggestion[] = [],
): void {
  if (installed) return;
  // A module of the project reachable through a sys.path it sets up itself (an example project's own package).
  if (context.project.hasNameAnywhere(top)) return;
  const candidates = distributionsProviding(top);
  const declaredNames = new Set(context.dependencies?.byName.keys() ?? []);
  const declared = candidates.some((name) => declaredNames.has(name) || context.ownDistributions.has(name)) || looselyProvided(top, declaredNames);
  if (declared) return;
  const noEnvironment = installed === undefined;
  if (noEnvironment && !context.dependencies?.byName.size) return;
  report(
    noEnvironment ? `\`${top}\` is declared in no dependency file` : `\`${top}\` is not installed in ${context.environmentName} and declared in no dependency file`,
    { ...(noEnvironment ? { unsure: true } : {}), suggestions: [...close, { message: `add \`${candidates[0]}\` to the project's dependencies` }] },
  );
}

/**
 * AUTH_USER_MODEL = "label.Model": the installed app with that label must define the model in its
 * `models` module; else django.setup() raises ImproperlyConfigured ("refers to model ... that has not
 * been installed"), proven with Django 3.2 with and without the admin.
 */
function checkUserModel(context: RuleContext, settings: ProjectModule, strings: readonly SettingString[]): void {
  const own = settings.facts.settings?.filter((s) => s.setting === 'AUTH_USER_MODEL' && s.path.length === 0).at(-1);
  if (!own) return;
  const [label, model, ...rest] = own.value.split('.');
  const report = (message: string, suggestions: Suggestion[] = []) =>
    context.report({ file: settings.file, span: own.span, module: own.value, message: `\`AUTH_USER_MODEL\` names \`${own.value}\`: ${message}`, suggestions });
  if (!label || !model || rest.length > 0) return report('it must be `app_label.ModelName`');
  const apps = installedApps(context.resolver.modules, settings, strings);
  const app = apps.find((a) => a.label === label);
  if (!app) {
    // An AppConfig may set its own `label`: with any AppConfig preflight cannot read, every label is not known.
    const listed = strings.filter((s) => s.setting === 'INSTALLED_APPS');
    if (apps.length === 0 || listed.some((s) => /\.[A-Z]\w*$/.test(s.value)) || apps.some((a) => a.package && customLabel(context, `${a.package}.apps`))) return;
    const close = similarNames(label, apps.map((a) => a.label), 1)[0];
    return report(`no installed app is labelled \`${label}\``, close ? [{ message: `did you mean \`${close}.${model}\`?`, replacement: `${close}.${model}` }] : []);
  }
  if (!app.package) return;
  const models = projectModule(context.resolver.modules, settings, `${app.package}.models`);
  const found = models ? context.resolver.modules.resolve(settings, models, 0) : undefined;
  if (!found || found.status !== 'found') return report(`app \`${label}\` has no \`models\` module`);
  const name = context.resolver.names.resolve(found.module, model);
  if (name.status !== 'missing') return;
  const advice = adviseMissingName(context, found.module, model);
  report(
    `\`${model}\` is not defined in \`${found.module.name}\``,
    advice.suggestions.flatMap((s) => (s.replacement ? [{ message: `did you mean \`${label}.${s.replacement}\`?`, replacement: `${label}.${s.replacement}` }] : [])),
  );
}

/** A module that configures a Celery app: it imports celery, or a worker starts it. */
function usesCelery(context: RuleContext, module: ProjectModule): boolean {
  return module.facts.imports.some((i) => i.level === 0 && (i.module === 'celery' || i.module.startsWith('celery.'))) ||
    context.entryPoints.some((e) => e.role === 'worker' && e.modules.includes(module.name));
}

/**
 * A Celery app's task modules: each module of `include` / `imports` (the last module-level value of each)
 * is imported when a worker or beat starts, and each package `autodiscover_tasks([...])` lists is imported
 * then too (at once with `force=True`). Celery 5.2's `find_related_module` raises for a listed package that
 * does not exist unless its parent does (it then looks for the parent's `tasks` instead), and ignores a
 * package without a `tasks` module.
 */
function checkCeleryApp(context: RuleContext, app: ProjectModule): void {
  const { lists, autodiscovery } = celeryConfiguration(app);
  for (const list of lists) {
    for (const s of list.strings ?? []) checkPath(context, app, s.value, s.span, `\`${list.writer}\` names \`${s.value}\``, CELERY_START);
  }
  for (const discovery of autodiscovery) {
    for (const s of discovery.packages ?? []) {
      const found = context.resolver.modules.resolve(app, s.value, 0);
      if (found.status === 'missing' && s.value.includes('.') && found.missing === s.value) continue;
      const kind: Kind = discovery.force ? { names: 'module', timing: 'import' } : { ...CELERY_START, note: 'the Celery worker and beat import it at start to find its tasks' };
      checkPath(context, app, s.value, s.span, `\`autodiscover_tasks()\` names package \`${s.value}\``, kind);
    }
  }
}

function customLabel(context: RuleContext, appsModule: string): boolean {
  const file = context.project.modulesByName(appsModule)[0]?.file;
  return file !== undefined && /^\s+label\s*=/m.test(readTextFile(path.join(context.root, file)) ?? '');
}

function importsDjangoInclude(module: ProjectModule): boolean {
  return module.facts.imports.some((i) => (i.module === 'django.urls' || i.module === 'django.conf.urls') && i.names.some((n) => n.name === 'include'));
}

function isBeatTask(s: SettingString): boolean {
  return (s.setting === 'beat_schedule' || s.setting === 'CELERY_BEAT_SCHEDULE' || s.setting === 'CELERYBEAT_SCHEDULE') && s.path.length === 2 && s.path[1] === 'task';
}

/**
 * Celery task names the project defines: `name=` when given, else `module.function`. A beat entry naming
 * none of them is sent by beat and discarded by the worker ("Received unregistered task").
 */
class TaskNames {
  private names?: { name: string; function: string }[];
  private computed = false;

  constructor(private readonly context: RuleContext) {}

  check(module: ProjectModule, entry: SettingString): void {
    const tasks = this.load();
    const name = entry.value;
    // Celery's own tasks (`celery.backend_cleanup`) and tasks of installed packages are not the project's.
    const top = name.split('.')[0]!;
    if (top === 'celery' || !this.context.project.hasNameAnywhere(top) && !tasks.some((t) => t.name.split('.')[0] === top)) return;
    if (tasks.some((t) => sameTask(t.name, name))) return;
    const close = similarNames(name, tasks.map((t) => t.name), 2);
    const byFunction = tasks.filter((t) => t.function === name.slice(name.lastIndexOf('.') + 1));
    const suggestions = [...new Set([...byFunction.map((t) => t.name), ...close])].slice(0, 3).map((n) => ({ message: `did you mean \`${n}\`?`, replacement: n }));
    this.context.report({
      file: module.file, span: entry.span, module: name,
      message: `beat schedule \`${entry.path[0]}\` sends task \`${name}\`, which no task of the project is named`,
      when: 'call', whenNote: 'each time the schedule fires, the worker discards it as an unregistered task',
      ...(this.computed ? { unsure: true } : {}), suggestions,
    });
  }

  private load(): { name: string; function: string }[] {
    if (this.names) return this.names;
    this.names = [];
    for (const module of this.context.project.modules) {
      for (const task of module.facts.tasks ?? []) {
        if (task.computedName) this.computed = true;
        this.names.push({ name: task.name ?? `${module.name}.${task.function}`, function: task.function });
      }
    }
    return this.names;
  }
}

/** Task names match when equal, or when one is the other with a source-root prefix (`app.tasks.x` vs `tasks.x`). */
function sameTask(defined: string, sent: string): boolean {
  return defined === sent || defined.endsWith(`.${sent}`) || sent.endsWith(`.${defined}`);
}
