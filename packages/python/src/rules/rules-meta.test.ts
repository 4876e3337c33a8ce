/** Every rule has its documentation beside it, with the headings users rely on, and ids are unique and sorted. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from './index.js';

describe('rules', () => {
  it('are sorted by id, with unique ids that name what is broken', () => {
    const ids = rules.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it.each(rules.map((r) => r.id))('%s has a doc with What it catches / Why it crashes / Example / Fix', (id) => {
    const doc = fs.readFileSync(new URL(`./${id}.md`, import.meta.url), 'utf8');
    expect(doc.split('\n')[0]).toBe(`# ${id}`);
    for (const heading of ['## What it catches', '## Why it crashes', '## Example', '## Fix']) expect(doc).toContain(heading);
  });
});
