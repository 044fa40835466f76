/**
 * Builds the commander program: global options, one file per command, and one place that turns errors
 * into messages (`--json`: {"error", "code"}) and exit codes (0 success, 1 failure, 2 usage).
 */
import { Command, CommanderError } from "commander";
import { exitCodeFor, FlowlensError, messageOf } from "../errors.js";
import { maskCredentials } from "../secrets/credential-shape.js";
import { registerAlerts } from "./alerts.js";
import { registerCompare } from "./compare.js";
import { registerConfig } from "./config-check.js";
import { type CliContext, createContext, type GlobalOptions } from "./context.js";
import { registerDaily } from "./daily.js";
import { registerDemo } from "./demo.js";
import { registerIngest } from "./ingest.js";
import { registerInventory } from "./inventory.js";
import { registerIpRanges } from "./ip-ranges.js";
import { printable } from "./printable.js";
import { registerQuery } from "./query.js";
import { registerReport } from "./report.js";
import { registerSchedule } from "./schedule.js";
import { registerServe } from "./serve.js";
import { registerStats } from "./stats.js";
import { registerStore } from "./store.js";

export type CommandAction<O> = (ctx: CliContext, options: O, args: string[]) => Promise<number>;

/** Wraps a command's action so it gets a context and reports its exit code. */
export function action<O>(fn: CommandAction<O>, setExitCode: (code: number) => void) {
  return async (...received: unknown[]) => {
    const command = received.at(-1) as Command;
    const globals = command.optsWithGlobals<GlobalOptions & O>();
    let ctx: CliContext | undefined;
    try {
      ctx = createContext(globals);
      setExitCode(await fn(ctx, globals, command.args));
    } catch (error) {
      reportError(error, Boolean(globals.json), Boolean(globals.verbose));
      setExitCode(exitCodeFor(error));
    }
  };
}

function reportError(error: unknown, json: boolean, verbose: boolean): void {
  const code = error instanceof FlowlensError ? error.code : "FLOWLENS_ERROR";
  // The last guard of every error shown: nothing shaped like a credential leaves, whatever built the message.
  const message = maskCredentials(messageOf(error));
  if (json) process.stdout.write(`${JSON.stringify({ error: message, code })}\n`);
  else process.stderr.write(`flowlens: ${printable(message, true)}\n`);
  if (verbose && error instanceof Error && error.stack)
    process.stderr.write(`${maskCredentials(error.stack)}\n`);
}

/** `quietErrors`: commander prints nothing for a command line that does not parse (runCli reports it). */
export function buildProgram(setExitCode: (code: number) => void, quietErrors = false): Command {
  const program = new Command("flowlens")
    .description(
      "Turn AWS VPC Flow Logs into answers: ingest them into an embedded DuckDB store, query them, report on them daily and post the report to Slack.",
    )
    .version("0.1.0")
    .option("--db <file>", "DuckDB store file (env FLOWLENS_DB)", undefined)
    .option(
      "--store <url>",
      "another store: clickhouse://user@host:8123/database?cluster=NAME (env FLOWLENS_STORE; password from FLOWLENS_CLICKHOUSE_PASSWORD)",
    )
    .option("--config <file>", "YAML config file (env FLOWLENS_CONFIG; default ./flowlens.yaml if present)")
    .option("--json", "machine-readable output on stdout")
    .option("--verbose", "show stack traces of errors")
    .option("--memory-limit <size>", "DuckDB memory limit, e.g. 1GB (env FLOWLENS_MEMORY_LIMIT)")
    .option("--threads <n>", "DuckDB worker threads (env FLOWLENS_THREADS)")
    .showHelpAfterError()
    .exitOverride();
  // Set before the commands are added, which inherit it.
  if (quietErrors) program.configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  for (const register of [
    registerIngest,
    registerQuery,
    registerStats,
    registerStore,
    registerReport,
    registerCompare,
    registerIpRanges,
    registerInventory,
    registerDemo,
    registerDaily,
    registerSchedule,
    registerServe,
    registerAlerts,
    registerConfig,
  ]) {
    register(program, setExitCode);
  }
  return program;
}

/** Runs the CLI and returns its exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  // With --json, a command line that does not parse is reported as {"error", "code"} like any other error.
  const json = argv.includes("--json");
  const program = buildProgram((code) => {
    exitCode = code;
  }, json);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; parse errors were already printed by commander.
      if (error.exitCode === 0) return 0;
      if (json)
        reportError(new FlowlensError("FLOWLENS_USAGE", error.message.replace(/^error: /, "")), true, false);
      return 2;
    }
    throw error;
  }
  return exitCode;
}
