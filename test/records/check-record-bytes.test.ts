import { describe, expect, it } from "vitest";
import {
  RecordBytesChecker,
  type RecordBytesLayout,
  type RecordBytesVerdict,
} from "../../src/records/check-record-bytes.js";
import { decodeRecordText, MAX_RECORD_LINE_BYTES } from "../../src/records/decode-record.js";
import { FIELDS } from "../../src/records/fields.js";
import { DEFAULT_FORMAT, type LogFormat, parseLogFormat } from "../../src/records/log-format.js";
import { carefulPathLine, mutatedVectorLines, typedReading } from "./mutated-vector-lines.js";
import { LOOSE_VECTORS, VECTORS } from "./vectors.js";

const encoder = new TextEncoder();
const bytesOf = (input: string | Uint8Array) => (typeof input === "string" ? encoder.encode(input) : input);

function layoutOf(format: LogFormat, options: Partial<RecordBytesLayout> = {}): RecordBytesLayout {
  return { format, header: false, exportTimestamp: false, ...options };
}

const PLAIN = layoutOf(DEFAULT_FORMAT);
const WITH_HEADER = layoutOf(DEFAULT_FORMAT, { header: true });
const WITH_TIMESTAMP = layoutOf(DEFAULT_FORMAT, { exportTimestamp: true });

/** The verdict on `input` pushed in the given chunks (one push of everything by default). */
function check(layout: RecordBytesLayout, input: string | Uint8Array, splits: readonly number[] = []) {
  const bytes = bytesOf(input);
  const checker = new RecordBytesChecker(layout);
  let from = 0;
  for (const to of [...splits, bytes.length]) {
    checker.push(bytes.subarray(from, to));
    from = to;
  }
  return checker.end();
}

const notStrict = (line: number, reason: string): RecordBytesVerdict => ({
  strict: false,
  line,
  reason: `line ${line}: ${reason}`,
});

const RECORD = [
  "2",
  "123456789010",
  "eni-1235b8ca123456789",
  "172.31.16.139",
  "172.31.16.21",
  "20641",
  "22",
  "6",
  "20",
  "4249",
  "1418530010",
  "1418530070",
  "ACCEPT",
  "OK",
];
const LINE = RECORD.join(" ");
const SRCPORT = 5;
const ACTION = 12;
const withField = (index: number, value: string) => RECORD.map((v, i) => (i === index ? value : v)).join(" ");

describe("RecordBytesChecker: the record vectors", () => {
  for (const vector of VECTORS) {
    const layout = layoutOf(parseLogFormat(vector.format));
    it(`calls one line strict: ${vector.name}`, () => {
      expect(check(layout, vector.line)).toEqual({ strict: true, lines: 1 });
    });

    it(`calls many lines strict, the last with or without LF: ${vector.name}`, () => {
      const lines = Array(3).fill(vector.line).join("\n");
      expect(check(layout, lines)).toEqual({ strict: true, lines: 3 });
      expect(check(layout, `${lines}\n`)).toEqual({ strict: true, lines: 3 });
    });
  }
});

describe("RecordBytesChecker: records written loosely take the careful path", () => {
  for (const vector of LOOSE_VECTORS) {
    it(`calls not strict: ${vector.name}`, () => {
      expect(check(layoutOf(parseLogFormat(vector.format)), vector.line)).toMatchObject({ strict: false });
    });
  }

  it('calls a "{" in the record\'s first text field not strict: the careful path reads such a line as JSON', () => {
    const layout = layoutOf(parseLogFormat("${interface-id} ${action}"));
    expect(check(layout, 'eni-1 ACCEPT\n{"message":"eni-2 REJECT"}\n')).toEqual(
      notStrict(2, 'field interface-id holds a "{" (a line that starts with one is read as JSON)'),
    );
  });

  it("calls a JSON line strict in no format, even one of a single text field", () => {
    const layout = layoutOf(parseLogFormat("${interface-id}"));
    expect(check(layout, '{"message":"eni-1"}')).toMatchObject({ strict: false });
    expect(
      check(
        layoutOf(parseLogFormat("${interface-id}"), { exportTimestamp: true }),
        '2024-05-01T00:00:00.000Z {"message":"eni-1"}',
      ),
    ).toMatchObject({ strict: false });
  });

  it('calls "{" strict after the first field of a line', () => {
    const layout = layoutOf(parseLogFormat("${interface-id} ${action}"));
    expect(check(layout, "eni-1 {ACCEPT}")).toEqual({ strict: true, lines: 1 });
  });
});

describe("RecordBytesChecker: whole-number fields", () => {
  const lenient = ["0x10", "1e3", "1_000", "1.5", "+5", "-3", "1-", "--", "5a", "é"];
  for (const form of lenient) {
    it(`calls "${form}" in a whole-number field not strict, naming the field`, () => {
      expect(check(PLAIN, withField(SRCPORT, form))).toEqual(
        notStrict(1, "field srcport is not plain digits"),
      );
    });
  }

  it("calls 17 digits in a whole-number field not strict, naming the field", () => {
    expect(check(PLAIN, withField(SRCPORT, "1".repeat(17)))).toEqual(
      notStrict(1, "field srcport has more than 16 digits"),
    );
  });

  it("calls 16 digits and leading zeros strict (value ranges are not its concern)", () => {
    expect(check(PLAIN, withField(SRCPORT, "9".repeat(16)))).toEqual({ strict: true, lines: 1 });
    expect(check(PLAIN, withField(SRCPORT, "007"))).toEqual({ strict: true, lines: 1 });
  });

  it("calls a lone - (NULL) in a whole-number field strict", () => {
    expect(check(PLAIN, withField(SRCPORT, "-"))).toEqual({ strict: true, lines: 1 });
  });
});

describe("RecordBytesChecker: bytes", () => {
  const controls: [string, string][] = [
    ["tab", "\t"],
    ["NUL", "\0"],
    ["ESC", "\x1b"],
    ["CR", "\r"],
    ["DEL", "\x7f"],
    ["form feed", "\f"],
  ];
  for (const [name, control] of controls) {
    it(`calls a ${name} in a text field not strict, naming its code`, () => {
      const code = control.charCodeAt(0).toString(16).padStart(2, "0");
      expect(check(PLAIN, withField(ACTION, `ACC${control}EPT`))).toEqual(
        notStrict(1, `a control character (0x${code})`),
      );
    });
  }

  it("calls CRLF line endings not strict (the careful path drops the CR)", () => {
    expect(check(PLAIN, `${LINE}\r\n${LINE}\r\n`)).toEqual(notStrict(1, "a control character (0x0d)"));
  });

  it("calls UTF-8 text inside a text field strict", () => {
    expect(check(PLAIN, withField(ACTION, "ACCÉPT"))).toEqual({ strict: true, lines: 1 });
  });

  it("calls a byte above 0x7f in the record's last field not strict: the decoder may trim it as white space", () => {
    expect(check(PLAIN, `${LINE}\u00a0`)).toEqual(
      notStrict(1, "field log-status holds a byte above 0x7f (0xc2)"),
    );
  });

  it("calls a byte above 0x7f in the record's first field not strict: the decoder may trim it as white space", () => {
    const layout = layoutOf(parseLogFormat("${interface-id} ${srcport}"));
    expect(check(layout, "\u3000eni-1 443")).toEqual(
      notStrict(1, "field interface-id holds a byte above 0x7f (0xe3)"),
    );
  });
});

describe("RecordBytesChecker: fields and lines", () => {
  it("calls a run of spaces not strict, naming the line and the field after it", () => {
    expect(check(PLAIN, `${LINE}\n${RECORD.slice(0, 4).join(" ")}  ${RECORD.slice(4).join(" ")}`)).toEqual(
      notStrict(2, "a run of spaces before field dstaddr"),
    );
  });

  it("calls a space at the start of a line not strict", () => {
    expect(check(PLAIN, `${LINE}\n ${LINE}`)).toEqual(notStrict(2, "the line starts with a space"));
  });

  it("calls a space at the end of a line not strict", () => {
    expect(check(PLAIN, `${LINE} \n${LINE}`)).toEqual(notStrict(1, "the line ends with a space"));
    expect(check(PLAIN, `${LINE}\n${LINE}  `)).toEqual(notStrict(2, "the line ends with a space"));
    expect(check(PLAIN, `${LINE}\n${RECORD.slice(0, 5).join(" ")} `)).toEqual(
      notStrict(2, "the line ends with a space"),
    );
  });

  it("calls a line with too few fields not strict, saying how many it has", () => {
    expect(check(PLAIN, `${LINE}\n${RECORD.slice(0, 13).join(" ")}\n`)).toEqual(
      notStrict(2, "expected 14 fields, found 13"),
    );
  });

  it("calls a line with too many fields not strict, saying how many it has", () => {
    expect(check(PLAIN, `${LINE} extra more\n${LINE}\n`)).toEqual(
      notStrict(1, "expected 14 fields, found 16"),
    );
  });

  it("calls an empty line in the middle not strict", () => {
    expect(check(PLAIN, `${LINE}\n${LINE}\n\n${LINE}\n`)).toEqual(notStrict(3, "an empty line"));
  });

  it("calls a line longer than MAX_RECORD_LINE_BYTES not strict, naming the field over its share", () => {
    const long = withField(ACTION, "A".repeat(MAX_RECORD_LINE_BYTES));
    expect(check(PLAIN, `${LINE}\n${long}\n`)).toEqual(
      notStrict(2, "field action is longer than 10899 bytes"),
    );
  });

  it("calls no line longer than MAX_RECORD_LINE_BYTES strict: the fields' limits add up to it", () => {
    const everyField = parseLogFormat(FIELDS.map((f) => `\${${f.name}}`).join(" "));
    const formats = [everyField, ...VECTORS.map((v) => parseLogFormat(v.format))];
    for (const format of formats) {
      for (const layout of [layoutOf(format), layoutOf(format, { exportTimestamp: true })]) {
        const limit = new RecordBytesChecker(layout).textFieldLimit;
        const longest = format.fields.map((f) => (f.range ? "9".repeat(16) : "a".repeat(limit)));
        if (layout.exportTimestamp) longest.unshift("a".repeat(limit));
        expect(longest.join(" ").length).toBeLessThanOrEqual(MAX_RECORD_LINE_BYTES);
        expect(check(layout, longest.join(" "))).toEqual({ strict: true, lines: 1 });
        const textField = longest.findIndex((v) => v.startsWith("a"));
        longest[textField] += "a";
        expect(check(layout, longest.join(" "))).toMatchObject({ strict: false });
      }
    }
  });

  it("counts a final LF as the end of the last line, not as one more line", () => {
    expect(check(PLAIN, `${LINE}\n${LINE}\n`)).toEqual({ strict: true, lines: 2 });
  });

  it("names the first line that is not strict, whatever follows", () => {
    const bad = withField(SRCPORT, "0x10");
    expect(check(PLAIN, `${LINE}\n${bad}\n\t\n${bad}`, [LINE.length + 3])).toEqual(
      notStrict(2, "field srcport is not plain digits"),
    );
  });
});

describe("RecordBytesChecker: headers and export timestamps", () => {
  it("skips the header line whatever it holds, and does not count it", () => {
    expect(check(WITH_HEADER, `version\t\0 anything  \x7f\n${LINE}\n${LINE}`)).toEqual({
      strict: true,
      lines: 2,
    });
  });

  it("numbers lines from the header line", () => {
    expect(check(WITH_HEADER, `header\n${LINE}\n${withField(SRCPORT, "1e3")}`)).toEqual(
      notStrict(3, "field srcport is not plain digits"),
    );
  });

  it("calls a header line alone strict, with no record lines", () => {
    expect(check(WITH_HEADER, "version account-id")).toEqual({ strict: true, lines: 0 });
  });

  it("reads an export timestamp as one more field before the record", () => {
    expect(check(WITH_TIMESTAMP, `2024-05-01T00:00:00.000Z ${LINE}\n`)).toEqual({ strict: true, lines: 1 });
    expect(check(WITH_TIMESTAMP, `2024-05-01T00:00:00.000Z ${RECORD.slice(0, 13).join(" ")}\n`)).toEqual(
      notStrict(1, "expected 14 fields, found 13"),
    );
  });

  it("calls a byte above 0x7f in an export timestamp not strict: the careful path strips it up to white space", () => {
    expect(check(WITH_TIMESTAMP, `2024-05-01T00:00\u00a0:00.000Z ${LINE}\n`)).toEqual(
      notStrict(1, "the export timestamp holds a byte above 0x7f (0xc2)"),
    );
  });
});

describe("RecordBytesChecker: chunks", () => {
  const inputs: [RecordBytesLayout, string][] = [
    [PLAIN, `${LINE}\n${LINE}\n`],
    [PLAIN, `${LINE}\n${withField(ACTION, "ACCÉPT")}`],
    [WITH_HEADER, `version account-id\n${LINE}\n${LINE}`],
    [WITH_TIMESTAMP, `2024-05-01T00:00:00.000Z ${LINE}\n2024-05-01T00:00:01.000Z ${LINE}\n`],
    [PLAIN, `${LINE}\n${withField(SRCPORT, "1-")}\n`],
    [PLAIN, `${LINE}\n${withField(SRCPORT, "-5")}\n`],
    [PLAIN, `${withField(9, "1".repeat(17))}\n`],
    [PLAIN, `${LINE}\n${LINE} a  b c\n`],
    [PLAIN, `${LINE}\n${RECORD.slice(2).join(" ")}`],
    [PLAIN, `${LINE}\n${LINE} `],
    [PLAIN, `${LINE}\u00a0\n`],
    [PLAIN, `${LINE}\r\n`],
    [PLAIN, `${LINE}\n\n`],
    [PLAIN, `${LINE}\n${LINE.replace(" ", "  ")}\n`],
  ];

  it("gives the same verdict for any split into two chunks as for one push", () => {
    for (const [layout, input] of inputs) {
      const whole = check(layout, input);
      for (let at = 0; at <= bytesOf(input).length; at++) {
        expect(check(layout, input, [at]), `${JSON.stringify(input)} split at ${at}`).toEqual(whole);
      }
    }
  });

  it("gives the same verdict for one-byte chunks as for one push", () => {
    for (const [layout, input] of inputs) {
      const bytes = bytesOf(input);
      const everyByte = Array.from({ length: bytes.length }, (_, i) => i);
      expect(check(layout, bytes, everyByte), JSON.stringify(input)).toEqual(check(layout, bytes));
    }
  });

  it("gives the same verdict for a line over the limit split anywhere as for one push", () => {
    const input = `${LINE}\n${withField(ACTION, "A".repeat(MAX_RECORD_LINE_BYTES))}\n`;
    const whole = check(PLAIN, input);
    expect(whole).toEqual(notStrict(2, "field action is longer than 10899 bytes"));
    for (const at of [1, LINE.length + 1, LINE.length + 80, 70_000, input.length - 1]) {
      expect(check(PLAIN, input, [at, at + 1000]), `split at ${at}`).toEqual(whole);
    }
  });
});

describe("RecordBytesChecker: agreement with the record decoder", () => {
  it("wherever it says strict, the decoder reads each mutated vector line as a typed reader would", () => {
    const decoder = new TextDecoder();
    let strict = 0;
    let refused = 0;
    for (const { format, exportTimestamp, bytes } of mutatedVectorLines()) {
      if (!check(layoutOf(format, { exportTimestamp }), bytes).strict) {
        refused++;
        continue;
      }
      strict++;
      const text = decoder.decode(bytes);
      // What DuckDB reads: fields split at single spaces, `-` NULL, whole numbers as numbers.
      const fields = text.split(" ").map((t) => (t === "-" ? null : t));
      const typed = typedReading(format, exportTimestamp ? fields.slice(1) : fields);
      const decoded = decodeRecordText(format, carefulPathLine(text, exportTimestamp));
      expect(decoded.ok, JSON.stringify(text)).toBe(typed.allowed);
      if (decoded.ok) expect(decoded.record, JSON.stringify(text)).toEqual(typed.record);
    }
    expect(strict).toBeGreaterThan(5_000);
    expect(refused).toBeGreaterThan(5_000);
  });
});
