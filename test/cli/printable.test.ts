import { describe, expect, it } from "vitest";
import { printable } from "../../src/cli/printable.js";

describe("printable escapes what would forge a line of output or drive the terminal", () => {
  it("writes a newline, a tab and an ESC as escapes", () => {
    expect(printable("in/evil\n  failed: ok\t\u001b[2K.log")).toBe("in/evil\\n  failed: ok\\t\\x1b[2K.log");
  });

  it("writes a C1 control and a bidirectional override as escapes", () => {
    expect(printable("a\u009bb\u202ec")).toBe("a\\x9bb\\u202ec");
  });

  it("keeps line breaks when asked, and still escapes the rest", () => {
    expect(printable("2 settings are invalid:\n  a\u001b[2K", true)).toBe(
      "2 settings are invalid:\n  a\\x1b[2K",
    );
  });

  it("leaves printable text, accents and emoji as they are", () => {
    expect(printable("/logs/été/🚀 — a.log")).toBe("/logs/été/🚀 — a.log");
  });
});
