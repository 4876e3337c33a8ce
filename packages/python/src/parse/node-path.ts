/**
 * The path from the root down to the smallest node holding a range, read with one tree cursor: each
 * step is a few numbers from the native tree (type id, field id, offsets), where walking up through
 * `node.parent` creates a JavaScript node object per step (each with a weak reference and a finalizer
 * in the binding). Consecutive lookups in text order share their common prefix, so a file's hits cost
 * about one walk of the nodes they touch.
 */
import type { SyntaxNode } from './parser.js';

export interface PathFrame {
  type: string;
  /** This node's field in its parent (`body`, `condition`, `object`), if it has one. */
  field: string | undefined;
  /** UTF-16 offsets, as `SyntaxNode.startIndex` / `endIndex`. */
  start: number;
  end: number;
  /** The node itself, for the types the finder was asked to keep (their children are read). */
  node?: SyntaxNode;
}

export type Cursor = ReturnType<SyntaxNode['walk']>;

// Names by id, the same for every tree of the grammar: asked of the binding once each (a number
// crosses the native boundary cheaper than a new string).
const typeNames = new Map<number, string>();
const fieldNames = new Map<number, string>();

/** The type of the cursor's node. */
export function cursorType(cursor: Cursor): string {
  const typeId = cursor.nodeTypeId;
  let type = typeNames.get(typeId);
  if (type === undefined) typeNames.set(typeId, (type = cursor.nodeType));
  return type;
}

/** The cursor's node's field in its parent, if it has one. */
function cursorField(cursor: Cursor): string | undefined {
  const fieldId = cursor.currentFieldId as number | undefined;
  if (fieldId === undefined) return undefined;
  let field = fieldNames.get(fieldId);
  if (field === undefined) fieldNames.set(fieldId, (field = cursor.currentFieldName));
  return field;
}

export class NodePathFinder {
  private readonly cursor: Cursor;
  private readonly stack: PathFrame[];

  /** `keep`: the node types whose frames carry their node. */
  constructor(root: SyntaxNode, private readonly keep: ReadonlySet<string>) {
    this.cursor = root.walk();
    this.stack = [{ ...this.current(), start: 0, end: Number.MAX_SAFE_INTEGER }];
  }

  /**
   * The frames from the root (first) to the smallest node holding [start, end) (last). The array is
   * the finder's own and changes with the next call: copy what is kept. Cheapest in text order.
   */
  pathTo(start: number, end: number): readonly PathFrame[] {
    const { cursor, stack } = this;
    for (let top = stack[stack.length - 1]!; stack.length > 1 && (top.start > start || top.end < end); top = stack[stack.length - 1]!) {
      stack.pop();
      cursor.gotoParent();
    }
    // `gotoFirstChildForIndex` answers the child's index (0 included) or null, whatever its typing says.
    while ((cursor.gotoFirstChildForIndex(start) as unknown as number | null) !== null) {
      const childStart = cursor.startIndex;
      const childEnd = cursor.endIndex;
      if (childStart > start || childEnd < end) {
        cursor.gotoParent();
        break;
      }
      stack.push({ ...this.current(), start: childStart, end: childEnd });
    }
    return stack;
  }

  private current(): Omit<PathFrame, 'start' | 'end'> {
    const cursor = this.cursor;
    const type = cursorType(cursor);
    const field = cursorField(cursor);
    return this.keep.has(type) ? { type, field, node: cursor.currentNode } : { type, field };
  }
}
