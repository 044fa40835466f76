// The checker reads four bytes at a time where it can; chunks shorter than a word go byte by byte. These
// tests compare the two paths on every byte value at every place in a word, and at the fields' limits.
import { describe, expect, it } from "vitest";
import { RecordBytesChecker, type RecordBytesLayout } from "../../src/records/check-record-bytes.js";
import { DEFAULT_FORMAT } from "../../src/records/log-format.js";

const PLAIN: RecordBytesLayout = { format: DEFAULT_FORMAT, header: false, exportTimestamp: false };
const RECORD =
  "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK".split(
    " ",
  );
const WHOLE_NUMBER_FIELDS = new Set([0, 5, 6, 7, 8, 9, 10, 11]);

/** The verdict on `bytes` in one push, or (`byteByByte`) in one-byte chunks, which no word fits into. */
function check(bytes: Uint8Array, byteByByte = false) {
  const checker = new RecordBytesChecker(PLAIN);
  if (byteByByte) for (let i = 0; i < bytes.length; i++) checker.push(bytes.subarray(i, i + 1));
  else checker.push(bytes);
  return checker.end();
}

/** A record line whose field `index` is `value`, after a strict line and before one. */
function linesWith(index: number, value: Uint8Array, record: readonly string[] = RECORD): Uint8Array {
  const encoder = new TextEncoder();
  const before = encoder.encode(
    `${RECORD.join(" ")}\n${record
      .slice(0, index)
      .map((v) => `${v} `)
      .join("")}`,
  );
  const after = encoder.encode(
    `${record
      .slice(index + 1)
      .map((v) => ` ${v}`)
      .join("")}\n${RECORD.join(" ")}\n`,
  );
  const bytes = new Uint8Array(before.length + value.length + after.length);
  bytes.set(before);
  bytes.set(value, before.length);
  bytes.set(after, before.length + value.length);
  return bytes;
}

describe("RecordBytesChecker: four bytes at a time", () => {
  it("gives every byte value at every place of a word in every field the byte-by-byte verdict", () => {
    for (let index = 0; index < RECORD.length; index++) {
      const base = new TextEncoder().encode(WHOLE_NUMBER_FIELDS.has(index) ? "123456789" : "abcdefghi");
      for (let at = 0; at < 5; at++) {
        for (let byte = 0; byte < 256; byte++) {
          const value = base.slice();
          value[at] = byte;
          const bytes = linesWith(index, value);
          expect(check(bytes), `field ${index}, byte 0x${byte.toString(16)} at ${at}`).toEqual(
            check(bytes, true),
          );
        }
      }
    }
  });

  /** The record with its srcaddr `shift` bytes longer, which moves the fields after it within words. */
  const shifted = (shift: number) => RECORD.map((v, i) => (i === 3 ? `${v}${"9".repeat(shift)}` : v));
  const encode = (text: string) => new TextEncoder().encode(text);

  it("counts a text field's bytes up to its limit exactly, wherever the field starts in a word", () => {
    const limit = new RecordBytesChecker(PLAIN).textFieldLimit;
    for (let shift = 0; shift < 4; shift++) {
      for (const length of [limit - 4, limit - 1, limit, limit + 1, limit + 4]) {
        const bytes = linesWith(12, encode("A".repeat(length)), shifted(shift));
        expect(check(bytes).strict, `${length} bytes, shifted by ${shift}`).toBe(length <= limit);
        expect(check(bytes), `${length} bytes, shifted by ${shift}`).toEqual(check(bytes, true));
      }
    }
  });

  it("counts a whole-number field's digits up to 16 exactly, wherever the field starts in a word", () => {
    for (let shift = 0; shift < 4; shift++) {
      for (const value of [
        "1234567890123",
        "1234567890123456",
        "12345678901234567",
        "-",
        "-12345678",
        "12345678-",
      ]) {
        const bytes = linesWith(9, encode(value), shifted(shift));
        const strict = /^(-|\d{1,16})$/.test(value);
        expect(check(bytes).strict, `${value}, shifted by ${shift}`).toBe(strict);
        expect(check(bytes), `${value}, shifted by ${shift}`).toEqual(check(bytes, true));
      }
    }
  });
});
