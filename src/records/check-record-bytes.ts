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
 * - no control character (0x00–0x1f, 0x7f) anywhere; bytes from 0x80 in text fields (DuckDB validates
 *   UTF-8), except as the first or last byte of the record, where the decoder's trim() could take them
 *   for Unicode white space, and in the export timestamp, which the careful path strips up to white space;
 * - at most MAX_RECORD_LINE_BYTES bytes before its LF.
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

// What a field holds; each kind has its own 256-entry row of byte classes.
const TEXT = 0;
/** The record's first field, when it is text: a byte from 0x80 may not start it. */
const FIRST_TEXT = 1;
const WHOLE_NUMBER = 2;
/** Text of ASCII bytes only. */
const EXPORT_TIMESTAMP = 3;

// Byte classes. The loop compares with them as literals: module-level constants cost a load and a check
// per byte there (measured: about half the speed).
const FITS = 0; // a byte the field may hold: any text byte, a digit in a whole-number field
const SPACE = 1;
const LF = 2;
const CONTROL = 3;
const DASH = 4; // in a whole-number field
const NOT_DIGIT = 5; // in a whole-number field
const HIGH_FIRST = 6; // from 0x80, in the record's first field
const NOT_ASCII = 7; // from 0x80, in the export timestamp

function byteClass(kind: number, byte: number): number {
  if (byte === 0x0a) return LF;
  if (byte === 0x20) return SPACE;
  if (byte < 0x20 || byte === 0x7f) return CONTROL;
  if (kind === WHOLE_NUMBER) return byte >= 0x30 && byte <= 0x39 ? FITS : byte === 0x2d ? DASH : NOT_DIGIT;
  if (byte < 0x80 || kind === TEXT) return FITS;
  return kind === FIRST_TEXT ? HIGH_FIRST : NOT_ASCII;
}

const CLASSES = Uint8Array.from({ length: 4 * 256 }, (_, i) => byteClass(i >> 8, i & 0xff));

/**
 * In a whole-number field, a `-` sets the field's length to this: any byte after it takes the length past
 * MAX_DIGITS + 1, which tells "not plain digits" from "too many digits" without a per-byte flag.
 */
const DASH_LENGTH = MAX_DIGITS + 1;

// Problems, found in the loop as numbers and put into words once, outside it.
const NONE = 0;
const NOT_PLAIN_DIGITS = 1;
const TOO_MANY_DIGITS = 2;
const CONTROL_CHARACTER = 3;
const LEADING_SPACE = 4;
const SPACE_RUN = 5;
const TRAILING_SPACE = 6;
const EMPTY_LINE = 7;
const FIELD_COUNT = 8;
const TOO_LONG = 9;
const STARTS_NOT_ASCII = 10;
const ENDS_NOT_ASCII = 11;
const TIMESTAMP_NOT_ASCII = 12;
/** More fields than the layout: counted to the line's end before the verdict. */
const EXTRA_FIELDS = 13;

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
  /** Where each field's row of CLASSES starts: its kind × 256. */
  private readonly rows: Uint16Array;
  /** The most bytes each field may hold. */
  private readonly limits: Uint32Array;
  private readonly names: readonly string[];
  /** The index of the export timestamp's field (0) or of the record's first field. */
  private readonly firstRecordField: number;
  private readonly firstRecordLine: number;
  private verdict: RecordBytesVerdict | undefined;
  private inHeader: boolean;
  private records = 0;
  /** The current field's index in the line (the export timestamp is field 0 when there is one). */
  private field = 0;
  /** Bytes of the current field seen so far (DASH_LENGTH after a whole-number field's `-`). */
  private fieldLength = 0;
  /** Bytes pushed before the current chunk, and the offset of the current line's first byte. */
  private consumed = 0;
  private lineStart = 0;
  /** The last byte of the chunk before. */
  private lastByte = 0;
  /** On a line with more fields than the layout: the fields counted so far, and whether in one. */
  private extraFields = 0;
  private inExtraField = false;

  constructor(layout: RecordBytesLayout) {
    const kinds: number[] = layout.format.fields.map((f, i) =>
      f.range ? WHOLE_NUMBER : i === 0 ? FIRST_TEXT : TEXT,
    );
    const names = layout.format.fields.map((f) => `field ${f.name}`);
    if (layout.exportTimestamp) {
      kinds.unshift(EXPORT_TIMESTAMP);
      names.unshift("the export timestamp");
    }
    this.rows = Uint16Array.from(kinds, (kind) => kind * 256);
    this.limits = Uint32Array.from(kinds, (kind) =>
      kind === WHOLE_NUMBER ? MAX_DIGITS : MAX_RECORD_LINE_BYTES,
    );
    this.names = names;
    this.firstRecordField = layout.exportTimestamp ? 1 : 0;
    this.firstRecordLine = layout.header ? 2 : 1;
    this.inHeader = layout.header;
  }

  push(chunk: Uint8Array): void {
    if (this.verdict) return;
    const n = chunk.length;
    let i = 0;
    if (this.inHeader) {
      const lf = chunk.indexOf(0x0a);
      if (lf === -1) {
        this.consumed += n;
        return;
      }
      this.inHeader = false;
      i = lf + 1;
      this.lineStart = this.consumed + i;
    }
    if (this.extraFields > 0) {
      this.countExtraFields(chunk, i);
      return;
    }
    const classes = CLASSES;
    const rows = this.rows;
    const limits = this.limits;
    const lastField = rows.length - 1;
    let f = this.field;
    let len = this.fieldLength;
    let row = rows[f] as number;
    let limit = limits[f] as number;
    let records = this.records;
    /** Where the current line starts, relative to this chunk: negative when it began before. */
    let lineStart = this.lineStart - this.consumed;
    let problem = NONE;
    // The hot loop: one table lookup per byte, and work only where a field or a line ends.
    for (; i < n; i++) {
      const c = classes[row + (chunk[i] as number)];
      if (c === 0 /* FITS */) {
        if (++len > limit) {
          problem = limit !== MAX_DIGITS ? TOO_LONG : len > DASH_LENGTH ? NOT_PLAIN_DIGITS : TOO_MANY_DIGITS;
          break;
        }
      } else if (c === 1 /* SPACE */) {
        if (len === 0 || f === lastField) {
          problem = len !== 0 ? EXTRA_FIELDS : f === 0 ? LEADING_SPACE : SPACE_RUN;
          break;
        }
        f++;
        len = 0;
        row = rows[f] as number;
        limit = limits[f] as number;
      } else if (c === 2 /* LF */) {
        const previous = i > 0 ? (chunk[i - 1] as number) : this.lastByte;
        if (len === 0 || f !== lastField || previous >= 0x80 || i - lineStart > MAX_RECORD_LINE_BYTES) {
          problem = lineEndProblem(i - lineStart, f, len, lastField, previous);
          break;
        }
        records++;
        f = 0;
        len = 0;
        row = rows[0] as number;
        limit = limits[0] as number;
        lineStart = i + 1;
      } else if (c === 4 /* DASH */) {
        if (len !== 0) {
          problem = NOT_PLAIN_DIGITS;
          break;
        }
        len = DASH_LENGTH;
      } else if (c === 6 /* HIGH_FIRST */) {
        if (len === 0) {
          problem = STARTS_NOT_ASCII;
          break;
        }
        len++;
      } else {
        problem =
          c === CONTROL ? CONTROL_CHARACTER : c === NOT_DIGIT ? NOT_PLAIN_DIGITS : TIMESTAMP_NOT_ASCII;
        break;
      }
    }
    this.field = f;
    this.fieldLength = len;
    this.records = records;
    this.lineStart = this.consumed + lineStart;
    this.consumed += n;
    if (n > 0) this.lastByte = chunk[n - 1] as number;
    if (problem === NONE && this.consumed - this.lineStart > MAX_RECORD_LINE_BYTES) problem = TOO_LONG;
    if (problem === EXTRA_FIELDS) {
      this.extraFields = f + 1;
      this.countExtraFields(chunk, i);
    } else if (problem !== NONE) {
      this.verdict = this.notStrict(problem, chunk[i] ?? 0);
    }
  }

  /** The verdict on everything pushed; a last line without LF is checked as if it had one. */
  end(): RecordBytesVerdict {
    if (this.verdict) return this.verdict;
    if (this.extraFields > 0) {
      this.verdict = this.notStrict(FIELD_COUNT, 0, this.extraFields);
    } else if (!this.inHeader && this.consumed > this.lineStart) {
      const length = this.consumed - this.lineStart;
      const lastField = this.rows.length - 1;
      const problem = lineEndProblem(length, this.field, this.fieldLength, lastField, this.lastByte);
      if (problem !== NONE) this.verdict = this.notStrict(problem, 0);
      else this.records++;
    }
    this.verdict ??= { strict: true, lines: this.records };
    return this.verdict;
  }

  /** Counts the fields of a line that has more than the layout, to its LF, to say how many it has. */
  private countExtraFields(chunk: Uint8Array, from: number): void {
    let count = this.extraFields;
    let inField = this.inExtraField;
    for (let i = from; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 0x0a) {
        this.verdict = this.notStrict(FIELD_COUNT, 0, count);
        return;
      }
      if (byte !== 0x20 && !inField) count++;
      inField = byte !== 0x20;
    }
    this.extraFields = count;
    this.inExtraField = inField;
  }

  /** The verdict on the current line, put into words; `fields` counts the export timestamp. */
  private notStrict(problem: number, byte: number, fields = this.field + 1): RecordBytesVerdict {
    const line = this.firstRecordLine + this.records;
    const name = this.names[this.field];
    const what: Record<number, string> = {
      [NOT_PLAIN_DIGITS]: `${name} is not plain digits`,
      [TOO_MANY_DIGITS]: `${name} has more than ${MAX_DIGITS} digits`,
      [CONTROL_CHARACTER]: `a control character (0x${byte.toString(16).padStart(2, "0")})`,
      [LEADING_SPACE]: "the line starts with a space",
      [SPACE_RUN]: `a run of spaces before ${name}`,
      [TRAILING_SPACE]: "the line ends with a space",
      [EMPTY_LINE]: "an empty line",
      [FIELD_COUNT]: `expected ${this.names.length - this.firstRecordField} fields, found ${fields - this.firstRecordField}`,
      [TOO_LONG]: `the line is longer than ${MAX_RECORD_LINE_BYTES} bytes`,
      [STARTS_NOT_ASCII]: `${name} starts with a byte above 0x7f`,
      [ENDS_NOT_ASCII]: `${name} ends with a byte above 0x7f`,
      [TIMESTAMP_NOT_ASCII]: "the export timestamp holds a byte above 0x7f",
    };
    return { strict: false, line, reason: `line ${line}: ${what[problem]}` };
  }
}

/** What is wrong with a record line at its end (LF or end of input), or NONE. */
function lineEndProblem(
  length: number,
  field: number,
  fieldLength: number,
  lastField: number,
  lastByte: number,
) {
  if (length > MAX_RECORD_LINE_BYTES) return TOO_LONG;
  if (fieldLength === 0) return field === 0 ? EMPTY_LINE : TRAILING_SPACE;
  if (field !== lastField) return FIELD_COUNT;
  return lastByte >= 0x80 ? ENDS_NOT_ASCII : NONE;
}
