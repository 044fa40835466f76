/**
 * `flowlens config check`: validates a config file and says exactly what is wrong and where — the setting's
 * path and its line and column in the file — then checks what the schema cannot: S3 URIs, the cron
 * expression and time zone, the user insights folder, and whether the daily job has a way to reach Slack.
 */
import { existsSync, readFileSync } from "node:fs";
import { isMap, LineCounter, parseDocument } from "yaml";
import { checkSchedule } from "../daily/schedule/check-schedule.js";
import { messageOf } from "../errors.js";
import { BUILT_IN_INSIGHTS } from "../insights/registry.js";
import { userInsightProblems } from "../insights/user/load-user-insights.js";
import { parseS3Uri } from "../sources/s3/parse-s3-uri.js";
import { type Config, configSchema } from "./config.js";

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

export function checkConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): ConfigCheck {
  if (!existsSync(file)) {
    return {
      file,
      problems: [{ severity: "error", path: "", message: `config file ${file} does not exist` }],
    };
  }
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, "utf8"), { lineCounter: lines });
  const at = (path: Path) => {
    // The setting itself, else the nearest parent that is in the file.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lines.linePos(node.range[0]);
    }
    return undefined;
  };
  const problem = (severity: ConfigProblem["severity"], path: Path, message: string): ConfigProblem => {
    const pos = at(path);
    return { severity, path: path.join("."), ...(pos ? { line: pos.line, column: pos.col } : {}), message };
  };
  if (doc.errors.length > 0) {
    return {
      file,
      problems: doc.errors.map((e) => ({
        severity: "error" as const,
        path: "",
        ...(e.linePos?.[0] ? { line: e.linePos[0].line, column: e.linePos[0].col } : {}),
        message: e.message.split("\n")[0] ?? e.message,
      })),
    };
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    return { file, problems: [problem("error", [], "the file must hold a mapping of settings")] };
  }
  const parsed = configSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    return { file, problems: parsed.error.issues.map((i) => problem("error", i.path as Path, i.message)) };
  }
  const config = parsed.data;
  const problems: ConfigProblem[] = [];
  for (const [index, source] of (config.daily?.sources ?? []).entries()) {
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
  try {
    checkSchedule(config.schedule.cron, config.schedule.timezone);
  } catch (error) {
    problems.push(problem("error", ["schedule"], messageOf(error)));
  }
  if (config.insightsDir) {
    if (!existsSync(config.insightsDir)) {
      problems.push(problem("error", ["insightsDir"], `the folder ${config.insightsDir} does not exist`));
    } else {
      const reserved = BUILT_IN_INSIGHTS.map((i) => i.id);
      for (const p of userInsightProblems(config.insightsDir, reserved))
        problems.push(problem("error", ["insightsDir"], p));
    }
  }
  if (config.daily && !config.slack?.secret && !env.SLACK_BOT_TOKEN) {
    problems.push(
      problem(
        "warning",
        ["daily"],
        "no Slack credentials: set slack.secret (a Secrets Manager secret) or SLACK_BOT_TOKEN and SLACK_CHANNEL_ID, or run daily with --no-deliver",
      ),
    );
  }
  return { file, problems, config };
}
