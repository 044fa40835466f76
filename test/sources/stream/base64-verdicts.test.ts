import { describe, expect, it } from "vitest";
import { decodeBase64 } from "../../../src/sources/stream/firehose-record.js";

const refusal = (data: unknown) => {
  try {
    decodeBase64(data);
  } catch (error) {
    return (error as Error).message;
  }
  return "accepted";
};

describe("a Firehose record's base64 data", () => {
  it("is decoded when it is canonical base64", () => {
    expect(decodeBase64(Buffer.from("flow records\n").toString("base64")).toString()).toBe("flow records\n");
  });

  it("is refused when it holds the URL-safe alphabet's - or _", () => {
    expect([refusal("ab-_"), refusal("-_-_")]).toEqual([
      "the record's data is not valid base64",
      "the record's data is not valid base64",
    ]);
  });

  it("is refused when it holds whitespace or a line break, which Node's decoder would skip", () => {
    expect([refusal("QUJD REVG"), refusal("QUJD\nREVG")]).toEqual([
      "the record's data is not valid base64",
      "the record's data is not valid base64",
    ]);
  });

  it("is refused when its length is not a multiple of 4 (padding missing)", () => {
    expect(refusal("QUJDRA")).toBe("the record's data is not valid base64");
  });

  it("is decoded when its last character carries padding bits that are not zero, as the pattern allows", () => {
    expect(decodeBase64("QR==").toString()).toBe("A");
  });

  it("is refused when it is not a string", () => {
    expect(refusal(42)).toBe("the record's data is not a base64 string");
  });
});
