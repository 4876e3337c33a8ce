/** Every rule, sorted by id. */
import { circularImport } from './circular-import.js';
import { missingDependency } from './missing-dependency.js';
import type { Rule } from './rule.js';
import { undeclaredDependency } from './undeclared-dependency.js';
import { unresolvedAttribute } from './unresolved-attribute.js';
import { unresolvedReference } from './unresolved-reference.js';
import { syntaxError } from './syntax-error.js';
import { unresolvedModule } from './unresolved-module.js';
import { unresolvedName } from './unresolved-name.js';
import { unusedSuppression } from './unused-suppression.js';

export const rules: readonly Rule[] = [circularImport, missingDependency, syntaxError, undeclaredDependency, unresolvedAttribute, unresolvedModule, unresolvedName, unresolvedReference, unusedSuppression];

export type { Rule, RuleContext, FindingInput } from './rule.js';
