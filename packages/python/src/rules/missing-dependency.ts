/** missing-dependency: a third-party import that no dependency file declares (doc: missing-dependency.md). */
import { bringers, distributionsProviding } from '../environment/distributions.js';
import type { ResolvedImport } from '../resolve/resolution.js';
import type { Rule, RuleContext } from './rule.js';

/** Files that run only in development (tests, docs, examples, scripts): any dependency group counts. */
const DEVELOPMENT_FILE =
  /(?:^|\/)(?:tests?|testing|t|docs?[\w-]*|examples?|scripts?|tools|benchmarks?|bench|\.github)\/|(?:^|\/)(?:test_[^/]*|[^/]*_test|conftest|noxfile|tasks|fabfile)\.py$/;

/** Modules built into other interpreters or platforms (PyPy, Pyodide, Jython, IronPython): no distribution provides them. */
const INTERPRETER_MODULES = new Set(['__pypy__', '_pypy_openssl', 'js', 'pyodide', '_pyodide', 'java', 'clr', 'System']);
const VENDORED = /(?:^|\/)(?:_vendor|vendor|vendored|_vendored|third_party|thirdparty|externals?)\//;

export const missingDependency: Rule = {
  id: 'missing-dependency',
  summary: 'A third-party import that no dependency file of the project declares',
  check(context) {
    const { dependencies } = context;
    // With nothing declared anywhere there is nothing to compare with (the summary says so).
    if (!dependencies || dependencies.byName.size === 0) return;
    const declaredNames = new Set(dependencies.byName.keys());
    const optionalInModule = optionalPackages(context.imports);

    for (const resolved of context.imports) {
      const { importer, site, target } = resolved;
      if (target.status !== 'external' || target.stdlib) continue;
      const top = target.topLevel;
      // setup.py runs at build time with its build requirements; a module of the project reachable only
      // through a sys.path change (tests/test_apps/...) is the project's, not a distribution.
      if (/(?:^|\/)setup\.py$/.test(importer.file) || context.project.hasNameAnywhere(top) || INTERPRETER_MODULES.has(top)) continue;
      // Vendored third-party code brings its own optional imports: not the project's dependencies.
      if (VENDORED.test(importer.file)) continue;
      // Alternatives of an optional import, or a package this module imports optionally elsewhere.
      if (site.guard?.kind === 'fallback' || site.guard?.kind === 'try-else' || optionalInModule.get(importer.file)?.has(top)) continue;
      // Installed: the environment knows which distribution provides it (undeclared-dependency's business).
      if (target.installed) continue;
      const candidates = target.installed === null ? installedOrShipped(context, top) : distributionsProviding(top);
      if (candidates.some((name) => context.ownDistributions.has(name))) continue;
      const declared = candidates.flatMap((name) => dependencies.byName.get(name) ?? []);
      const development = DEVELOPMENT_FILE.test(importer.file);
      if (declared.length > 0 && (development || declared.some((d) => d.group !== 'dev'))) continue;
      const distribution = candidates[0]!;
      const base = { file: importer.file, span: site.moduleSpan, site, module: top };
      const runtimeFile = dependencyFileFor(importer.file, dependencies.files);
      if (declared.length > 0) {
        context.report({
          ...base, unsure: true,
          message: `\`${top}\` is declared only as a development dependency (${declared[0]!.file}), but \`${importer.name}\` is not a test or tooling file`,
          suggestions: [{ message: `move \`${distribution}\` to the runtime dependencies in ${runtimeFile}` }],
        });
        continue;
      }
      // An import name no table knows, inside a declared distribution's name (`mptt` / django-mptt,
      // `pythonjsonlogger` / python-json-logger, `opentelemetry` / opentelemetry-api): most likely its
      // provider. Not knowing for sure, say nothing.
      if (looselyProvided(top, declaredNames)) continue;
      const viaExtra = candidates.map((name) => dependencies.extras.get(name)).find((e) => e !== undefined);
      const parents = viaExtra ? [viaExtra] : candidates.flatMap((name) => bringers(name, declaredNames));
      if (parents.length > 0) {
        // Installed with a declared dependency: it works, until that dependency stops requiring it.
        context.report({
          ...base, unsure: true,
          message: `\`${top}\` is not declared; it is installed only because \`${parents[0]}\` depends on it`,
          suggestions: [{ message: `declare \`${distribution}\` in ${runtimeFile} if this code uses it directly` }],
        });
        continue;
      }
      const renamed = candidates.length === 1 && distribution !== top.toLowerCase().replace(/_/g, '-');
      // Certain only for application code importing at module level: a lazy import inside a function is how
      // Python code spells an optional dependency, and tests or scripts often extend sys.path or write the
      // modules they import.
      // Without an environment, "not installed" is unknown: a dependency of a declared package may bring it.
      const unsure = development || site.scope === 'function' || target.installed === undefined;
      const where = target.installed === null ? `, and it is not installed in ${context.environmentName}` : '';
      context.report({
        ...base, ...(unsure ? { unsure } : {}),
        message: `\`${top}\` is imported but no dependency file declares it${renamed ? ` (its distribution is \`${distribution}\`)` : ''}${where}`,
        suggestions: [{ message: `add \`${distribution}\` to ${development ? 'the development dependencies' : runtimeFile}` }],
      });
    }
  },
};

const PREFERRED = ['requirements.txt', 'pyproject.toml', 'setup.cfg', 'setup.py', 'Pipfile', 'requirements.in'];

/** Where a runtime dependency of `file` belongs: the nearest folder's main dependency file. */
function dependencyFileFor(file: string, files: readonly string[]): string {
  const runtime = files.filter((f) => !/(?:dev|test|doc|lint|ci)/i.test(f.slice(f.lastIndexOf('/') + 1)));
  const pool = runtime.length > 0 ? runtime : [...files];
  const folderOf = (f: string) => (f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '');
  const rank = (f: string) => {
    const folder = folderOf(f);
    const holds = folder === '' || file.startsWith(`${folder}/`);
    const preferred = PREFERRED.indexOf(f.slice(f.lastIndexOf('/') + 1));
    return [holds ? -folder.length : 1, preferred === -1 ? PREFERRED.length : preferred] as const;
  };
  return pool.sort((a, b) => rank(a)[0] - rank(b)[0] || rank(a)[1] - rank(b)[1] || (a < b ? -1 : 1))[0]!;
}

/** An import name found inside a declared distribution name (`mptt` / django-mptt): most likely its provider. */
export function looselyProvided(top: string, declared: ReadonlySet<string>): boolean {
  const compact = (s: string) => s.toLowerCase().replace(/[-_.]/g, '');
  const name = compact(top);
  if (name.length < 3) return false;
  // Every word of the import name in one declared name: `strawberry_django` / strawberry-graphql-django.
  const words = top.toLowerCase().split('_').filter((w) => w.length >= 2);
  for (const d of declared) {
    const dist = compact(d);
    if (dist.includes(name) || (words.length > 1 && words.every((w) => dist.includes(w)))) return true;
  }
  return false;
}

function installedOrShipped(context: RuleContext, top: string): string[] {
  return context.installed?.environment.providers.get(top) ?? distributionsProviding(top);
}


/** Per module, the packages it imports under `try/except ImportError` (its optional dependencies). */
function optionalPackages(imports: readonly ResolvedImport[]): Map<string, Set<string>> {
  const byFile = new Map<string, Set<string>>();
  for (const { importer, site, target } of imports) {
    if (target.status !== 'external' || site.guard?.kind !== 'try') continue;
    const set = byFile.get(importer.file) ?? new Set<string>();
    set.add(target.topLevel);
    byFile.set(importer.file, set);
  }
  return byFile;
}
