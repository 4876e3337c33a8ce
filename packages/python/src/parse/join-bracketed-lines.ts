/**
 * Python joins the lines inside brackets into one logical line, so their indentation does not matter.
 * tree-sitter-python's scanner still reads indentation there (`x = (1 +` then `2)` at column 0 inside a
 * def is an error for it, valid for Python). This rewrites the newlines inside brackets (and comments
 * there, which would otherwise swallow the joined line) to spaces, keeping every offset, so a file can be
 * re-parsed when the first parse failed. Strings are skipped, triple-quoted ones included.
 */
export function joinBracketedLines(text: string): string {
  const out = text.split('');
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j)) {
        if (text[j] === '\\') j++;
        else if (!triple && (text[j] === '\n' || text[j] === '\r')) break;
        j++;
      }
      i = j + quote.length - 1;
    } else if (c === '#') {
      const end = text.slice(i).search(/[\r\n]/);
      const stop = end === -1 ? text.length : i + end;
      if (depth > 0) for (let k = i; k < stop; k++) out[k] = ' ';
      i = stop - 1;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if ((c === ')' || c === ']' || c === '}') && depth > 0) {
      depth--;
    } else if (depth > 0 && (c === '\n' || c === '\r')) {
      out[i] = ' ';
    }
  }
  return out.join('');
}
