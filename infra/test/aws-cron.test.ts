import { describe, expect, it } from "vitest";
import { awsScheduleCron, isTimeZone } from "../src/aws-cron.js";

describe("awsScheduleCron", () => {
  it("writes a daily cron with ? for the day of week", () => {
    expect(awsScheduleCron("0 6 * * *")).toEqual({ expression: "cron(0 6 * * ? *)" });
  });

  it("writes days of the week as AWS's names, Sunday given as 0 or 7", () => {
    expect(awsScheduleCron("30 7 * * 1-5")).toEqual({ expression: "cron(30 7 ? * MON,TUE,WED,THU,FRI *)" });
    expect(awsScheduleCron("0 8 * * 0,7")).toEqual({ expression: "cron(0 8 ? * SUN *)" });
  });

  it("starts */n steps at the field's first value", () => {
    expect(awsScheduleCron("*/15 */6 */2 * *")).toEqual({ expression: "cron(0/15 0/6 1/2 * ? *)" });
  });

  it("keeps month names", () => {
    expect(awsScheduleCron("0 6 1 jan,jul *")).toEqual({ expression: "cron(0 6 1 JAN,JUL ? *)" });
  });

  it("refuses a value out of range", () => {
    expect(awsScheduleCron("61 6 * * *")).toEqual({
      problem: 'a valid cron expression: the minute field "61" is outside 0-59',
    });
  });

  it("refuses a field that is not a value, range or step", () => {
    expect(awsScheduleCron("0 6 * * MON/x")).toEqual({
      problem: 'a valid cron expression: the day of week field "MON/x" is not a value, range or step',
    });
  });

  it("refuses four fields", () => {
    expect(awsScheduleCron("0 6 * *")).toEqual({
      problem: 'a cron expression of 5 fields (minute hour day-of-month month day-of-week), e.g. "0 6 * * *"',
    });
  });

  it("refuses a day of month and a day of week together", () => {
    expect(awsScheduleCron("0 6 1 * MON")).toEqual({
      problem:
        "a day of month or a day of week, not both: EventBridge Scheduler cannot run on either one (use * for one of them)",
    });
  });
});

describe("isTimeZone", () => {
  it("knows IANA zones and UTC", () => {
    expect([isTimeZone("Europe/Paris"), isTimeZone("UTC")]).toEqual([true, true]);
  });

  it("refuses a made-up zone", () => {
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});
