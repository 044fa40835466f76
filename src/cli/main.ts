#!/usr/bin/env node
/** The flowlens command line: the only place that ends the process, through its exit code. */
import { runCli } from "./program.js";

process.exitCode = await runCli(process.argv);
