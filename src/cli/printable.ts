/**
 * Makes text safe to print for people: a path, URI, field name or log line can hold any character, and a
 * newline or an escape sequence in one would forge a line of output ("failed: …") or drive the terminal.
 * Control characters (C0, DEL, C1) and the Unicode line and bidirectional-override marks are written as
 * escapes (`\n`, `\x1b`, `\u202e`); everything else is unchanged. Only human output goes through this: JSON
 * and CSV carry the text exactly.
 */

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
// \p{Cc}: C0 controls, DEL and C1 controls.
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
const UNPRINTABLE_BUT_NEWLINE = /(?!\n)[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

function escaped(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * @param text what to print
 * @param keepNewlines keep line breaks, for a message made of several lines (the settings errors)
 * @default keepNewlines false
 * @example printable("in/evil\n  failed: ok\u001b[2K.log") // "in/evil\\n  failed: ok\\x1b[2K.log"
 */
export function printable(text: string, keepNewlines = false): string {
  return text.replace(keepNewlines ? UNPRINTABLE_BUT_NEWLINE : UNPRINTABLE, escaped);
}
