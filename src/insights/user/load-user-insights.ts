/**
 * Loads user insights from a folder: every `<name>.yaml` spec with its SQL, `<name>.sql` (DuckDB SQL;
 * also `<name>.duckdb.sql`) and/or `<name>.clickhouse.sql` (ClickHouse SQL). A folder that cannot
 * be read is an error; a single bad insight (spec invalid, SQL missing, id taken) becomes an insight that
 * fails with a sentence naming its file, so the report still has everything else and says what is wrong.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { FlowlensError, messageOf } from "../../errors.js";
import type { DialectName } from "../../store/store.js";
import type { InsightDefinition } from "../insight.js";
import { userInsight } from "./user-insight.js";
import { userInsightSpecSchema } from "./user-insight-spec.js";

interface Loaded {
  readonly insight: InsightDefinition<never>;
  /** What is wrong with it, naming the file; its run fails with this. */
  readonly problem?: string;
}

function broken(id: string, file: string, problem: string): Loaded {
  const sentence = `${file}: ${problem}`;
  return {
    insight: {
      id,
      title: `${id} (user insight)`,
      description: `From ${file}.`,
      params: z.record(z.string(), z.unknown()) as never,
      run: () => Promise.reject(new Error(sentence)),
    },
    problem: sentence,
  };
}

function loadOne(dir: string, name: string, taken: Set<string>): Loaded {
  const specFile = join(dir, `${name}.yaml`);
  const sqlFile = join(dir, `${name}.sql`);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(specFile, "utf8"));
  } catch (error) {
    return broken(name, specFile, `cannot read the spec: ${messageOf(error)}`);
  }
  const parsed = userInsightSpecSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`);
    return broken(name, specFile, `invalid spec: ${problems.join("; ")}`);
  }
  const id = parsed.data.id ?? name;
  if (taken.has(id)) return broken(`${name}-duplicate`, specFile, `the id ${id} is already taken`);
  taken.add(id);
  const files: Record<DialectName, string[]> = {
    duckdb: [sqlFile, join(dir, `${name}.duckdb.sql`)].filter((f) => existsSync(f)),
    clickhouse: [join(dir, `${name}.clickhouse.sql`)].filter((f) => existsSync(f)),
  };
  if (files.duckdb.length > 1) {
    return broken(id, sqlFile, `both ${name}.sql and ${name}.duckdb.sql hold its DuckDB SQL: keep one`);
  }
  if (files.duckdb.length + files.clickhouse.length === 0) {
    return broken(
      id,
      sqlFile,
      `cannot read the SQL: no ${name}.sql (DuckDB) or ${name}.clickhouse.sql (ClickHouse)`,
    );
  }
  const sources: Partial<Record<DialectName, { sql: string; file: string }>> = {};
  for (const [dialect, [file]] of Object.entries(files) as [DialectName, string[]][]) {
    if (!file) continue;
    try {
      sources[dialect] = { sql: readFileSync(file, "utf8"), file };
    } catch (error) {
      return broken(id, file, `cannot read the SQL: ${messageOf(error)}`);
    }
  }
  return { insight: userInsight(id, parsed.data, sources, sqlFile) as InsightDefinition<never> };
}

/** The folder's insights in name order; `reservedIds` are the built-in insights' ids. */
export function loadUserInsights(folder: string, reservedIds: readonly string[]): InsightDefinition<never>[] {
  return loadFolder(folder, reservedIds).map((l) => l.insight);
}

/** What is wrong with the folder's insights (specs and files; the SQL itself runs only in a report). */
export function userInsightProblems(folder: string, reservedIds: readonly string[]): string[] {
  return loadFolder(folder, reservedIds).flatMap((l) => (l.problem ? [l.problem] : []));
}

function loadFolder(folder: string, reservedIds: readonly string[]): Loaded[] {
  const dir = resolve(folder);
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((f) => f.endsWith(".yaml") || f.endsWith(".sql"))
      .map((f) => basename(f).replace(/(\.duckdb|\.clickhouse)?\.sql$|\.yaml$/, ""));
  } catch (error) {
    throw new FlowlensError(
      "FLOWLENS_CONFIG_INVALID",
      `cannot read the insights folder ${dir}: ${messageOf(error)}`,
      {
        hint: "set insightsDir (or --insights-dir) to a folder of <name>.sql and <name>.yaml files",
      },
    );
  }
  const taken = new Set(reservedIds);
  return [...new Set(names)].sort().map((name) => loadOne(dir, name, taken));
}
