/**
 * The settings that name insights: the insights folder must exist, and `insights:` must name built-in or
 * user insights with parameters their own schemas accept. User insights are loaded only when `insights:`
 * names an id that is not built in.
 */
import { existsSync } from "node:fs";
import { messageOf } from "../errors.js";
import type { InsightDefinition } from "../insights/insight.js";
import { BUILT_IN_INSIGHTS } from "../insights/registry.js";
import { loadUserInsights } from "../insights/user/load-user-insights.js";
import type { SettingProblem } from "./describe-issue.js";
import { insightSettingsProblems } from "./insight-settings.js";

function mentionsUserInsights(insights: unknown): boolean {
  if (typeof insights !== "object" || insights === null) return false;
  const builtIn = new Set(BUILT_IN_INSIGHTS.map((i) => i.id));
  return Object.keys(insights).some((id) => !builtIn.has(id));
}

/** `checkInsights`: false when the schema already refused `insights:` itself. */
export function insightSectionProblems(
  values: Record<string, unknown>,
  checkInsights = true,
): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const dir =
    typeof values.insightsDir === "string" && values.insightsDir !== "" ? values.insightsDir : undefined;
  let insights: readonly InsightDefinition<never>[] = BUILT_IN_INSIGHTS;
  let unreadableDir: string | undefined;
  if (dir !== undefined && !existsSync(dir)) {
    problems.push({ path: ["insightsDir"], message: `the folder ${dir} does not exist` });
    unreadableDir = dir;
  } else if (dir !== undefined && mentionsUserInsights(values.insights)) {
    try {
      insights = [
        ...BUILT_IN_INSIGHTS,
        ...loadUserInsights(
          dir,
          BUILT_IN_INSIGHTS.map((i) => i.id),
        ),
      ];
    } catch (error) {
      problems.push({ path: ["insightsDir"], message: messageOf(error) });
      unreadableDir = dir;
    }
  }
  if (checkInsights) problems.push(...insightSettingsProblems(values.insights, insights, { unreadableDir }));
  return problems;
}
