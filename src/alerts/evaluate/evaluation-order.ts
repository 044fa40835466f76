/**
 * The rules a run evaluates, in an order where every composite comes after the rules it names: enabled
 * rules only (a composite's disabled rule counts as never in ALARM), narrowed to `only` and what its
 * composites need. The config check has refused cycles, so the order always exists.
 */
import type { AlertRule } from "../rules/alert-rule-schema.js";
import { compositeChildren } from "../rules/rule-references.js";

export function evaluationOrder(rules: readonly AlertRule[], only?: readonly string[]): AlertRule[] {
  const byName = new Map(rules.filter((r) => r.enabled).map((r) => [r.name, r]));
  const ordered: AlertRule[] = [];
  const placed = new Set<string>();
  const place = (name: string, trail: ReadonlySet<string>) => {
    const rule = byName.get(name);
    if (!rule || placed.has(name) || trail.has(name)) return;
    if (rule.kind === "composite")
      for (const child of compositeChildren(rule.when)) place(child, new Set([...trail, name]));
    placed.add(name);
    ordered.push(rule);
  };
  for (const name of only ?? [...byName.keys()]) place(name, new Set());
  return ordered;
}
