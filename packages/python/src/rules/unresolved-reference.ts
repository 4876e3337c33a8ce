/**
 * unresolved-reference: a dotted path in Django or Celery configuration that does not resolve
 * (doc: unresolved-reference.md). Each kind of string is timed by when the framework imports it.
 */
import type { SettingString, Span, Suggestion } from '@preflight/core';
import { evaluateCondition } from '../environment/evaluate-condition.js';
import { distributionsProviding } from '../environment/distributions.js';
import type { ResolvedEntryPoint } from '../impact/entry-points.js';
import { runsAtImportTime } from '../impact/import-time.js';
import { appLabels, type ModuleSource } from '../impact/django-app-labels.js';
import { celeryConfiguration, celeryImportsTaskModules, djangoPhases, djangoSettingsModuleName, includeCalls, projectModule, settingsWithBase } from '../impact/framework-startup.js';
import type { ProjectModule } from '../project/project.js';
import { adviseMissingModule, adviseMissingName } from '../suggest/suggest-fixes.js';
import { similarNames } from '../suggest/similar-names.js';
import { looselyProvided } from './missing-dependency.js';
import type { FindingInput, Rule, RuleContext } from './rule.js';

/**
 * When the framework imports a string: at django.setup(), when its own module is imported, at a server's
 * start, at runserver's checks, when a Celery worker or beat starts, when a module importing Django REST
 * framework's views is imported, or on first use.
 */
type Timing = 'setup' | 'import' | 'server' | 'checks' | 'runserver' | 'worker' | 'drf' | 'first-use';

interface Kind {
  /** What the string names: a module, an object (`module.Name`), an app (module or AppConfig path). */
  names: 'module' | 'object' | 'app';
  timing: Timing;
  /** Said in the message for timings other than setup. */
  note?: string;
  /** For `drf`: which DRF code reads it; `importedWith`, the project modules whose import runs that code. */
  drf?: DrfReader;
  importedWith?: string[];
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
    case 'REST_FRAMEWORK': {
      const read = s.path.length === 1 ? DRF_IMPORT_STRINGS[last!] : undefined;
      if (!read) return undefined;
      return typeof read === 'string'
        ? { names: 'object', timing: 'first-use', note: `Django REST framework imports it ${read}` }
        : { names: 'object', timing: 'drf', note: read.note, drf: read.readBy };
    }
  }
  return undefined;
}

/**
 * Django REST framework's `api_settings` import the class paths of its IMPORT_STRINGS the first time each
 * is read (DRF 3.14, the same list since 3.10). Most are read by class bodies: APIView's when
 * `rest_framework.views` is imported, GenericAPIView's when `rest_framework.generics` is, and `@api_view`
 * reads DEFAULT_SCHEMA_CLASS when it decorates. The others are read on first use (said as a note). Other
 * keys are not imported by DRF. Measured with Debian's DRF 3.14 (see frameworks-agree.test.ts).
 */
const DRF_VIEWS = { readBy: 'views', note: 'Django REST framework imports it when `rest_framework.views` is first imported: APIView reads it' } as const;
const DRF_GENERICS = { readBy: 'generics', note: 'Django REST framework imports it when `rest_framework.generics` is first imported: GenericAPIView reads it' } as const;
const DRF_IMPORT_STRINGS: Record<string, string | { readBy: DrfReader; note: string }> = {
  DEFAULT_RENDERER_CLASSES: DRF_VIEWS,
  DEFAULT_PARSER_CLASSES: DRF_VIEWS,
  DEFAULT_AUTHENTICATION_CLASSES: DRF_VIEWS,
  DEFAULT_PERMISSION_CLASSES: DRF_VIEWS,
  DEFAULT_THROTTLE_CLASSES: DRF_VIEWS,
  DEFAULT_CONTENT_NEGOTIATION_CLASS: DRF_VIEWS,
  DEFAULT_METADATA_CLASS: DRF_VIEWS,
  DEFAULT_VERSIONING_CLASS: DRF_VIEWS,
  DEFAULT_PAGINATION_CLASS: DRF_GENERICS,
  DEFAULT_FILTER_BACKENDS: DRF_GENERICS,
  DEFAULT_SCHEMA_CLASS: { readBy: 'api_view', note: 'Django REST framework imports it when `@api_view` decorates a view' },
  EXCEPTION_HANDLER: 'when a view first raises an exception',
  UNAUTHENTICATED_USER: 'on the first request without credentials',
  UNAUTHENTICATED_TOKEN: 'on the first request without credentials',
  VIEW_NAME_FUNCTION: 'when the browsable API or an OPTIONS request first names a view',
  VIEW_DESCRIPTION_FUNCTION: 'when the browsable API or an OPTIONS request first describes a view',
  TEST_REQUEST_RENDERER_CLASSES: 'in tests, when the test client first renders a request',
};

type DrfReader = 'views' | 'generics' | 'api_view';

/** The DRF modules whose import reads each group of settings, with the DRF modules that import them (measured with DRF 3.14). */
const DRF_READERS: Record<DrfReader, { modules: ReadonlySet<string>; names?: ReadonlySet<string> }> = {
  views: { modules: new Set(['rest_framework.views', 'rest_framework.generics', 'rest_framework.viewsets', 'rest_framework.decorators', 'rest_framework.routers', 'rest_framework.schemas.views', 'rest_framework.authtoken.views']) },
  generics: { modules: new Set(['rest_framework.generics', 'rest_framework.viewsets']) },
  api_view: { modules: new Set(['rest_framework.decorators']), names: new Set(['api_view']) },
};

/**
 * The project modules whose import-time code imports one of `reader`'s DRF modules (`from rest_framework
 * import viewsets`, `from rest_framework.views import APIView`), or, for `@api_view`, the decorator: importing
 * any of them runs the DRF code that imports the setting's classes.
 */
function drfImporters(context: RuleContext, reader: DrfReader): string[] {
  const { modules, names } = DRF_READERS[reader];
  const out = new Set<string>();
  for (const { importer, site } of context.imports) {
    if (site.level !== 0 || !runsAtImportTime(site, context.target)) continue;
    const direct = modules.has(site.module) && (!names || site.names.some((n) => names.has(n.name)));
    const fromPackage = !names && site.kind === 'from' && site.module === 'rest_framework' && site.names.some((n) => modules.has(`rest_framework.${n.name}`));
    if (direct || fromPackage) out.add(importer.name);
  }
  return [...out].sort();
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
          const found = (django ? djangoKind(setting) : undefined) ?? celeryKind(setting);
          const kind = found?.drf ? { ...found, importedWith: drfImporters(context, found.drf) } : found;
          // A value set under a test: false on the target, never read; unknown, a warning (it may never be read).
          const holds = setting.condition === undefined ? true : evaluateCondition(setting.condition, context.target);
          if (kind && holds !== false) {
            checkPath(context, module, setting.value, setting.span, `\`${setting.setting}\` names \`${setting.value}\``, kind, holds === undefined ? setting.condition : undefined);
          }
          if (isBeatTask(setting)) tasks.check(module, setting);
        }
        if (django) checkUserModel(context, module);
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
    drf: undefined,
    'first-use': () => false,
  };
  const only = runs[kind.timing];
  return { ...firstUse, ...(only ? { startsWith: only } : {}), ...(kind.importedWith ? { importedWith: kind.importedWith } : {}) };
}

function checkPath(context: RuleContext, from: ProjectModule, value: string, span: Span, subject: string, kind: Kind, onlyWhen?: string): void {
  const report = (message: string, extra: { unsure?: boolean; suggestions?: Suggestion[] } = {}) => context.report({
    file: from.file, span, module: value, message: `${subject}: ${message}${onlyWhen ? ` (only when \`${onlyWhen}\`)` : ''}`,
    ...timingInput(kind), ...extra, ...(onlyWhen ? { unsure: true } : {}),
  });
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
 * `models` module (Django looks it up by lower-cased name); else django.setup() raises
 * ImproperlyConfigured ("refers to model ... that has not been installed"), proven with Django 3.2 case by
 * case in frameworks-agree.test.ts. Labels are read as Django decides them (django-app-labels.ts; a
 * third-party app without an environment to read it in has its default label); when some installed app's
 * label cannot be read, or INSTALLED_APPS is partly computed, a label matching none is not reported. A
 * base settings module that no service names is reported only when each module star-importing it is
 * wrong too (one that is right, or that preflight cannot read, keeps it silent: a production module may
 * install the app its base names).
 */
function checkUserModel(context: RuleContext, settings: ProjectModule): void {
  const own = settings.facts.settings?.filter((s) => s.setting === 'AUTH_USER_MODEL' && s.path.length === 0).at(-1);
  if (!own) return;
  const [label, model, ...rest] = own.value.split('.');
  const report = (message: string, suggestions: Suggestion[] = []) =>
    context.report({ file: settings.file, span: own.span, module: own.value, message: `\`AUTH_USER_MODEL\` names \`${own.value}\`: ${message}`, suggestions });
  if (!label || !model || rest.length > 0) return report('it must be `app_label.ModelName`');
  const verdict = userModelVerdict(context, settings, label, model);
  if (verdict === 'ok') return;
  // Not the settings module a service names: those that star-import it (and keep this value) must all be wrong too.
  if (!namedAsSettings(context, settings)) {
    const holders = context.project.modules.filter((m) => m !== settings && m.facts.starImports.length > 0 &&
      settingsWithBase(context.resolver.modules, m).filter((s) => s.setting === 'AUTH_USER_MODEL' && s.path.length === 0).at(-1) === own);
    if (holders.some((m) => userModelVerdict(context, m, label, model) === 'ok')) return;
  }
  report(verdict.message, verdict.suggestions);
}

/** Whether some service, or some module's `os.environ.setdefault("DJANGO_SETTINGS_MODULE", ...)`, names this settings module. */
function namedAsSettings(context: RuleContext, settings: ProjectModule): boolean {
  return context.entryPoints.some((e) => e.modules.includes(settings.name)) ||
    context.project.modules.some((m) => m.facts.frameworkCalls && djangoSettingsModuleName(m.facts) === settings.name);
}

type UserModelVerdict = 'ok' | { message: string; suggestions: Suggestion[] };

/** Whether `label.Model` is a model of an installed app under the settings of `holder` ('ok' too when preflight cannot tell). */
function userModelVerdict(context: RuleContext, holder: ProjectModule, label: string, model: string): UserModelVerdict {
  const resolver = context.resolver.modules;
  const strings = settingsWithBase(resolver, holder);
  const entries = strings.filter((s) => s.setting === 'INSTALLED_APPS' && s.path.length === 0);
  const source = moduleSource(context, holder);
  const apps = entries.map((entry) => ({ entry: entry.value, ...appLabels(entry.value, source) }));
  const app = apps.find((a) => a.labels?.includes(label));
  if (!app) {
    if (apps.length === 0 || apps.some((a) => !a.labels) || !fullyKnown(context, holder, 'INSTALLED_APPS')) return 'ok';
    const suggestions: Suggestion[] = [];
    // The package was named, but its AppConfig gives the app another label.
    for (const a of apps) {
      if (a.name && a.name.slice(a.name.lastIndexOf('.') + 1) === label && a.labels![0] !== label) {
        suggestions.push({ message: `did you mean \`${a.labels![0]}.${model}\`? (app \`${a.name}\` is labelled \`${a.labels![0]}\` by its AppConfig)`, replacement: `${a.labels![0]}.${model}` });
      }
    }
    const close = similarNames(label, [...new Set(apps.flatMap((a) => a.labels!))], 1)[0];
    if (close && !suggestions.some((s) => s.replacement === `${close}.${model}`)) suggestions.push({ message: `did you mean \`${close}.${model}\`?`, replacement: `${close}.${model}` });
    return { message: `no installed app is labelled \`${label}\``, suggestions };
  }
  const appModule = app.name ? projectModule(resolver, holder, app.name) : undefined;
  if (!appModule) return 'ok';
  const models = projectModule(resolver, holder, `${appModule}.models`);
  const found = models ? resolver.resolve(holder, models, 0) : undefined;
  if (!found || found.status !== 'found') return { message: `app \`${label}\` has no \`models\` module`, suggestions: [] };
  if (context.resolver.names.resolve(found.module, model).status !== 'missing') return 'ok';
  // Django finds the model by its lower-cased name: `accounts.user` names `User`.
  const names = namesOf(context, found.module.file, 0);
  if (!names) return 'ok';
  const same = [...names].find((n) => n.toLowerCase() === model.toLowerCase());
  if (same && context.resolver.names.resolve(found.module, same).status !== 'missing') return 'ok';
  const advice = adviseMissingName(context, found.module, model);
  return {
    message: `\`${model}\` is not defined in \`${found.module.name}\``,
    suggestions: advice.suggestions.flatMap((s) => (s.replacement ? [{ message: `did you mean \`${label}.${s.replacement}\`?`, replacement: `${label}.${s.replacement}` }] : [])),
  };
}

/** A module's facts by dotted name, from `from`: the project's, or an installed package's when there is an environment. */
function moduleSource(context: RuleContext, from: ProjectModule): ModuleSource {
  return (dotted) => {
    const found = context.resolver.modules.resolve(from, dotted, 0);
    switch (found.status) {
      case 'missing':
        return 'missing';
      case 'unknown':
        return 'unknown';
      case 'found': {
        if (found.module.kind === 'namespace') return { imports: [], bindings: [], starImports: [], hasModuleGetattr: false, dynamicNamespace: false };
        const module = found.module.file ? context.project.moduleOfFile(found.module.file) : undefined;
        return module?.facts ?? 'unknown';
      }
      case 'external':
        if (found.stdlib) return 'stdlib';
        if (found.installed === undefined) return 'unseen';
        return found.installed ? context.installed?.facts(found.installed) ?? 'unknown' : 'unknown';
    }
  };
}

/** Whether a setting's whole value is read: no computed part, no mutation, in the module or a base it star-imports, and every base found. */
function fullyKnown(context: RuleContext, module: ProjectModule, setting: string, seen = new Set<string>()): boolean {
  if (seen.has(module.name)) return true;
  seen.add(module.name);
  if (module.facts.computedSettings?.includes(setting) || module.facts.dynamicNamespace) return false;
  for (const star of module.facts.starImports) {
    const target = context.resolver.modules.resolve(module, star.module, star.level);
    const base = target.status === 'found' && target.module.file ? context.project.moduleOfFile(target.module.file) : undefined;
    if (!base || !fullyKnown(context, base, setting, seen)) return false;
  }
  return true;
}

/** The names a project module binds, with those its star imports bring (three levels); undefined when some cannot be read. */
function namesOf(context: RuleContext, file: string | undefined, depth: number): Set<string> | undefined {
  const module = file ? context.project.moduleOfFile(file) : undefined;
  if (!module || module.facts.dynamicNamespace || module.facts.hasModuleGetattr || depth > 3) return undefined;
  const names = new Set(module.facts.bindings.map((b) => b.name));
  for (const star of module.facts.starImports) {
    const target = context.resolver.modules.resolve(module, star.module, star.level);
    const more = target.status === 'found' ? namesOf(context, target.module.file, depth + 1) : undefined;
    if (!more) return undefined;
    for (const n of more) names.add(n);
  }
  return names;
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
