import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkConfigFile } from "../../src/config/check-config.js";
import { validateSettings } from "../../src/config/config.js";
import { readmeAlertRules } from "../helpers/readme-alert-rules.js";
import { tempDir } from "../helpers/temp-dir.js";

/** `config check` on a file holding `yaml`: its problems as `path@line: message`. */
function problemsOf(yaml: string): string[] {
  const file = join(tempDir(), "flowlens.yaml");
  writeFileSync(file, yaml);
  return checkConfigFile(file, {}).problems.map((p) => `${p.path}@${p.line}: ${p.message}`);
}

const threshold = (extra = "") => `alerts:
  rules:
    - name: s3
      kind: threshold
      metric: s3-via-nat-bytes
      threshold: 1GiB
${extra}`;

describe("the alerts: section in config check", () => {
  it("accepts a threshold rule with bytes written with a unit", () => {
    expect(problemsOf(threshold())).toEqual([]);
  });

  it("refuses a rule of an unknown kind, naming its path and line", () => {
    expect(problemsOf("alerts:\n  rules:\n    - name: x\n      kind: alarm\n")).toEqual([
      'alerts.rules.0.kind@4: expected kind to be one of threshold, sql, anomaly, event, composite, got "alarm"',
    ]);
  });

  it("refuses a metric flowlens does not compute", () => {
    const [problem] = problemsOf(threshold().replace("s3-via-nat-bytes", "s3-bytes"));
    expect(problem).toMatch(
      /^alerts\.rules\.0\.metric@5: expected one of "s3-via-nat-bytes", .*"skipdata-share", got "s3-bytes"$/,
    );
  });

  it("refuses a threshold that is neither a number nor bytes with a unit", () => {
    expect(problemsOf(threshold().replace("1GiB", "1GB"))).toEqual([
      'alerts.rules.0.threshold@6: expected a number, or bytes such as 512MiB or 1GiB, got "1GB"',
    ]);
  });

  it("refuses a group key the metric cannot be grouped by", () => {
    expect(problemsOf(threshold("      groupBy: [port]\n"))).toEqual([
      'alerts.rules.0.groupBy.0@7: expected one of eni, subnet, source, destination, nat-gateway (what s3-via-nat-bytes can be grouped by), got "port"',
    ]);
  });

  it("refuses more datapoints to alarm than the window holds", () => {
    expect(problemsOf(threshold("      evaluationPeriods: 3\n      datapointsToAlarm: 4\n"))).toEqual([
      "alerts.rules.0.datapointsToAlarm@8: expected at most evaluationPeriods (3) datapoints, got 4",
    ]);
  });

  it("refuses a period that does not divide a day", () => {
    expect(problemsOf(threshold("      period: 7m\n"))).toEqual([
      'alerts.rules.0.period@7: expected a duration such as 10m, 1h or 1d from 1m to 1d that divides a day, got "7m"',
    ]);
  });

  it("refuses an anomaly rule whose period is not an hour", () => {
    expect(problemsOf("alerts:\n  rules:\n    - name: a\n      kind: anomaly\n      period: 10m\n")).toEqual([
      "alerts.rules.0.period@5: expected 1h: the anomalies insight scores hours against the same hour of the baseline days",
    ]);
  });

  it("refuses two rules with one name", () => {
    expect(problemsOf(`${threshold()}    - name: s3\n      kind: event\n      finding: scan\n`)).toEqual([
      'alerts.rules.1.name@7: expected a name no other rule has, got "s3" (also rules.0.name)',
    ]);
  });

  it("refuses a composite naming a rule that does not exist, at the reference", () => {
    expect(
      problemsOf(`${threshold()}    - name: both\n      kind: composite\n      when: { all: [s3, nope] }\n`),
    ).toEqual([
      'alerts.rules.1.when.all.1@9: expected the name of another rule, got "nope" (no rule has it)',
    ]);
  });

  it("refuses composites that refer to each other in a cycle, once", () => {
    const yaml = `alerts:
  rules:
    - name: a
      kind: composite
      when: { any: [b] }
    - name: b
      kind: composite
      when: { not: a }
`;
    expect(problemsOf(yaml)).toEqual([
      "alerts.rules.0.when@5: composites refer to each other in a cycle: a → b → a",
    ]);
  });

  it("refuses a composite that refers to itself", () => {
    expect(problemsOf("alerts:\n  rules:\n    - name: a\n      kind: composite\n      when: a\n")).toEqual([
      'alerts.rules.0.when@5: a composite cannot refer to itself ("a")',
    ]);
  });

  it("refuses a webhook name alerts.webhooks does not define", () => {
    expect(problemsOf(threshold("      notify: { webhooks: [pager] }\n"))).toEqual([
      'alerts.rules.0.notify.webhooks.0@7: expected a webhook defined in alerts.webhooks, got "pager" (alerts.webhooks defines none)',
    ]);
  });

  it("reports a problem of one rule and a reference problem of another together", () => {
    const yaml = `${threshold("      period: 7m\n")}    - name: both\n      kind: composite\n      when: nope\n`;
    expect(problemsOf(yaml)).toEqual([
      'alerts.rules.0.period@7: expected a duration such as 10m, 1h or 1d from 1m to 1d that divides a day, got "7m"',
      'alerts.rules.1.when@10: expected the name of another rule, got "nope" (no rule has it)',
    ]);
  });

  it("validates the rules README's example config ships commented, once uncommented", () => {
    const values = readmeAlertRules();
    const { config, problems } = validateSettings(values);
    expect(problems).toEqual([]);
    expect(config?.alerts?.rules.map((r) => r.name)).toEqual([
      "s3-back-through-nat",
      "ssh-rdp-from-internet",
      "port-scan",
      "skipdata",
      "cross-az-spike",
      "traffic-anomaly",
      "unusual-cross-az-spike",
    ]);
  });
});
