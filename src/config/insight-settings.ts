/**
 * The `insights:` section checked against the insights that exist: each id must name a built-in insight
 * or a user insight, and its parameters must pass that insight's own zod schema (type, bounds, no unknown
 * keys). `config check`, every command's settings and the insight runner use this one check.
 */
import type { InsightDefinition } from "../insights/insight.js";
import { type SettingProblem, schemaProblems, showValue } from "./describe-issue.js";

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface InsightSettingsOptions {
  /** The insights folder, when its user insights could not be read: an unknown id's sentence says so. */
  readonly unreadableDir?: string;
}

/** Every problem of the `insights:` section (paths start with `insights`). */
export function insightSettingsProblems(
  settings: unknown,
  definitions: readonly InsightDefinition<never>[],
  options: InsightSettingsOptions = {},
): SettingProblem[] {
  if (settings === undefined || settings === null) return [];
  if (!isMapping(settings))
    return [{ path: ["insights"], message: `expected a mapping of insight ids, got ${showValue(settings)}` }];
  const byId = new Map(definitions.map((d) => [d.id, d]));
  const problems: SettingProblem[] = [];
  for (const [id, params] of Object.entries(settings)) {
    const definition = byId.get(id);
    if (!definition) {
      const unread = options.unreadableDir
        ? ` (no user insights could be read from ${options.unreadableDir})`
        : "";
      problems.push({
        path: ["insights", id],
        message: `unknown insight: expected one of ${[...byId.keys()].join(", ")}${unread}`,
      });
      continue;
    }
    if (!isMapping(params)) {
      problems.push({
        path: ["insights", id],
        message: `expected a mapping of parameters, got ${showValue(params)}`,
      });
      continue;
    }
    for (const p of schemaProblems(definition.params, params, "parameter").problems)
      problems.push({ path: ["insights", id, ...p.path], message: p.message });
  }
  return problems;
}
