/** The rules' documentation (packages/python/src/rules/<id>.md), for `preflight rule` and SARIF's rule metadata. */
import fs from 'node:fs';
import { rules } from '@preflight/python';
import type { RuleMetadata } from '@preflight/reporters';

/** Rule docs live beside the rule sources, from dist/ and src/ alike. */
const RULE_DOCS = new URL('../../python/src/rules/', import.meta.url);
/** Where this repository's rule documentation is published (SARIF `helpUri`). */
export const RULE_DOCS_URL = 'https://github.com/preflight-dev/preflight/blob/main/packages/python/src/rules';

export function ruleDoc(id: string): string {
  return fs.readFileSync(new URL(`${id}.md`, RULE_DOCS), 'utf8');
}

export function ruleMetadata(): RuleMetadata[] {
  return rules.map((r) => ({ id: r.id, summary: r.summary, markdown: ruleDoc(r.id), helpUri: `${RULE_DOCS_URL}/${r.id}.md` }));
}
