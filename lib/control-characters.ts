// Control characters that have no business in typed text: the C0 set except tab, LF and CR, plus DEL.
// They are invisible on screen, break CSV readers (a NUL ends a C string) and can hide content, so
// free-text answers and study texts refuse them with a message naming the first one found.

export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The first such character as a reader can name it ("NUL", "DEL", "U+001B"), or null when none. */
export function firstControlCharacter(text: string): string | null {
  const found = CONTROL_CHARACTERS.exec(text)?.[0];
  if (found === undefined) return null;
  const code = found.charCodeAt(0);
  if (code === 0) return 'NUL';
  if (code === 0x7f) return 'DEL';
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
