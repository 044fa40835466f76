import { describe, expect, it } from "vitest";
import { internetEgressCost } from "../../src/pricing/internet-egress-cost.js";
import { formatUsd } from "../../src/pricing/money.js";
import { loadPrices } from "../../src/pricing/price-table.js";

const GiB = 2 ** 30;
const TiB = 1024 * GiB;
const egress = loadPrices().priceOf("us-east-1", "internetEgress");

describe("internetEgressCost with the month-to-date volume known", () => {
  it("the first 100 GB of a month are free", () => {
    expect(internetEgressCost(100 * GiB, egress, { monthToDateBytesBefore: 0 }).usd).toBe(0);
  });

  it("bytes past the free 100 GB cost $0.09/GB", () => {
    const cost = internetEgressCost(100 * GiB, egress, { monthToDateBytesBefore: 50 * GiB });
    expect(formatUsd(cost.usd)).toBe("$4.50");
    expect(cost.rate.usdPerGb).toBeCloseTo(0.045, 12);
  });

  it("bytes crossing 10 TB are split between $0.09 and $0.085", () => {
    const cost = internetEgressCost(100 * GiB, egress, { monthToDateBytesBefore: 10_200 * GiB });
    expect(formatUsd(cost.usd)).toBe("$8.70"); // 40 GB × $0.09 + 60 GB × $0.085
  });

  it("beyond 150 TB every GB costs $0.05", () => {
    expect(formatUsd(internetEgressCost(GiB, egress, { monthToDateBytesBefore: 200 * TiB }).usd)).toBe(
      "$0.05",
    );
  });

  it("says how the tiers were applied", () => {
    expect(internetEgressCost(GiB, egress, { monthToDateBytesBefore: 120 * GiB }).assumption).toBe(
      "Internet egress priced on the monthly tiers after the 120 GB the account had already sent this month (the first 100 GB of a month are free).",
    );
  });
});

describe("internetEgressCost without the month-to-date volume", () => {
  it("a small day costs $0.09/GB: the free 100 GB is not deducted", () => {
    const cost = internetEgressCost(GiB, egress);
    expect(cost.usd).toBeCloseTo(0.09, 12);
    expect(cost.assumption).toBe(
      "Internet egress priced at the average tiered rate of a 30-day month sending this much every day (30 GB); the free 100 GB a month is not deducted, as the whole account shares it.",
    );
  });

  it("a 1 TiB day is priced at the average rate of a 30 TiB month", () => {
    // 10 TiB × $0.09 + 20 TiB × $0.085 = $2,662.40 a month, a thirtieth of it a day.
    expect(formatUsd(internetEgressCost(TiB, egress).usd)).toBe("$88.75");
  });

  it("scales the month by the period's length and the month's days", () => {
    const week = internetEgressCost(7 * TiB, egress, { periodDays: 7, daysInMonth: 31 });
    // 31 TiB a month: 10 × $0.09 + 21 × $0.085 = $2,749.44 per 31 TiB → $88.69 per TiB.
    expect(formatUsd(week.usd / 7)).toBe("$88.69");
    expect(week.assumption).toContain("a 31-day month sending this much every 7 days (31,744 GB)");
  });

  it("no bytes cost nothing", () => {
    expect(internetEgressCost(0, egress).usd).toBe(0);
  });
});
