export { check, VERSION, type CheckOptions, type CheckResult } from './check.js';
export { extractModuleFacts } from './extract/module-facts.js';
export { Project, type ProjectModule } from './project/project.js';
export type { SourceRoot } from './project/source-roots.js';
export type { ModuleResolution, NameResolution, ResolvedImport } from './resolve/resolution.js';
export { rules } from './rules/index.js';
export { similarNames, editDistance } from './suggest/similar-names.js';
