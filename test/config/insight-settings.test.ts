import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { BUILT_IN_INSIGHTS } from "../../src/insights/registry.js";
import { runInsights } from "../../src/insights/run-insights.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { tempDir } from "../helpers/temp-dir.js";
import { thrown } from "./thrown.js";

const IDS = BUILT_IN_INSIGHTS.map((i) => i.id).join(", ");

function configFile(text: string, dir = tempDir()): string {
  const path = join(dir, "flowlens.yaml");
  writeFileSync(path, text);
  return path;
}

function refusal(text: string): { file: string; message: string } {
  const file = configFile(text);
  return { file, message: thrown(() => loadConfig({ file, env: {} })).message };
}

describe("insight parameters in the settings", () => {
  it("a negative parameter is refused with its line and column", () => {
    const { file, message } = refusal("insights:\n  scans:\n    min_ports: -5\n");
    expect(message).toBe(`${file}:3:16 (insights.scans.min_ports): expected a number more than 0, got -5`);
  });

  it("a parameter of the wrong type is refused", () => {
    const { file, message } = refusal("insights:\n  nat-gateway: { days_per_month: thirty }\n");
    expect(message).toBe(
      `${file}:2:34 (insights.nat-gateway.days_per_month): expected a number, got "thirty"`,
    );
  });

  it("an unknown parameter is refused, naming the parameters there are", () => {
    const { file, message } = refusal("insights:\n  scans: { min_port: 5 }\n");
    expect(message).toBe(
      `${file}:2:22 (insights.scans.min_port): unknown parameter: expected one of window_minutes, min_ports, min_hosts`,
    );
  });

  it("a parameter for an insight that takes none is refused", () => {
    const { file, message } = refusal("insights:\n  overview: { top: 5 }\n");
    expect(message).toBe(
      `${file}:2:20 (insights.overview.top): unknown parameter: expected no parameters here`,
    );
  });

  it("an unknown insight id is refused, naming the insights there are", () => {
    const { file, message } = refusal("insights:\n  nat-gatway: { days_per_month: 30 }\n");
    expect(message).toBe(`${file}:2:15 (insights.nat-gatway): unknown insight: expected one of ${IDS}`);
  });

  it("a user insight's parameters are checked against its spec's defaults", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "insights"));
    writeFileSync(join(dir, "insights", "dns.yaml"), "title: DNS\nparams: { min_bytes: 1000 }\n");
    writeFileSync(join(dir, "insights", "dns.sql"), "SELECT 1 AS x");
    const file = configFile(
      `insightsDir: ${join(dir, "insights")}\ninsights:\n  dns: { min_bytes: many, max_bytes: 5 }\n`,
      dir,
    );
    expect(thrown(() => loadConfig({ file, env: {} })).message).toBe(
      [
        "2 settings are invalid:",
        `  ${file}:3:21 (insights.dns.min_bytes): expected a number, got "many"`,
        `  ${file}:3:38 (insights.dns.max_bytes): unknown parameter: expected one of min_bytes`,
      ].join("\n"),
    );
    writeFileSync(file, `insightsDir: ${join(dir, "insights")}\ninsights:\n  dns: { min_bytes: 5 }\n`);
    expect(loadConfig({ file, env: {} }).insights).toEqual({ dns: { min_bytes: 5 } });
  });

  it("an insights folder that does not exist is refused, and an id no built-in insight has is unknown", () => {
    const { file, message } = refusal("insightsDir: /nonexistent/insights\ninsights:\n  mine: { x: 1 }\n");
    expect(message).toBe(
      [
        "2 settings are invalid:",
        `  ${file}:1:14 (insightsDir): the folder /nonexistent/insights does not exist`,
        `  ${file}:3:9 (insights.mine): unknown insight: expected one of ${IDS} (no user insights could be read from /nonexistent/insights)`,
      ].join("\n"),
    );
  });

  it("the insight runner refuses wrong parameters before any insight runs, never as a note", async () => {
    const store = await DuckDbStore.open(join(tempDir(), "s.duckdb"));
    try {
      await expect(
        runInsights(
          store,
          BUILT_IN_INSIGHTS,
          { from: "2026-11-20", to: "2026-11-20" },
          { scans: { min_ports: -1 } },
        ),
      ).rejects.toThrow(
        expect.objectContaining({
          code: "FLOWLENS_CONFIG_INVALID",
          message: "insights.scans.min_ports: expected a number more than 0, got -1",
        }),
      );
    } finally {
      store.close();
    }
  });
});
