import { describe, expect, it } from "vitest";
import {
  context,
  escapeMrkdwn,
  header,
  LIMITS,
  message,
  section,
  truncate,
} from "../../../src/deliver/slack/block-kit.js";

describe("Block Kit limits", () => {
  it("leaves text within the limit as it is", () => {
    expect(truncate("NAT gateways", 12)).toBe("NAT gateways");
  });

  it("cuts text over the limit to the limit, ending in an ellipsis", () => {
    const cut = truncate("x".repeat(3500), LIMITS.sectionText);
    expect([cut.length, cut.endsWith("x…")]).toEqual([3000, true]);
  });

  it("never cuts an escape in half", () => {
    expect(truncate(escapeMrkdwn("abc<def"), 6)).toBe("abc…");
  });

  it("never cuts an emoji's surrogate pair in half", () => {
    expect(truncate("ab😀cd", 4)).toBe("ab…");
  });

  it("escapes &, < and > for mrkdwn", () => {
    expect(escapeMrkdwn("a < b & c > d")).toBe("a &lt; b &amp; c &gt; d");
  });

  it("cuts a header to 150 characters and a section to 3,000", () => {
    const header150 = header("h".repeat(200));
    const section3000 = section("s".repeat(4000));
    expect([
      "text" in header150 ? header150.text.text.length : 0,
      "text" in section3000 ? section3000.text.text.length : 0,
    ]).toEqual([150, 3000]);
  });

  it("keeps nine context elements of more than ten and counts the rest", () => {
    const block = context(Array.from({ length: 14 }, (_, i) => `note ${i}`));
    const elements = "elements" in block ? block.elements : [];
    expect([elements.length, elements.at(-1)?.text]).toEqual([10, "…and 5 more"]);
  });

  it("keeps 49 blocks of more than 50 and says how many were left out and where to look", () => {
    const long = message(
      "text",
      Array.from({ length: 60 }, () => section("finding")),
      "see the HTML report",
    );
    expect([long.blocks.length, long.blocks.at(-1)]).toEqual([
      50,
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: "11 more blocks left out: see the HTML report" }],
      },
    ]);
  });

  it("always sets the fallback text, at most 4,000 characters", () => {
    expect(message("t".repeat(5000), [], "").text).toHaveLength(4000);
  });
});
