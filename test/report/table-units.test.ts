/** The reports' tables and the dashboard's read numbers the same way: human units by the column's name. */
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report/build-report.js";
import { renderHtml } from "../../src/report/render/render-html.js";
import { renderMarkdown } from "../../src/report/render/render-markdown.js";
import { formatCell } from "../../src/text/format-cell.js";

const report: Report = {
  title: "flowlens report — 2026-11-30 (UTC)",
  period: { from: "2026-11-30", to: "2026-11-30" },
  headline: [],
  insights: [
    {
      id: "cross-az",
      title: "Cross-AZ traffic",
      description: "d",
      findings: [],
      notes: [],
      table: [
        {
          sender_interface_id: "eni-1",
          port: 443,
          bytes: 5 * 2 ** 30,
          records: 12345,
          usd: 0.1,
          first_at: "2026-11-30T14:05:00Z",
        },
      ],
    },
  ],
};

describe("report tables", () => {
  it("show bytes in GiB, dollars with cents, counts with separators, ports as they are and times in UTC", () => {
    const row = "| eni-1 | 443 | 5.0 GiB | 12,345 | $0.10 | 2026-11-30 14:05 UTC |";
    expect(renderMarkdown(report)).toContain(row);
    expect(renderHtml(report, new Map())).toContain(
      "<td>eni-1</td><td>443</td><td>5.0 GiB</td><td>12,345</td><td>$0.10</td><td>2026-11-30 14:05 UTC</td>",
    );
  });

  it("write a missing value as a dash and a share as a percentage", () => {
    expect(formatCell("bytes", null)).toBe("–");
    expect(formatCell("s3_share", 0.125)).toBe("12.5%");
    expect(formatCell("protocol", 17)).toBe("17");
  });
});
