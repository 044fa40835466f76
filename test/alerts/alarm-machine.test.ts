import { describe, expect, it } from "vitest";
import { type DatapointAt, judgeWindows, type MachineRule } from "../../src/alerts/evaluate/alarm-machine.js";

const P = 600;

function rule(over: Partial<MachineRule> = {}): MachineRule {
  return {
    period: P,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: "missing",
    cooldown: 0,
    breaches: (v) => v > 10,
    ...over,
  };
}

/** Datapoints by bucket index (bucket k starts at k × P); null is missing. */
function series(values: readonly (number | null)[]): DatapointAt {
  return (start) => {
    const v = values[start / P];
    return v === null || v === undefined ? undefined : { value: v, usd: null };
  };
}

/** The states of the windows ending after bucket 0, 1, … */
function states(r: MachineRule, values: readonly (number | null)[], grouped = false): string[] {
  const ends = values.map((_, k) => (k + 1) * P);
  return judgeWindows(r, series(values), { state: "OK", lastAlarmAt: null }, ends, grouped).map(
    (j) => j.state,
  );
}

describe("the alarm state machine", () => {
  it("goes to ALARM on a breaching datapoint and back to OK on the next good one", () => {
    expect(states(rule(), [1, 20, 3])).toEqual(["OK", "ALARM", "OK"]);
  });

  it("needs M breaching datapoints of the N in the window (2 of 3)", () => {
    const r = rule({ evaluationPeriods: 3, datapointsToAlarm: 2 });
    expect(states(r, [20, 1, 1, 20, 1, 20, 1, 1])).toEqual([
      "OK",
      "OK",
      "OK",
      "OK",
      "OK",
      "ALARM",
      "OK",
      "OK",
    ]);
  });

  it("treats missing data as missing: a window without any datapoint is INSUFFICIENT_DATA", () => {
    expect(states(rule(), [1, null, 1])).toEqual(["OK", "INSUFFICIENT_DATA", "OK"]);
  });

  it("judges a window on the datapoints present when some are missing", () => {
    const r = rule({ evaluationPeriods: 3, datapointsToAlarm: 2 });
    expect(states(r, [20, null, 20])).toEqual(["OK", "OK", "ALARM"]);
  });

  it("treats missing data as breaching when told to", () => {
    expect(states(rule({ treatMissingData: "breaching" }), [1, null, 1])).toEqual(["OK", "ALARM", "OK"]);
  });

  it("treats missing data as good when told notBreaching", () => {
    const r = rule({ treatMissingData: "notBreaching", evaluationPeriods: 2, datapointsToAlarm: 2 });
    expect(states(r, [20, null, 20, 20])).toEqual(["OK", "OK", "OK", "ALARM"]);
  });

  it("keeps the state through windows without data when told to ignore missing data", () => {
    expect(states(rule({ treatMissingData: "ignore" }), [20, null, null, 1])).toEqual([
      "ALARM",
      "ALARM",
      "ALARM",
      "OK",
    ]);
  });

  it("keeps a grouped instance's state through windows in which its scope sent nothing", () => {
    expect(states(rule(), [20, null, 1], true)).toEqual(["ALARM", "ALARM", "OK"]);
  });

  it("does not enter ALARM again within the cooldown after entering it", () => {
    const r = rule({ cooldown: 3 * P });
    expect(states(r, [20, 1, 20, 1, 20])).toEqual(["ALARM", "OK", "OK", "OK", "ALARM"]);
  });

  it("names the latest breaching datapoint as the value that decided an ALARM", () => {
    const r = rule({ evaluationPeriods: 3, datapointsToAlarm: 2 });
    const [, , third] = judgeWindows(r, series([30, 25, 1]), { state: "OK", lastAlarmAt: null }, [
      P,
      2 * P,
      3 * P,
    ]);
    expect(third).toEqual({ windowEnd: 3 * P, state: "ALARM", value: 25, usd: null });
  });
});
