/**
 * How complete a day's data is, in one sentence for the Slack message and the run record: what loaded,
 * what could not be read, what was quarantined, which insights failed.
 */
import type { IngestSummary } from "../ingest/ingest-run.js";
import type { Report } from "../report/build-report.js";
import { formatCount } from "../text/format-numbers.js";

const NAMED = 3;

function lastPart(uri: string): string {
  return uri.slice(uri.lastIndexOf("/") + 1);
}

export function completenessSentence(ingest: IngestSummary | undefined, report: Report): string {
  const parts: string[] = [];
  if (ingest) {
    parts.push(
      `${formatCount(ingest.objectsLoaded)} new object(s) loaded (${formatCount(ingest.rowsLoaded)} records), ${formatCount(ingest.objectsSkipped)} already in the store`,
    );
    if (ingest.objectsFailed > 0) {
      const named = ingest.failures.slice(0, NAMED).map((f) => lastPart(f.uri));
      const more = ingest.objectsFailed > NAMED ? ` and ${ingest.objectsFailed - NAMED} more` : "";
      parts.push(
        `${formatCount(ingest.objectsFailed)} object(s) could not be read (${named.join(", ")}${more}): the numbers undercount`,
      );
    }
    if (ingest.rowsRejected > 0)
      parts.push(`${formatCount(ingest.rowsRejected)} malformed line(s) quarantined`);
  }
  const failed = report.insights.filter((i) => i.error).map((i) => i.id);
  if (failed.length > 0) parts.push(`insight(s) that failed: ${failed.join(", ")}`);
  return `${parts.join("; ")}.`;
}
