export { check, VERSION, type CheckOptions, type CheckResult } from './check.js';
export { extractModuleFacts } from './extract/module-facts.js';
export { Project, type ProjectModule } from './project/project.js';
export type { SourceRoot } from './project/source-roots.js';
export type { ModuleResolution, NameResolution, ResolvedImport } from './resolve/resolution.js';
export { rules } from './rules/index.js';
export { similarNames, editDistance } from './suggest/similar-names.js';
export { DEFAULT_PYTHON_VERSION, PLATFORMS, SUPPORTED_VERSIONS, formatVersion, parseVersion, type Platform, type Target } from './environment/target.js';
export { evaluateCondition } from './environment/evaluate-condition.js';
