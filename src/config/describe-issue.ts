/**
 * Settings problems as sentences: a zod issue becomes "expected …, got …" with the value the user gave,
 * never zod's own wording, and an unknown key becomes one problem of its own (so each is listed at its
 * own line and column) with the keys that are allowed there. Config settings and insight parameters are
 * described by this one module, so `config check` and a run say the same thing.
 */
import { z } from "zod";

/** One thing wrong with the settings: where (the setting's path) and what. */
export interface SettingProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** A value as a user would write it: text quoted, numbers bare, lists and mappings by kind. */
export function showValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object" && value !== null) return "a mapping";
  return String(value);
}

const EXPECTED: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "text",
  boolean: "true or false",
  object: "a mapping",
  record: "a mapping",
  array: "a list",
};

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean }, small: boolean) {
  const limit = String(small ? issue.minimum : issue.maximum);
  if (small) return issue.inclusive ? `at least ${limit}` : `more than ${limit}`;
  return issue.inclusive ? `at most ${limit}` : `less than ${limit}`;
}

/** zod's per-parse error map: used where the schema did not give its own message. */
export function describeIssue(issue: z.core.$ZodRawIssue): string {
  const got = `got ${showValue(issue.input)}`;
  switch (issue.code) {
    case "invalid_type":
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, ${got}`;
    case "too_small":
    case "too_big": {
      const small = issue.code === "too_small";
      if (issue.origin === "string")
        return small && issue.minimum === 1
          ? `expected text, ${got}`
          : `expected text of ${bound(issue, small)} characters, ${got}`;
      if (issue.origin === "array") return `expected a list of ${bound(issue, small)} item(s), ${got}`;
      return `expected a number ${bound(issue, small)}, ${got}`;
    }
    case "invalid_format":
      return `expected ${issue.format === "url" ? "a URL" : `text in the ${issue.format} format`}, ${got}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => showValue(v)).join(", ")}, ${got}`;
    case "invalid_key":
      // A record's key refused by its own schema: that schema's sentence, with the key given.
      return `${issue.issues[0]?.message ?? "expected another key"}, ${got}`;
    case "not_multiple_of":
      return `expected a multiple of ${String(issue.divisor)}, ${got}`;
    default:
      return `${issue.message ?? "invalid"}, ${got}`;
  }
}

/** The keys an object schema allows at `path`, through optional, default and record wrappers. */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let at: unknown = schema;
  for (let i = 0; ; i++) {
    while (at instanceof z.ZodOptional || at instanceof z.ZodDefault || at instanceof z.ZodNullable)
      at = at.unwrap();
    if (i === path.length) return at instanceof z.ZodObject ? Object.keys(at.shape) : [];
    if (at instanceof z.ZodObject) at = at.shape[String(path[i])];
    else if (at instanceof z.ZodRecord) at = at.valueType;
    else if (at instanceof z.ZodArray) at = at.element;
    else return [];
  }
}

/**
 * Validates `value` against `schema` and lists every problem, each unknown key on its own.
 * `unknownKey` names what a key is ("setting", "parameter").
 */
export function schemaProblems<T extends z.ZodType>(
  schema: T,
  value: unknown,
  unknownKey = "setting",
): { data?: z.output<T>; problems: SettingProblem[] } {
  const result = schema.safeParse(value, { reportInput: true, error: describeIssue });
  if (result.success) return { data: result.data, problems: [] };
  const problems = result.error.issues.flatMap((issue): SettingProblem[] => {
    const path = issue.path as (string | number)[];
    if (issue.code !== "unrecognized_keys") return [{ path, message: issue.message }];
    const allowed = keysAt(schema, path);
    const expected =
      allowed.length > 0 ? `expected one of ${allowed.join(", ")}` : `expected no ${unknownKey}s here`;
    return issue.keys.map((key) => ({ path: [...path, key], message: `unknown ${unknownKey}: ${expected}` }));
  });
  return { problems };
}
