/**
 * Text from the analysed project (names, paths, source lines, messages quoting them) on its way to a
 * terminal: control characters become visible `\xNN`, so a hostile file cannot send escape sequences.
 */
export function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
