import { describe, expect, it } from 'vitest';
import { NodePathFinder } from './node-path.js';
import { parsePython, type SyntaxNode } from './parser.js';

/** The path by `node.parent`, root first: what the finder must agree with. */
function parentPath(root: SyntaxNode, start: number, end: number): string[] {
  const path: string[] = [];
  for (let node: SyntaxNode | null = root.descendantForIndex(start, end); node; node = node.parent) path.unshift(node.type);
  return path;
}

describe('NodePathFinder', () => {
  const text = 'import os\n\nclass A:\n    x = os.path\n\n    def f(self, y=os.sep):\n        if y:\n            return os.getcwd()\n';
  const root = parsePython(text).rootNode;
  const hits = [...text.matchAll(/\bos\b/g)].map((m) => m.index);

  it('gives the path of `node.parent`, with fields, in any order of lookups', () => {
    for (const order of [hits, [...hits].reverse(), [hits[2]!, hits[0]!, hits[3]!, hits[1]!]]) {
      const finder = new NodePathFinder(root, new Set(['function_definition']));
      for (const at of order) {
        const frames = finder.pathTo(at, at + 2);
        expect(frames.map((f) => f.type)).toEqual(parentPath(root, at, at + 2));
        expect(frames.at(-1)).toMatchObject({ type: 'identifier', start: at, end: at + 2 });
      }
    }
  });

  it('says each node\'s field in its parent, and keeps the nodes asked for', () => {
    const finder = new NodePathFinder(root, new Set(['function_definition']));
    const frames = finder.pathTo(hits[3]!, hits[3]! + 2);
    const fn = frames.find((f) => f.type === 'function_definition')!;
    expect(fn.node?.childForFieldName('name')?.text).toBe('f');
    expect(frames[frames.indexOf(fn) + 1]!.field).toBe('body');
    expect(frames.at(-1)!.field).toBe('object');
    expect(frames.filter((f) => f.node).map((f) => f.type)).toEqual(['function_definition']);
  });

  it('stops at the smallest node holding the range, in a comment or between tokens', () => {
    const source = 'x = 1  # os.path\ny = (a ,  b)\n';
    const tree = parsePython(source).rootNode;
    const finder = new NodePathFinder(tree, new Set());
    const comment = source.indexOf('os');
    expect(finder.pathTo(comment, comment + 2).at(-1)!.type).toBe('comment');
    const gap = source.indexOf(',') + 1;
    expect(finder.pathTo(gap, gap + 1).at(-1)!.type).toBe('tuple');
  });
});
