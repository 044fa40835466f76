// Preloaded into a CLI child (`node --import`) by tests that bound its memory: on exit it writes the
// process's peak resident set size to stderr as `max-rss-kb=N`.
import { writeSync } from "node:fs";

process.on("exit", () => writeSync(2, `max-rss-kb=${process.resourceUsage().maxRSS}\n`));
