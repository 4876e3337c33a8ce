/** unresolved-reference: a dotted path in Django settings that does not resolve (doc: unresolved-reference.md). */
import type { SettingString } from '@preflight/core';
import { distributionsProviding } from '../environment/distributions.js';
import type { ProjectModule } from '../project/project.js';
import { adviseMissingModule } from '../suggest/suggest-fixes.js';
import { looselyProvided } from './missing-dependency.js';
import type { Rule, RuleContext } from './rule.js';

/**
 * What each setting names, and when Django imports it: `startup` settings are imported by django.setup()
 * or when the WSGI/ASGI handler is built; the others on first use (a request, a login).
 */
const SETTINGS: Record<string, { names: 'module' | 'object' | 'app'; firstUse?: boolean }> = {
  INSTALLED_APPS: { names: 'app' },
  MIDDLEWARE: { names: 'object' },
  WSGI_APPLICATION: { names: 'object' },
  ASGI_APPLICATION: { names: 'object' },
  DEFAULT_AUTO_FIELD: { names: 'object' },
  ROOT_URLCONF: { names: 'module', firstUse: true },
  AUTHENTICATION_BACKENDS: { names: 'object', firstUse: true },
};

export const unresolvedReference: Rule = {
  id: 'unresolved-reference',
  summary: 'A dotted path in framework settings (Django INSTALLED_APPS, MIDDLEWARE, ROOT_URLCONF, ...) that does not resolve',
  check(context) {
    for (const module of context.project.modules) {
      if (module.isStub || !module.facts.settings) continue;
      for (const setting of module.facts.settings) {
        const kind = SETTINGS[setting.setting];
        if (kind) check(context, module, setting, kind);
      }
    }
  },
};

function check(context: RuleContext, settings: ProjectModule, reference: SettingString, kind: (typeof SETTINGS)[string]): void {
  const report = (message: string, extra: { unsure?: boolean; suggestions?: { message: string }[] } = {}) =>
    context.report({
      file: settings.file, span: reference.span, module: reference.value, message: `\`${reference.setting}\` names \`${reference.value}\`: ${message}`,
      ...(kind.firstUse ? { when: 'call' as const, whenNote: 'Django imports it on first use' } : {}), ...extra,
    });
  const asModule = context.resolver.modules.resolve(settings, reference.value, 0);
  if (asModule.status === 'found' || asModule.status === 'unknown') {
    if (kind.names !== 'object') return;
  }
  if (asModule.status === 'external' && asModule.stdlib) return;
  // An app, a class or an attribute: the module is everything but the last part.
  const dot = reference.value.lastIndexOf('.');
  const canBeObject = kind.names !== 'module' && dot > 0;
  const moduleName = canBeObject ? reference.value.slice(0, dot) : reference.value;
  const attribute = canBeObject ? reference.value.slice(dot + 1) : undefined;
  const target = canBeObject ? context.resolver.modules.resolve(settings, moduleName, 0) : asModule;
  if (kind.names === 'app' && asModule.status === 'external') return checkExternal(context, asModule.topLevel, asModule.installed, report);
  switch (target.status) {
    case 'unknown':
      return;
    case 'external':
      if (target.stdlib) return;
      return checkExternal(context, target.topLevel, target.installed, report);
    case 'missing': {
      if (kind.names === 'app' && asModule.status === 'missing' && canBeObject) {
        report(`no module \`${asModule.missing}\` exists`, { suggestions: adviseMissingModule(context, asModule.missing, asModule.parent, []) });
        return;
      }
      report(`no module \`${target.missing}\` exists`, { suggestions: adviseMissingModule(context, target.missing, target.parent, []) });
      return;
    }
    case 'found': {
      if (!attribute) return;
      const name = context.resolver.names.resolve(target.module, attribute);
      if (name.status === 'missing') report(`\`${attribute}\` is not defined in module \`${target.module.name}\``);
    }
  }
}

function checkExternal(
  context: RuleContext,
  top: string,
  installed: unknown,
  report: (message: string, extra?: { unsure?: boolean; suggestions?: { message: string }[] }) => void,
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
    { ...(noEnvironment ? { unsure: true } : {}), suggestions: [{ message: `add \`${candidates[0]}\` to the project's dependencies` }] },
  );
}
