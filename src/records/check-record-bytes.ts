/**
 * A strict check of flow-log text at the byte level, fast enough to run over every byte ingested. An object
 * whose bytes are *strict* reads the same whether DuckDB types its whole-number fields itself or the record
 * decoder (decode-record.ts) reads it line by line, so the fast path may load it without checking digits.
 * The check is conservative: it may call decodable text not strict (that only costs speed), never the
 * other way round. Value ranges and end ≥ start are not checked here; SQL checks them on typed values.
 *
 * Strict means every record line (after the header line, which is skipped whatever it holds) has:
 * - exactly the layout's fields (an export timestamp first, when the layout has one), separated by single
 *   spaces (0x20), none empty; lines end at LF, the last one may lack it; an empty line is not strict;
 * - whole-number fields of 1 to 16 ASCII digits, or exactly `-` (NULL);
 * - no control character (0x00–0x1f, 0x7f); bytes from 0x80 only inside the record (DuckDB validates UTF-8
 *   itself): not in its first or last field, which the decoder's trim() could shorten by Unicode white
 *   space, nor in the export timestamp, which the careful path strips up to white space;
 * - no `{` in the record's first field: the careful path reads a line that starts with one as JSON;
 * - text fields of at most `textFieldLimit` bytes, so that no line is longer than MAX_RECORD_LINE_BYTES.
 */
import { MAX_RECORD_LINE_BYTES } from "./decode-record.js";
import type { LogFormat } from "./log-format.js";

export interface RecordBytesLayout {
  readonly format: LogFormat;
  /** The first line is a header line; it is skipped whatever it holds. */
  readonly header: boolean;
  /** Each line starts with a CloudWatch Logs export timestamp before the record. */
  readonly exportTimestamp: boolean;
}

export type RecordBytesVerdict =
  /** `lines`: the record lines seen, the header line not counted. */
  | { readonly strict: true; readonly lines: number }
  /** `line`: the first line that is not strict, numbered from 1 as in the file (a header line is line 1). */
  | { readonly strict: false; readonly line: number; readonly reason: string };

/** Longest whole number a record may write: the decoder's limit too. */
const MAX_DIGITS = 16;

// What a field holds. Each kind has two 256-entry rows of byte classes: one for the line's last field,
// where a space or an LF means something else, and one for the other fields.
const TEXT = 0;
/** Text of ASCII bytes only: the export timestamp, and the record's last field. */
const ASCII_TEXT = 1;
const WHOLE_NUMBER = 2;
/** The record's first field, when it is text: ASCII bytes, and no `{` (a line may be a JSON object). */
const FIRST_TEXT = 3;
const KINDS = 4;

// Byte classes. The loop compares with them as literals: module-level constants cost a load and a check
// per byte there (measured: about half the speed).
const FITS = 0; // a byte the field may hold: a text byte, a digit in a whole-number field
const SPACE = 1; // after a field that is not the last
const LF = 2; // after the last field
const CONTROL = 3;
const DASH = 4; // in a whole-number field
const NOT_DIGIT = 5; // in a whole-number field
const NOT_ASCII = 6; // from 0x80, in an ASCII field
const SPACE_AFTER_LAST = 7;
const LF_EARLY = 8; // after a field that is not the last
const BRACE = 9; // `{` in the record's first text field

function byteClass(kind: number, last: boolean, byte: number): number {
  if (byte === 0x0a) return last ? LF : LF_EARLY;
  if (byte === 0x20) return last ? SPACE_AFTER_LAST : SPACE;
  if (byte < 0x20 || byte === 0x7f) return CONTROL;
  if (kind === WHOLE_NUMBER) return byte >= 0x30 && byte <= 0x39 ? FITS : byte === 0x2d ? DASH : NOT_DIGIT;
  if (kind === FIRST_TEXT && byte === 0x7b) return BRACE;
  return byte < 0x80 || kind === TEXT ? FITS : NOT_ASCII;
}

/** Row `(kind × 2 + last) × 256` holds the class of each byte in such a field. */
const CLASSES = Uint8Array.from({ length: KINDS * 2 * 256 }, (_, i) =>
  byteClass(i >> 9, ((i >> 8) & 1) === 1, i & 0xff),
);

/**
 * In a whole-number field, a `-` sets the field's length to this: any byte after it takes the length past
 * MAX_DIGITS + 1, which tells "not plain digits" from "too many digits" without a per-byte flag.
 */
const DASH_LENGTH = MAX_DIGITS + 1;

// Four bytes at a time (SWAR). For the bytes lo..hi (hi < 0x80), `((x + add) | (x - sub)) & 0x80808080`
// with add = 0x80 - (hi + 1) and sub = lo in each byte flags every byte of the little-endian word x outside
// lo..hi: x - sub sets the top bit of bytes below lo and from 0x80 + lo, x + add that of bytes from hi + 1
// (to 0x100 - add, where the other takes over). A carry or borrow only leaves a flagged byte, so it can only
// flag bytes after it: the lowest flag is the first byte outside lo..hi, and the bytes before it all fit.
/** Whole-number fields: the digits 0x30..0x39 fit. */
const DIGIT_ADD = 0x46464646;
const DIGIT_SUB = 0x30303030;
/** Text fields: 0x21..0x7e fit (bytes from 0x80 go byte by byte, where the field's row decides). */
const TEXT_ADD = 0x01010101;
const TEXT_SUB = 0x21212121;
/** The record's first text field: 0x21..0x7a fit (`{` and the bytes after it go byte by byte). */
const FIRST_TEXT_ADD = 0x05050505;

// Problems, put into words once, outside the loop.
const NONE = 0;
const NOT_PLAIN_DIGITS = 1;
const TOO_MANY_DIGITS = 2;
const TOO_LONG = 3;
const CONTROL_CHARACTER = 4;
const HIGH_BYTE = 5;
const LEADING_SPACE = 6;
const SPACE_RUN = 7;
const TRAILING_SPACE = 8;
const EMPTY_LINE = 9;
const FIELD_COUNT = 10;
/** More fields than the layout: counted to the line's end before the verdict. */
const EXTRA_FIELDS = 11;
const OPEN_BRACE = 12;

/**
 * The most bytes a text field of the layout may hold: what MAX_RECORD_LINE_BYTES leaves when every
 * whole-number field has MAX_DIGITS and the separators are counted, shared by the text fields. So no
 * strict line is longer than MAX_RECORD_LINE_BYTES, with no check per line (a real field is far shorter).
 */
function textFieldLimit(kinds: readonly number[]): number {
  const numbers = kinds.filter((kind) => kind === WHOLE_NUMBER).length;
  const texts = kinds.length - numbers;
  return Math.floor((MAX_RECORD_LINE_BYTES - numbers * MAX_DIGITS - (kinds.length - 1)) / Math.max(texts, 1));
}

/**
 * Checks flow-log text pushed in chunks split anywhere (mid-line, mid-field, mid-character). Once a line
 * is not strict, later pushes return at once and `end()` names that line.
 *
 * @example
 * const checker = new RecordBytesChecker({ format, header: true, exportTimestamp: false });
 * for await (const chunk of gunzip) checker.push(chunk);
 * checker.end(); // { strict: true, lines: 10000 }
 */
export class RecordBytesChecker {
  /** The most bytes a text field may hold (see textFieldLimit). */
  readonly textFieldLimit: number;
  /** Where each field's row of CLASSES starts. */
  private readonly rows: Uint16Array;
  /** The most bytes each field may hold. */
  private readonly limits: Uint32Array;
  /** Each field's word-test constants (DIGIT_ or TEXT_ADD and _SUB): unflagged bytes are FITS bytes there. */
  private readonly adds: Int32Array;
  private readonly subs: Int32Array;
  private readonly names: readonly string[];
  /** The index of the record's first field: 1 after an export timestamp, else 0. */
  private readonly firstRecordField: number;
  private readonly firstRecordLine: number;
  private verdict: RecordBytesVerdict | undefined;
  private inHeader: boolean;
  private records = 0;
  /** The current field's index in the line (the export timestamp is field 0 when there is one). */
  private field = 0;
  /** Bytes of the current field seen so far (DASH_LENGTH after a whole-number field's `-`). */
  private fieldLength = 0;
  /** On a line with more fields than the layout: the fields counted so far, and whether in one. */
  private extraFields = 0;
  private inExtraField = false;

  constructor(layout: RecordBytesLayout) {
    const fields = layout.format.fields;
    // The decoder trims the line, and so takes Unicode white space off the first and last fields.
    const kinds = fields.map((f, i) =>
      f.range ? WHOLE_NUMBER : i === 0 ? FIRST_TEXT : i === fields.length - 1 ? ASCII_TEXT : TEXT,
    );
    const names = fields.map((f) => `field ${f.name}`);
    if (layout.exportTimestamp) {
      // The careful path strips it up to the first white space, Unicode's included.
      kinds.unshift(ASCII_TEXT);
      names.unshift("the export timestamp");
    }
    const last = kinds.length - 1;
    this.textFieldLimit = textFieldLimit(kinds);
    this.rows = Uint16Array.from(kinds, (kind, i) => (kind * 2 + (i === last ? 1 : 0)) * 256);
    this.limits = Uint32Array.from(kinds, (kind) =>
      kind === WHOLE_NUMBER ? MAX_DIGITS : this.textFieldLimit,
    );
    this.adds = Int32Array.from(kinds, (kind) =>
      kind === WHOLE_NUMBER ? DIGIT_ADD : kind === FIRST_TEXT ? FIRST_TEXT_ADD : TEXT_ADD,
    );
    this.subs = Int32Array.from(kinds, (kind) => (kind === WHOLE_NUMBER ? DIGIT_SUB : TEXT_SUB));
    this.names = names;
    this.firstRecordField = layout.exportTimestamp ? 1 : 0;
    this.firstRecordLine = layout.header ? 2 : 1;
    this.inHeader = layout.header;
  }

  push(chunk: Uint8Array): void {
    if (this.verdict) return;
    let i = 0;
    if (this.inHeader) {
      i = chunk.indexOf(0x0a) + 1;
      if (i === 0) return;
      this.inHeader = false;
    }
    if (this.extraFields > 0) {
      this.countExtraFields(chunk, i);
      return;
    }
    i = this.scan(chunk, i);
    if (i === chunk.length) return;
    const f = this.field;
    const problem = this.diagnose(chunk[i] as number);
    if (problem === EXTRA_FIELDS) {
      this.extraFields = f + 1;
      this.countExtraFields(chunk, i);
    } else {
      this.verdict = this.notStrict(problem, chunk[i] as number);
    }
  }

  /**
   * Checks `chunk` from `from` on, up to its end or the first byte that is not strict: returns where. A
   * method of its own, apart from push(): V8 optimized the loop inside push() mid-call (on-stack
   * replacement) into code about 40% slower (measured).
   */
  private scan(chunk: Uint8Array, from: number): number {
    let i = from;
    // Only locals in the loop, and few: they stay in registers (measured: fewer, less work per line and
    // no module constants took it from 230 to 500 MB/s).
    const n = chunk.length;
    const words = n - 3;
    const view = new DataView(chunk.buffer, chunk.byteOffset, n);
    const classes = CLASSES;
    const rows = this.rows;
    const limits = this.limits;
    const adds = this.adds;
    const subs = this.subs;
    const dashLength = DASH_LENGTH;
    let f = this.field;
    let len = this.fieldLength;
    let row = rows[f] as number;
    let limit = limits[f] as number;
    let add = adds[f] as number;
    let sub = subs[f] as number;
    let records = this.records;
    // Four bytes at a time up to the first byte that is not FITS for the field (or to where the field's
    // limit is near), then one byte through one table lookup, work only where a field or a line ends, and
    // a break at anything that is not strict: diagnose() says what it was.
    for (; i < n; i++) {
      while (i < words) {
        const x = view.getInt32(i, true);
        const flags = ((x + add) | (x - sub)) & 0x80808080;
        if (flags !== 0) {
          const fit = (31 - Math.clz32(flags ^ (flags - 1))) >> 3;
          if (len + fit <= limit) {
            len += fit;
            i += fit;
          }
          break;
        }
        if (len + 4 > limit) break;
        len += 4;
        i += 4;
      }
      if (i === n) break;
      const c = classes[row + (chunk[i] as number)];
      if (c === 0 /* FITS */) {
        if (++len > limit) break;
      } else if (c === 1 /* SPACE */) {
        if (len === 0) break;
        f++;
        len = 0;
        row = rows[f] as number;
        limit = limits[f] as number;
        add = adds[f] as number;
        sub = subs[f] as number;
      } else if (c === 2 /* LF */) {
        if (len === 0) break;
        records++;
        f = 0;
        len = 0;
        row = rows[0] as number;
        limit = limits[0] as number;
        add = adds[0] as number;
        sub = subs[0] as number;
      } else if (c === 4 /* DASH */) {
        if (len !== 0) break;
        len = dashLength;
      } else {
        break;
      }
    }
    this.field = f;
    this.fieldLength = len;
    this.records = records;
    return i;
  }

  /** The verdict on everything pushed; a last line without LF is checked as if it had one. */
  end(): RecordBytesVerdict {
    if (this.verdict) return this.verdict;
    if (this.extraFields > 0) {
      this.verdict = this.extraFieldsVerdict(this.extraFields);
    } else if (this.field > 0 || this.fieldLength > 0) {
      const problem = this.lineEndProblem();
      if (problem !== NONE) this.verdict = this.notStrict(problem, 0);
      else this.records++;
    }
    this.verdict ??= { strict: true, lines: this.records };
    return this.verdict;
  }

  /** What made the loop stop at `byte`, in the state the loop left. */
  private diagnose(byte: number): number {
    const f = this.field;
    const len = this.fieldLength;
    const c = CLASSES[(this.rows[f] as number) + byte];
    if (c === FITS) {
      if (this.limits[f] !== MAX_DIGITS) return TOO_LONG;
      return len > DASH_LENGTH ? NOT_PLAIN_DIGITS : TOO_MANY_DIGITS;
    }
    if (c === SPACE || c === SPACE_AFTER_LAST) {
      if (len === 0) return f === 0 ? LEADING_SPACE : SPACE_RUN;
      return EXTRA_FIELDS;
    }
    if (c === LF || c === LF_EARLY) return this.lineEndProblem();
    if (c === DASH || c === NOT_DIGIT) return NOT_PLAIN_DIGITS;
    if (c === BRACE) return OPEN_BRACE;
    return c === NOT_ASCII ? HIGH_BYTE : CONTROL_CHARACTER;
  }

  /** What is wrong with the current line at its end (LF or end of input), or NONE. */
  private lineEndProblem(): number {
    if (this.fieldLength === 0) return this.field === 0 ? EMPTY_LINE : TRAILING_SPACE;
    return this.field === this.rows.length - 1 ? NONE : FIELD_COUNT;
  }

  /** Counts the fields of a line that has more than the layout, to its LF, to say how many it has. */
  private countExtraFields(chunk: Uint8Array, from: number): void {
    let count = this.extraFields;
    let inField = this.inExtraField;
    for (let i = from; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 0x0a) {
        this.verdict = this.extraFieldsVerdict(count);
        return;
      }
      if (byte !== 0x20 && !inField) count++;
      inField = byte !== 0x20;
    }
    this.extraFields = count;
    this.inExtraField = inField;
  }

  /** A line that went on after its last field: with more fields, or only with spaces. */
  private extraFieldsVerdict(fields: number): RecordBytesVerdict {
    return fields > this.rows.length
      ? this.notStrict(FIELD_COUNT, 0, fields)
      : this.notStrict(TRAILING_SPACE, 0);
  }

  /** The verdict on the current line, put into words; `fields` counts the export timestamp. */
  private notStrict(problem: number, byte: number, fields = this.field + 1): RecordBytesVerdict {
    const line = this.firstRecordLine + this.records;
    const name = this.names[this.field];
    const what: Record<number, string> = {
      [NOT_PLAIN_DIGITS]: `${name} is not plain digits`,
      [TOO_MANY_DIGITS]: `${name} has more than ${MAX_DIGITS} digits`,
      [TOO_LONG]: `${name} is longer than ${this.textFieldLimit} bytes`,
      [CONTROL_CHARACTER]: `a control character (0x${byte.toString(16).padStart(2, "0")})`,
      [HIGH_BYTE]: `${name} holds a byte above 0x7f (0x${byte.toString(16)})`,
      [LEADING_SPACE]: "the line starts with a space",
      [SPACE_RUN]: `a run of spaces before ${name}`,
      [TRAILING_SPACE]: "the line ends with a space",
      [EMPTY_LINE]: "an empty line",
      [OPEN_BRACE]: `${name} holds a "{" (a line that starts with one is read as JSON)`,
      [FIELD_COUNT]: `expected ${this.names.length - this.firstRecordField} fields, found ${fields - this.firstRecordField}`,
    };
    return { strict: false, line, reason: `line ${line}: ${what[problem]}` };
  }
}
