/** syntax-error: the file does not parse, so importing it raises SyntaxError (doc: syntax-error.md). */
import type { Rule } from './rule.js';

export const syntaxError: Rule = {
  id: 'syntax-error',
  summary: 'The file does not parse, so importing it raises SyntaxError',
  check(context) {
    for (const module of context.project.modules) {
      const problem = module.facts.syntaxError;
      // Stubs (.pyi) are never imported at run time.
      if (!problem || module.isStub) continue;
      context.report({
        file: module.file,
        span: problem.span,
        message: `SyntaxError: ${problem.message}; importing \`${module.name}\` raises`,
        module: module.name,
      });
    }
  },
};
