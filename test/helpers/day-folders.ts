/** The folders of one day of a demo's objects (`AWSLogs/<account>/vpcflowlogs/<region>/<y>/<m>/<d>`), sorted. */
import { readdirSync } from "node:fs";
import { join } from "node:path";

export function dayFolders(awsLogs: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      if (depth === 6) found.push(join(dir, entry.name));
      else walk(join(dir, entry.name), depth + 1);
    }
  };
  walk(awsLogs, 1);
  return found.sort();
}
