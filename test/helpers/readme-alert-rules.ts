/** The `alerts:` section README's example config ships commented, uncommented and parsed. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export function readmeAlertRules(): { alerts: Record<string, unknown> } {
  const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");
  const block = /```yaml\n# flowlens\.yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  const lines = block.split("\n");
  const start = lines.findIndex((l) => l.startsWith("# alerts:"));
  if (start < 0) throw new Error("README's example config has no commented alerts: section");
  return parse(
    lines
      .slice(start)
      .map((l) => l.replace(/^# ?/, ""))
      .join("\n"),
  ) as { alerts: Record<string, unknown> };
}
