/**
 * `flowlens alerts`: the rules and their current states (`list`), what happened (`history`), what a rule
 * would have done on stored data (`test`, nothing recorded or notified), and holding a rule's
 * notifications back (`silence`, `unsilence`).
 */
import type { Command } from "commander";
import type { AlertEvent } from "../alerts/alert-event.js";
import {
  activeSilences,
  currentStates,
  ensureAlertTables,
  readHistory,
  silenceRule,
  unsilenceRule,
} from "../alerts/alert-tables.js";
import { evaluateAlerts } from "../alerts/evaluate-alerts.js";
import { formatAlertValue } from "../alerts/notify/alert-numbers.js";
import type { AlertRule } from "../alerts/rules/alert-rule-schema.js";
import { durationProblem, readDuration, showDuration } from "../alerts/rules/duration.js";
import { wholeNumberFlag } from "../config/whole-number.js";
import { FlowlensError } from "../errors.js";
import { parseUtcDay } from "../utc-day.js";
import { type CliContext, withStore } from "./context.js";
import { renderTable } from "./format-output.js";
import { printable } from "./printable.js";
import { action } from "./program.js";

interface HistoryFlags {
  readonly since?: string;
  readonly rule?: string;
  readonly limit: string;
}
interface TestFlags {
  readonly from?: string;
  readonly to?: string;
}
interface SilenceFlags {
  readonly for: string;
}

export function registerAlerts(program: Command, setExitCode: (code: number) => void): void {
  const alerts = program
    .command("alerts")
    .description("Alert rules of the config's alerts: section: their states, history, tests and silences.");
  alerts
    .command("list")
    .description(
      "List the rules with their current state per instance (instances that never left OK are not listed).",
    )
    .action(action<object>(listCommand, setExitCode));
  alerts
    .command("history")
    .description("Show recorded state changes, oldest window first.")
    .option("--since <when>", "only windows ending at or after this UTC day (YYYY-MM-DD) or ISO time")
    .option("--rule <name>", "only this rule")
    .option("--limit <n>", "at most this many events (the latest)", "1000")
    .action(action<HistoryFlags>(historyCommand, setExitCode));
  alerts
    .command("test")
    .description(
      "Evaluate one rule over stored data without recording or notifying anything, and show when it would have fired and cleared.",
    )
    .argument("<rule>", "the rule's name")
    .option("--from <when>", "first UTC day (YYYY-MM-DD) or ISO time (default: the first record)")
    .option("--to <when>", "last UTC day (YYYY-MM-DD, included) or ISO time (default: the latest record)")
    .action(action<TestFlags>(testCommand, setExitCode));
  alerts
    .command("silence")
    .description("Hold a rule's notifications back for a while; its states and history are still recorded.")
    .argument("<rule>", "the rule's name")
    .requiredOption("--for <duration>", "how long, e.g. 30m, 2h, 1d")
    .action(action<SilenceFlags>(silenceCommand, setExitCode));
  alerts
    .command("unsilence")
    .description("End a rule's silence.")
    .argument("<rule>", "the rule's name")
    .action(action<object>(unsilenceCommand, setExitCode));
}

function rulesOf(ctx: CliContext): readonly AlertRule[] {
  return ctx.config.alerts?.rules ?? [];
}

/** The named rule; FLOWLENS_USAGE naming the rules there are when it is not one. */
function ruleNamed(ctx: CliContext, name: string): AlertRule {
  const rules = rulesOf(ctx);
  const rule = rules.find((r) => r.name === name);
  if (rule) return rule;
  throw new FlowlensError(
    "FLOWLENS_USAGE",
    rules.length > 0
      ? `no alert rule is named "${name}": expected one of ${rules.map((r) => r.name).join(", ")}`
      : `no alert rule is named "${name}": the config has no alerts.rules`,
    { hint: "rules are defined under alerts.rules in the config file (--config)" },
  );
}

/** A UTC day (its midnight; `end`: the next midnight) or an ISO time, as epoch seconds. */
function timeFlag(flag: string, value: string, end = false): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return parseUtcDay(flag, value) / 1000 + (end ? 86_400 : 0);
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `${flag} "${value}" is neither a day nor a time: expected YYYY-MM-DD or an ISO time such as 2026-11-23T14:00:00Z`,
    );
  return ms / 1000;
}

const shortTime = (iso: string) => iso.replace(".000Z", "Z");

function eventRows(events: readonly AlertEvent[]) {
  return events.map((e) => ({
    window_end: shortTime(e.windowEnd),
    rule: printable(e.rule),
    instance: printable(e.instance || "-"),
    change: `${e.fromState} → ${e.toState}`,
    value: formatAlertValue(e.value, e.unit),
    message: printable(e.message),
  }));
}

async function listCommand(ctx: CliContext): Promise<number> {
  const rules = rulesOf(ctx);
  const { states, silences } = await withStore(
    ctx,
    async (store) => ({
      states: await currentStates(store),
      silences: await activeSilences(store, Date.now() / 1000),
    }),
    { readOnly: true, mustExist: true },
  );
  const listed = rules.map((rule) => {
    const instances = states.filter((s) => s.rule === rule.name);
    return {
      name: rule.name,
      kind: rule.kind,
      severity: rule.severity,
      enabled: rule.enabled,
      period: showDuration(rule.period),
      silencedUntil: silences.get(rule.name) ?? null,
      inAlarm: instances.filter((s) => s.state === "ALARM").length,
      instances,
    };
  });
  if (ctx.json) {
    ctx.out(JSON.stringify({ rules: listed }, null, 2));
    return 0;
  }
  if (rules.length === 0) {
    ctx.out("No alert rules: add them under alerts.rules in the config file.");
    return 0;
  }
  ctx.out(
    renderTable(
      ["rule", "kind", "severity", "period", "state", "silenced until"],
      listed.map((r) => ({
        rule: r.name,
        kind: r.kind,
        severity: r.severity,
        period: r.period,
        state: !r.enabled ? "disabled" : r.inAlarm > 0 ? `ALARM (${r.inAlarm})` : summaryState(r.instances),
        "silenced until": r.silencedUntil ?? "-",
      })),
    ),
  );
  const notOk = listed.flatMap((r) => r.instances.filter((s) => s.state !== "OK"));
  if (notOk.length > 0) {
    ctx.out("");
    ctx.out(
      renderTable(
        ["rule", "instance", "state", "since", "message"],
        notOk.map((s) => ({
          rule: s.rule,
          instance: printable(s.instance || "-"),
          state: s.state,
          since: s.since,
          message: printable(s.message),
        })),
      ),
    );
  }
  return 0;
}

function summaryState(instances: readonly { state: string }[]): string {
  return instances.some((s) => s.state === "INSUFFICIENT_DATA") ? "INSUFFICIENT_DATA" : "OK";
}

async function historyCommand(ctx: CliContext, flags: HistoryFlags): Promise<number> {
  if (flags.rule !== undefined) ruleNamed(ctx, flags.rule);
  const since =
    flags.since === undefined ? undefined : new Date(timeFlag("--since", flags.since) * 1000).toISOString();
  const limit = wholeNumberFlag("--limit", flags.limit, { max: 1_000_000, unit: "events" });
  const all = await withStore(
    ctx,
    (store) =>
      readHistory(store, { ...(since ? { since } : {}), ...(flags.rule ? { rule: flags.rule } : {}) }),
    { readOnly: true, mustExist: true },
  );
  const events = all.slice(-limit);
  if (ctx.json) ctx.out(JSON.stringify({ events }, null, 2));
  else if (events.length === 0) ctx.out("No alert events recorded.");
  else
    ctx.out(renderTable(["window_end", "rule", "instance", "change", "value", "message"], eventRows(events)));
  return 0;
}

async function testCommand(ctx: CliContext, flags: TestFlags, args: string[]): Promise<number> {
  const rule = ruleNamed(ctx, args[0] as string);
  const from = flags.from === undefined ? 0 : timeFlag("--from", flags.from);
  const to = flags.to === undefined ? Number.MAX_SAFE_INTEGER : timeFlag("--to", flags.to, true);
  if (to <= from)
    throw new FlowlensError("FLOWLENS_USAGE", `--to ${flags.to} is not after --from ${flags.from}`, {
      hint: "give --to a day or time after --from",
    });
  // Not recorded: `dryRun` writes no event, watermark or silence (only the address classes a report
  // would refresh too).
  // A disabled rule is tested too: that is how a rule is tuned before it is turned on.
  const alerts = ctx.config.alerts as NonNullable<typeof ctx.config.alerts>;
  const config = {
    ...ctx.config,
    alerts: {
      ...alerts,
      rules: alerts.rules.map((r) => (r.name === rule.name ? { ...r, enabled: true } : r)),
    },
  };
  const events = await withStore(
    ctx,
    (store) => evaluateAlerts(store, config, { rules: [rule.name], dryRun: { from, to } }),
    { mustExist: true },
  );
  const own = events.filter((e) => e.rule === rule.name);
  const fired = own.filter((e) => e.toState === "ALARM").length;
  if (ctx.json) {
    ctx.out(JSON.stringify({ rule: rule.name, fired, events: own }, null, 2));
    return 0;
  }
  ctx.out(
    fired === 0
      ? `${rule.name} would not have fired${own.length > 0 ? ` (${own.length} other state change(s))` : ""}.`
      : `${rule.name} would have fired ${fired} time(s):`,
  );
  if (own.length > 0)
    ctx.out(renderTable(["window_end", "rule", "instance", "change", "value", "message"], eventRows(own)));
  return 0;
}

async function silenceCommand(ctx: CliContext, flags: SilenceFlags, args: string[]): Promise<number> {
  const rule = ruleNamed(ctx, args[0] as string);
  const bounds = { min: 60, max: 90 * 86_400 };
  const problem = durationProblem(flags.for, bounds);
  if (problem !== undefined) throw new FlowlensError("FLOWLENS_USAGE", `--for: ${problem}`);
  const until = Math.floor(Date.now() / 1000) + (readDuration(flags.for) as number);
  await withStore(ctx, async (store) => {
    await ensureAlertTables(store);
    await silenceRule(store, rule.name, until);
  });
  const untilIso = new Date(until * 1000).toISOString().replace(".000Z", "Z");
  if (ctx.json) ctx.out(JSON.stringify({ rule: rule.name, silencedUntil: untilIso }));
  else ctx.out(`${rule.name} is silenced until ${untilIso}: its state changes are recorded, not notified.`);
  return 0;
}

async function unsilenceCommand(ctx: CliContext, _flags: object, args: string[]): Promise<number> {
  const rule = ruleNamed(ctx, args[0] as string);
  const had = await withStore(ctx, async (store) => {
    await ensureAlertTables(store);
    return unsilenceRule(store, rule.name);
  });
  if (ctx.json) ctx.out(JSON.stringify({ rule: rule.name, wasSilenced: had }));
  else ctx.out(had ? `${rule.name} is no longer silenced.` : `${rule.name} was not silenced.`);
  return 0;
}
