/**
 * The label of each installed Django app, as `AppConfig.create()` decides it (Django 3.2, which the tests
 * run; the same in 4.x and 5.x but for `default_app_config`, ignored since 4.1):
 * - an entry naming an AppConfig class (`blog.apps.BlogConfig`): its `label`, else the last part of its `name`;
 * - an entry naming a module: the AppConfig its `apps` submodule defines, when there is exactly one (not
 *   counting those with `default = False`) or exactly one with `default = True`; else a plain AppConfig
 *   labelled by the module's last part; before 4.1 a `default_app_config` of the module takes over;
 * - Django's own `django.contrib.*` apps set no label: the contrib app's name (checked on 3.2 and main);
 * - a third-party app whose source is not there to read (no environment): Django's default, the last
 *   part of the module path, as for any app without an AppConfig; an AppConfig path (`pkg.apps.Config`)
 *   of such a package is unknown.
 * When any of this cannot be read (a computed attribute, a base class from elsewhere, a module preflight
 * cannot read), the label is unknown: `undefined`, never a guess.
 */
import type { Binding, ClassDefinition, ModuleFacts } from '@preflight/core';

/**
 * A module's facts by dotted name: `missing` when it does not exist, `unknown` when it cannot be read,
 * `unseen` for a third-party module when there is no environment to read it in, `stdlib` for the
 * standard library's.
 */
export type ModuleSource = (dotted: string) => ModuleFacts | 'missing' | 'unknown' | 'unseen' | 'stdlib';

export interface AppLabels {
  /** The labels the app may have (two when it depends on the Django version); undefined when unknown. */
  labels?: string[];
  /** The app's package (its config's `name`), when known. */
  name?: string;
}

export function appLabels(entry: string, source: ModuleSource): AppLabels {
  const contrib = /^django\.contrib\.(\w+)/.exec(entry)?.[1];
  if (contrib) return { labels: [contrib], name: `django.contrib.${contrib}` };
  const module = source(entry);
  if (module === 'unknown' || module === 'stdlib') return {};
  // A third-party package preflight cannot see: a module's default label; an AppConfig class's is not known.
  if (module === 'unseen') return /^[A-Z]/.test(lastPart(entry)) ? {} : { labels: [lastPart(entry)], name: entry };
  if (module !== 'missing') return moduleEntry(entry, module, source);
  // Not a module: `pkg.apps.Config`, a class of the module before the last dot.
  const dot = entry.lastIndexOf('.');
  if (dot <= 0) return {};
  const owner = source(entry.slice(0, dot));
  if (typeof owner === 'string') return {};
  const config = owner.appConfig?.classes.find((c) => c.name === entry.slice(dot + 1));
  return config ? configLabels(config, owner) : {};
}

/** An entry naming the app's module: the AppConfig Django picks in its `apps` submodule, or a plain one. */
function moduleEntry(entry: string, init: ModuleFacts, source: ModuleSource): AppLabels {
  const plain: AppLabels = { labels: [lastPart(entry)], name: entry };
  const apps = source(`${entry}.apps`);
  let picked: AppLabels = plain;
  if (apps === 'unknown' || apps === 'unseen' || apps === 'stdlib') return {};
  if (apps !== 'missing') {
    const chosen = pickConfig(apps, entry, source);
    if (chosen === 'unknown') return {};
    if (chosen) picked = configLabels(chosen, apps);
  }
  const dac = init.appConfig?.defaultAppConfig;
  if (dac === undefined) return picked;
  // Django < 4.1 follows default_app_config; 4.1 and later ignore it: either label.
  if (dac === null || !picked.labels) return {};
  const followed = appLabels(dac, source);
  if (!followed.labels) return {};
  return { labels: [...new Set([...followed.labels, ...picked.labels])], ...(followed.name === picked.name && picked.name ? { name: picked.name } : {}) };
}

/**
 * Django 3.2's automatic choice among the AppConfig subclasses an `apps` module holds (its namespace, so
 * imported ones count): the only one not marked `default = False`, else the only one marked `default = True`.
 * undefined when there is none; unknown when a class's ancestry or `default` cannot be read.
 */
function pickConfig(apps: ModuleFacts, appPackage: string, source: ModuleSource): ClassDefinition | undefined | 'unknown' {
  if (apps.starImports.length > 0 || apps.dynamicNamespace) return 'unknown';
  const classes = apps.appConfig?.classes ?? [];
  const aliases = appConfigAliases(apps);
  for (const b of apps.bindings) {
    // A class preflight did not read (a conditional one) in a module that mentions AppConfig may be one
    // (elsewhere a class can only derive from AppConfig through a base imported by name, checked below).
    if (b.kind === 'class' && apps.appConfig && !classes.some((c) => c.name === b.name)) return 'unknown';
    if (b.kind === 'from-import' && !b.typeCheckingOnly && /^[A-Z]/.test(b.name) && !aliases.has(b.name) && mayBeAppConfig(b, appPackage, source)) return 'unknown';
  }
  const candidates: ClassDefinition[] = [];
  for (const c of classes) {
    const is = isAppConfig(c, classes, aliases, new Set());
    if (is === 'unknown') return 'unknown';
    if (!is) continue;
    const isDefault = attribute(c, 'default', classes, aliases);
    if (isDefault === null || isDefault === UNKNOWN) return 'unknown';
    if (isDefault !== false) candidates.push(c);
  }
  if (candidates.length === 1) return candidates[0];
  const defaults = candidates.filter((c) => attribute(c, 'default', classes, aliases) === true);
  // Several marked default: Django raises RuntimeError (another crash, not a label).
  if (defaults.length > 1) return 'unknown';
  return defaults[0];
}

/** Django's modules that define AppConfig subclasses: the contrib apps' `apps` modules, and the migrations' stub. */
const DJANGO_CONFIG_MODULES = /^django\.(?:apps|contrib\.\w+\.apps|db\.migrations\.state)$/;

/**
 * Whether a class imported into an `apps` module may be an AppConfig subclass (Django's automatic choice
 * counts those too): not when it comes from the standard library or from a Django module that defines
 * none; when preflight reads its module, as that module defines it; else when its name ends in `Config`.
 */
function mayBeAppConfig(binding: Binding, appPackage: string, source: ModuleSource): boolean {
  const level = binding.level ?? 0;
  const base = level > 0 ? appPackage.split('.').slice(0, appPackage.split('.').length - (level - 1)).join('.') : '';
  const module = level > 0 ? [base, binding.module].filter(Boolean).join('.') : binding.module ?? '';
  if (module.startsWith('django.') && !DJANGO_CONFIG_MODULES.test(module)) return false;
  const facts = source(module);
  if (facts === 'stdlib') return false;
  const name = binding.importedName ?? binding.name;
  if (typeof facts === 'object') {
    const defined = facts.appConfig?.classes.find((c) => c.name === name);
    if (defined) return isAppConfig(defined, facts.appConfig!.classes, appConfigAliases(facts), new Set()) !== false;
  }
  return /Config$/.test(name);
}

/** A config class's label: its `label`, else the last part of its `name`, each inherited through the module's own classes. */
function configLabels(config: ClassDefinition, owner: ModuleFacts): AppLabels {
  const classes = owner.appConfig?.classes ?? [];
  const aliases = appConfigAliases(owner);
  if (isAppConfig(config, classes, aliases, new Set()) !== true) return {};
  const label = attribute(config, 'label', classes, aliases);
  const name = attribute(config, 'name', classes, aliases);
  const knownName = typeof name === 'string' ? { name } : {};
  if (typeof label === 'string') return { labels: [label], ...knownName };
  if (label !== undefined || typeof name !== 'string') return {};
  return { labels: [lastPart(name)], name };
}

/** The names `django.apps.AppConfig` is bound to in a module (`AppConfig`, or an alias), and `apps` for `from django import apps`. */
function appConfigAliases(facts: ModuleFacts): Set<string> {
  const aliases = new Set<string>();
  for (const b of facts.bindings) {
    if (b.kind === 'from-import' && b.level === 0 && b.module === 'django.apps' && b.importedName === 'AppConfig') aliases.add(b.name);
  }
  return aliases;
}

/** Whether a class derives from AppConfig through bases preflight can read; unknown when a base comes from elsewhere. */
function isAppConfig(c: ClassDefinition, classes: readonly ClassDefinition[], aliases: ReadonlySet<string>, seen: Set<string>): boolean | 'unknown' {
  if (seen.has(c.name)) return false;
  seen.add(c.name);
  let result: boolean | 'unknown' = false;
  for (const base of c.bases) {
    if (aliases.has(base) || base === 'apps.AppConfig' || base === 'django.apps.AppConfig') return true;
    if (base === 'object') continue;
    const local = classes.find((k) => k.name === base);
    const inherited = local ? isAppConfig(local, classes, aliases, seen) : 'unknown';
    if (inherited === true) return true;
    if (inherited === 'unknown') result = 'unknown';
  }
  return result;
}

/** An attribute set somewhere preflight cannot read (a base class from elsewhere). */
const UNKNOWN = Symbol('unknown');

/**
 * A class attribute as Python looks it up (the class, then its bases in order), through the module's own
 * classes; undefined when no class of the chain sets it (AppConfig itself sets none of these), UNKNOWN
 * when a base from elsewhere comes before one that does.
 */
function attribute(c: ClassDefinition, key: 'name' | 'label' | 'default', classes: readonly ClassDefinition[], aliases: ReadonlySet<string>, seen = new Set<string>()): string | boolean | null | undefined | typeof UNKNOWN {
  if (key in c.attributes) return c.attributes[key];
  if (seen.has(c.name)) return undefined;
  seen.add(c.name);
  for (const base of c.bases) {
    if (aliases.has(base) || base === 'apps.AppConfig' || base === 'django.apps.AppConfig' || base === 'object') continue;
    const local = classes.find((k) => k.name === base);
    if (!local) return UNKNOWN;
    const value = attribute(local, key, classes, aliases, seen);
    if (value !== undefined) return value;
  }
  return undefined;
}

function lastPart(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}
