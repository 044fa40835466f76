/**
 * Every query-string and body input of the dashboard's API is parsed by a zod schema here: a value that
 * does not validate is a 400 naming the parameter, the value given and what was expected, in the words
 * the settings use (config/describe-issue.ts).
 */
import type { z } from "zod";
import { schemaProblems } from "../../config/describe-issue.js";
import { FlowlensError } from "../../errors.js";
import { parseUtcDay } from "../../utc-day.js";

/** Where the inputs came from, for the message: the query string or the JSON body. */
export type InputPlace = "query parameter" | "body field";

export function parseInput<T extends z.ZodType>(schema: T, input: unknown, place: InputPlace): z.output<T> {
  const { data, problems } = schemaProblems(schema, input ?? {}, place);
  if (problems.length === 0) return data as z.output<T>;
  const sentences = problems.map(
    (p) => `${place} ${p.path.length > 0 ? p.path.join(".") : "(all)"}: ${p.message}`,
  );
  throw new FlowlensError("FLOWLENS_USAGE", sentences.join("; "));
}

/** `from`/`to` as a period: both UTC days, `to` not before `from`, at most `maxDays` long. */
export function checkPeriod(from: string, to: string, maxDays = 366): { from: string; to: string } {
  const start = parseUtcDay("query parameter from", from);
  const end = parseUtcDay("query parameter to", to);
  if (end < start) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `query parameter to: expected a day on or after from (${from}), got "${to}"`,
    );
  }
  const days = (end - start) / 86_400_000 + 1;
  if (days > maxDays) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `query parameters from and to: expected a period of at most ${maxDays} days, got ${days} (${from} to ${to})`,
    );
  }
  return { from, to };
}
