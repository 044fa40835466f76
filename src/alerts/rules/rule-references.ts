/**
 * What the rules' own schemas cannot see, checked on the whole `alerts:` section as written (so a rule
 * that fails its own schema hides no other problem): names are unique, a threshold rule groups only by
 * what its metric has, composites name rules that exist and form no cycle, and rules name only webhooks
 * that `alerts.webhooks` defines. Each problem carries its path from the top (`alerts.rules.2.when.all.1`),
 * so `config check` gives its line.
 */
import type { SettingProblem } from "../../config/describe-issue.js";
import { ALERT_METRICS } from "../metrics/metric-catalog.js";
import type { CompositeExpression } from "./alert-rule-schema.js";

interface RuleLike {
  readonly name: string;
  readonly kind: string;
  readonly metric?: string;
  readonly groupBy?: readonly string[];
  readonly when?: CompositeExpression;
  readonly notify?: { readonly webhooks?: readonly string[] };
}

type Path = (string | number)[];

/** Every rule name an expression mentions, with its path inside the expression. */
export function expressionReferences(
  expression: CompositeExpression,
  path: Path = [],
): { name: string; path: Path }[] {
  if (typeof expression === "string") return [{ name: expression, path }];
  if ("not" in expression) return expressionReferences(expression.not, [...path, "not"]);
  const [key, list] = "all" in expression ? ["all", expression.all] : ["any", expression.any];
  return list.flatMap((e, i) => expressionReferences(e, [...path, key, i]));
}

/** The rules a composite depends on, directly. */
export function compositeChildren(expression: CompositeExpression): string[] {
  return [...new Set(expressionReferences(expression).map((r) => r.name))];
}

function cycleThrough(start: string, children: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const walk = (name: string, trail: string[]): string[] | undefined => {
    for (const child of children.get(name) ?? []) {
      if (child === start) return [...trail, child];
      if (trail.includes(child)) continue;
      const found = walk(child, [...trail, child]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v) => typeof v === "string") : [];

function isExpression(value: unknown): value is CompositeExpression {
  if (typeof value === "string") return true;
  if (!isObject(value)) return false;
  if ("not" in value) return isExpression(value.not);
  const list = value.all ?? value.any;
  return Array.isArray(list) && list.every(isExpression);
}

/** The rule fields these checks read, from a rule as written (anything else is the schema's to refuse). */
function ruleLike(value: unknown): RuleLike {
  const rule = isObject(value) ? value : {};
  return {
    name: typeof rule.name === "string" ? rule.name : "",
    kind: typeof rule.kind === "string" ? rule.kind : "",
    ...(typeof rule.metric === "string" ? { metric: rule.metric } : {}),
    groupBy: texts(rule.groupBy),
    ...(isExpression(rule.when) ? { when: rule.when } : {}),
    notify: { webhooks: isObject(rule.notify) ? texts(rule.notify.webhooks) : [] },
  };
}

/** The problems of `values.alerts` (the settings as written), with paths from the top. */
export function alertSectionProblems(values: Record<string, unknown>): SettingProblem[] {
  const alerts = values.alerts;
  if (!isObject(alerts) || !Array.isArray(alerts.rules)) return [];
  const webhooks = isObject(alerts.webhooks) ? Object.keys(alerts.webhooks) : [];
  return ruleReferenceProblems(alerts.rules.map(ruleLike), webhooks).map((p) => ({
    path: ["alerts", ...p.path],
    message: p.message,
  }));
}

export function ruleReferenceProblems(
  rules: readonly RuleLike[],
  webhooks: readonly string[],
): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const firstIndex = new Map<string, number>();
  rules.forEach((rule, i) => {
    if (rule.name === "") return;
    const earlier = firstIndex.get(rule.name);
    if (earlier !== undefined)
      problems.push({
        path: ["rules", i, "name"],
        message: `expected a name no other rule has, got "${rule.name}" (also rules.${earlier}.name)`,
      });
    else firstIndex.set(rule.name, i);
  });
  const children = new Map<string, string[]>();
  rules.forEach((rule, i) => {
    const metric = rule.metric ? ALERT_METRICS.get(rule.metric) : undefined;
    if (rule.kind === "threshold" && metric)
      (rule.groupBy ?? []).forEach((key, k) => {
        if (!(key in metric.groups))
          problems.push({
            path: ["rules", i, "groupBy", k],
            message: `expected one of ${Object.keys(metric.groups).join(", ")} (what ${metric.id} can be grouped by), got "${key}"`,
          });
      });
    (rule.notify?.webhooks ?? []).forEach((name, k) => {
      if (!webhooks.includes(name))
        problems.push({
          path: ["rules", i, "notify", "webhooks", k],
          message:
            webhooks.length > 0
              ? `expected one of the webhooks in alerts.webhooks (${webhooks.join(", ")}), got "${name}"`
              : `expected a webhook defined in alerts.webhooks, got "${name}" (alerts.webhooks defines none)`,
        });
    });
    if (rule.kind !== "composite" || rule.when === undefined) return;
    for (const ref of expressionReferences(rule.when, ["when"])) {
      if (ref.name === rule.name)
        problems.push({
          path: ["rules", i, ...ref.path],
          message: `a composite cannot refer to itself ("${ref.name}")`,
        });
      else if (!firstIndex.has(ref.name))
        problems.push({
          path: ["rules", i, ...ref.path],
          message: `expected the name of another rule, got "${ref.name}" (no rule has it)`,
        });
    }
    children.set(
      rule.name,
      compositeChildren(rule.when).filter((c) => c !== rule.name),
    );
  });
  rules.forEach((rule, i) => {
    if (rule.kind !== "composite" || firstIndex.get(rule.name) !== i) return;
    const cycle = cycleThrough(rule.name, children);
    // Reported once, at the cycle's first rule.
    const first = Math.min(...(cycle ?? []).map((name) => firstIndex.get(name) ?? i));
    if (cycle && cycle.length > 2 && first === i)
      problems.push({
        path: ["rules", i, "when"],
        message: `composites refer to each other in a cycle: ${cycle.join(" → ")}`,
      });
  });
  return problems;
}
