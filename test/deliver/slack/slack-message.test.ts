import { describe, expect, it } from "vitest";
import type { SlackBlock } from "../../../src/deliver/slack/block-kit.js";
import { completenessLines, insightReply, reportMessage } from "../../../src/deliver/slack/slack-message.js";
import type { Report } from "../../../src/report/build-report.js";
import { sampleReport } from "./sample-report.js";

/** Each block's text, fields joined by " | ". */
function texts(blocks: readonly SlackBlock[]): string[] {
  return blocks.map((block) => {
    if ("text" in block) return block.text.text;
    if ("fields" in block) return block.fields.map((f) => f.text).join(" | ");
    if ("elements" in block) return block.elements.map((e) => e.text).join(" | ");
    return "";
  });
}

function withOverviewNumbers(numbers: Record<string, number>): Report {
  const report = sampleReport();
  const [overview, ...rest] = report.insights;
  const finding = overview?.findings[0];
  if (!overview || !finding) throw new Error("the sample report has an overview");
  const changed = { ...overview, findings: [{ ...finding, numbers: { ...finding.numbers, ...numbers } }] };
  return sampleReport({ insights: [changed, ...rest] });
}

describe("the report message", () => {
  it("names the day in its header", () => {
    expect(reportMessage(sampleReport()).blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "flowlens report — 2026-11-20 (UTC)" },
    });
  });

  it("shows records, traffic, rejected records and the top findings' dollars", () => {
    expect(texts(reportMessage(sampleReport()).blocks)[1]).toBe(
      "*Records*\n1,234,567 | *Traffic*\n1.2 TiB | *Rejected*\n2,345 (0.19%) | *In the top findings*\n$96.77",
    );
  });

  it("lists the top three findings, most important first, with their dollars", () => {
    expect(texts(reportMessage(sampleReport()).blocks).slice(2, 6)).toEqual([
      "*Top findings*",
      "*1.* :red_circle: *$41.47* — S3 and DynamoDB traffic through NAT gateways cost $41.47 (≈ $1,244.10/month): 921.6 GiB to S3 and 0 B to DynamoDB. A gateway endpoint carries it for free.",
      "*2.* :large_orange_circle: *$55.30* — NAT gateways processed 1.2 TiB: $55.30 of NAT data processing.",
      "*3.* :large_blue_circle: 1,234,567 flow log records from 42 network interfaces in 1 account(s): 1.2 TiB in 987,654,321 packets; 2,345 records rejected (0.19%).",
    ]);
  });

  it("says nothing stood out when there are no findings", () => {
    const quiet = sampleReport({ headline: [] });
    expect(texts(reportMessage(quiet).blocks)).toContain("*Top findings*\nNothing stood out.");
  });

  it("ends with the data completeness and a pointer to the thread", () => {
    expect(texts(reportMessage(sampleReport(), "all 576 objects loaded").blocks).slice(-2)).toEqual([
      "*Data completeness*\nAll 576 objects loaded\nNo SKIPDATA records; every insight ran.",
      "Each insight's findings and chart, and the full HTML report, are in the thread.",
    ]);
  });

  it("has a fallback text with the day and the headline numbers", () => {
    expect(reportMessage(sampleReport()).text).toBe(
      "flowlens report — 2026-11-20 (UTC): records 1,234,567, traffic 1.2 TiB, rejected 2,345 (0.19%), $96.77 in the top findings",
    );
  });
});

describe("the data completeness line", () => {
  it("warns that SKIPDATA records mean the report undercounts", () => {
    expect(completenessLines(withOverviewNumbers({ skipdata: 1500 }), "3 objects could not be read")).toEqual(
      [
        "3 objects could not be read",
        ":warning: 1,500 SKIPDATA records: flow logs lost records in those capture windows, so this report undercounts there.",
      ],
    );
  });

  it("names the insights that failed and why", () => {
    const report = sampleReport();
    const [overview, nat] = report.insights;
    if (!overview || !nat) throw new Error("the sample report has two insights");
    const failed = { ...nat, findings: [], error: "Binder Error: column az_id not found" };
    expect(completenessLines(sampleReport({ insights: [overview, failed] }))).toEqual([
      ":warning: NAT gateways failed: Binder Error: column az_id not found",
    ]);
  });
});

describe("an insight's thread reply", () => {
  it("shows the title, the description, each finding with its dollars and rate, and the notes", () => {
    const [overview, nat] = sampleReport().insights;
    if (!overview || !nat) throw new Error("the sample report has two insights");
    expect(texts(insightReply(nat).blocks)).toEqual([
      "*NAT gateways*\nWhat NAT gateways processed and cost, and the traffic a gateway endpoint would carry for free.",
      ":large_orange_circle: *$55.30* — NAT gateways processed 1.2 TiB: $55.30 of NAT data processing.\n_at $0.045/GB, us-east-1 list price (AWS price list, 2025-01)_",
      ":red_circle: *$41.47* — S3 and DynamoDB traffic through NAT gateways cost $41.47 (≈ $1,244.10/month): 921.6 GiB to S3 and 0 B to DynamoDB. A gateway endpoint carries it for free.\n_at $0.045/GB, us-east-1 list price (AWS price list, 2025-01)_",
    ]);
    expect(texts(insightReply(overview).blocks).at(-1)).toBe(
      "120 NODATA records (0.01%) are capture windows with no traffic; they carry no bytes.",
    );
  });

  it("marks an insight that failed and says why in its fallback text", () => {
    const [, nat] = sampleReport().insights;
    if (!nat) throw new Error("the sample report has two insights");
    const failed = {
      ...nat,
      findings: [],
      notes: ["This insight failed: out of memory"],
      error: "out of memory",
    };
    expect(insightReply(failed).text).toBe("NAT gateways: failed: out of memory");
    expect(texts(insightReply(failed).blocks)[0]).toMatch(/^:x: \*NAT gateways\*/);
  });

  it("escapes sentences so Slack shows them as written", () => {
    const [overview] = sampleReport().insights;
    if (!overview) throw new Error("the sample report has an overview");
    const odd = { ...overview, findings: [], notes: ["ports <1024 & >49151"] };
    expect(texts(insightReply(odd).blocks).at(-1)).toBe("ports &lt;1024 &amp; &gt;49151");
  });
});
