/**
 * `flowlens config check`: validates a config file and says exactly what is wrong and where — the setting's
 * path and its line and column in the file — then checks what the schema cannot: S3 URIs, the user
 * insights' specs, and whether the daily job has a way to reach Slack.
 */
import { existsSync } from "node:fs";
import { messageOf } from "../errors.js";
import { BUILT_IN_INSIGHTS } from "../insights/registry.js";
import { userInsightProblems } from "../insights/user/load-user-insights.js";
import { parseS3Uri } from "../sources/s3/parse-s3-uri.js";
import { type Config, validateSettings } from "./config.js";
import { readConfigFile } from "./config-file.js";

export interface ConfigProblem {
  readonly severity: "error" | "warning";
  /** The setting, e.g. `daily.sources.0`; empty for the file as a whole. */
  readonly path: string;
  /** 1-based position in the file, when the setting is in it. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

export interface ConfigCheck {
  readonly file: string;
  readonly problems: readonly ConfigProblem[];
  /** The settings, when the file validates. */
  readonly config?: Config;
}

type Path = readonly (string | number)[];

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function section(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * Every problem of the file: the settings' validation (the same one a run does), then what the schema
 * cannot see, checked on the values as written so one wrong setting hides no other.
 */
export function checkConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): ConfigCheck {
  if (!existsSync(file)) {
    return {
      file,
      problems: [{ severity: "error", path: "", message: `config file ${file} does not exist` }],
    };
  }
  const read = readConfigFile(file);
  if (read.syntaxProblems.length > 0) {
    return {
      file,
      problems: read.syntaxProblems.map((p) => ({
        severity: "error" as const,
        path: "",
        ...(p.position ? { line: p.position.line, column: p.position.column } : {}),
        message: p.message,
      })),
    };
  }
  const problem = (severity: ConfigProblem["severity"], path: Path, message: string): ConfigProblem => {
    const pos = read.positionOf(path);
    return {
      severity,
      path: path.join("."),
      ...(pos ? { line: pos.line, column: pos.column } : {}),
      message,
    };
  };
  const values = read.values;
  const validated = validateSettings(values);
  const problems: ConfigProblem[] = validated.problems.map((p) => problem("error", p.path, p.message));
  const daily = section(values.daily);
  for (const [index, source] of (Array.isArray(daily.sources) ? daily.sources : []).entries()) {
    if (typeof source !== "string" || source === "") continue;
    if (source.startsWith("s3:")) {
      try {
        parseS3Uri(source);
      } catch (error) {
        problems.push(problem("error", ["daily", "sources", index], messageOf(error)));
      }
    } else if (!existsSync(source)) {
      problems.push(
        problem("warning", ["daily", "sources", index], `${source} does not exist on this machine`),
      );
    }
  }
  const insightsDir = text(values.insightsDir);
  if (insightsDir && existsSync(insightsDir)) {
    const reserved = BUILT_IN_INSIGHTS.map((i) => i.id);
    try {
      for (const p of userInsightProblems(insightsDir, reserved))
        problems.push(problem("error", ["insightsDir"], p));
    } catch {
      // An unreadable folder is already one of the settings' problems.
    }
  }
  if (values.daily !== undefined && !text(section(values.slack).secret) && !env.SLACK_BOT_TOKEN) {
    problems.push(
      problem(
        "warning",
        ["daily"],
        "no Slack credentials: set slack.secret (a Secrets Manager secret) or SLACK_BOT_TOKEN and SLACK_CHANNEL_ID, or run daily with --no-deliver",
      ),
    );
  }
  // In file order; problems without a position (the file as a whole) first.
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { file, problems, ...(validated.config ? { config: validated.config } : {}) };
}
