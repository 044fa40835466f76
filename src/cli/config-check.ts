/** `flowlens config check`: validate the config file and say exactly what is wrong and where. */
import type { Command } from "commander";
import { checkConfigFile } from "../config/check-config.js";
import { DEFAULT_CONFIG_FILE, envValue } from "../config/config.js";
import { fileLocation, listedProblems } from "../config/settings-error.js";

export function registerConfig(program: Command, setExitCode: (code: number) => void): void {
  const config = program.command("config").description("Work with the YAML config file.");
  config
    .command("check")
    .description(
      "Validate the config file (--config, FLOWLENS_CONFIG or ./flowlens.yaml): exit 0 valid, 1 not",
    )
    .action((_flags: unknown, command: Command) => {
      const globals = command.optsWithGlobals<{ config?: string; json?: boolean }>();
      const file = globals.config ?? envValue(process.env, "FLOWLENS_CONFIG") ?? DEFAULT_CONFIG_FILE;
      const check = checkConfigFile(file);
      const errors = check.problems.filter((p) => p.severity === "error");
      if (globals.json) {
        process.stdout.write(
          `${JSON.stringify({ file, valid: errors.length === 0, problems: check.problems }, null, 2)}\n`,
        );
      } else {
        const lines = check.problems.map((p) => {
          const at = p.line && p.column ? { line: p.line, column: p.column } : undefined;
          return `${p.severity}: ${fileLocation(file, at, p.path)}: ${p.message}`;
        });
        for (const line of listedProblems(lines, (count) => `… and ${count} more`))
          process.stderr.write(`${line}\n`);
        if (errors.length === 0) {
          const c = check.config;
          process.stdout.write(
            `${file} is valid: store ${c?.db}; daily sources ${c?.daily ? c.daily.sources.join(", ") : "not configured"}; schedule "${c?.schedule.cron}" (${c?.schedule.timezone}).\n`,
          );
        }
      }
      setExitCode(errors.length === 0 ? 0 : 1);
    });
}
