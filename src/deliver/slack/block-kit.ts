/**
 * The few Block Kit blocks flowlens posts, and Slack's limits on them, kept in one place: a section's text
 * is at most 3,000 characters, a header's 150, a context holds at most 10 elements and a message at most
 * 50 blocks. Builders escape text for mrkdwn and shorten it with "…" instead of letting Slack refuse the
 * message (`invalid_blocks`).
 */

export const LIMITS = {
  sectionText: 3000,
  headerText: 150,
  fieldText: 2000,
  fields: 10,
  contextElements: 10,
  blocks: 50,
  /** Slack truncates longer `text`; notifications show far less. */
  fallbackText: 4000,
} as const;

export interface TextObject {
  readonly type: "mrkdwn" | "plain_text";
  readonly text: string;
}

export type SlackBlock =
  | { readonly type: "header"; readonly text: TextObject }
  | { readonly type: "section"; readonly text: TextObject }
  | { readonly type: "section"; readonly fields: readonly TextObject[] }
  | { readonly type: "context"; readonly elements: readonly TextObject[] }
  | { readonly type: "divider" };

/** A message as chat.postMessage and chat.update take it: blocks, and `text` for notifications. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

/** Text with `&`, `<` and `>` escaped, as Slack's mrkdwn requires. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * The text cut to at most `limit` characters, ending in "…" when cut. A cut never splits an escape
 * (`&amp;`) or a surrogate pair.
 */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end).replace(/&[a-z]*$/, "")}…`;
}

export function header(text: string): SlackBlock {
  return { type: "header", text: { type: "plain_text", text: truncate(text, LIMITS.headerText) } };
}

/** A section of mrkdwn that is already escaped. */
export function section(mrkdwn: string): SlackBlock {
  return { type: "section", text: { type: "mrkdwn", text: truncate(mrkdwn, LIMITS.sectionText) } };
}

/** Up to 10 short mrkdwn fields, shown in two columns. */
export function fields(mrkdwn: readonly string[]): SlackBlock {
  return {
    type: "section",
    fields: mrkdwn
      .slice(0, LIMITS.fields)
      .map((text) => ({ type: "mrkdwn", text: truncate(text, LIMITS.fieldText) })),
  };
}

/** Small grey lines; beyond 10, the last element says how many more there were. */
export function context(mrkdwn: readonly string[]): SlackBlock {
  const shown =
    mrkdwn.length > LIMITS.contextElements
      ? [
          ...mrkdwn.slice(0, LIMITS.contextElements - 1),
          `…and ${mrkdwn.length - LIMITS.contextElements + 1} more`,
        ]
      : mrkdwn;
  return {
    type: "context",
    elements: shown.map((text) => ({ type: "mrkdwn", text: truncate(text, LIMITS.sectionText) })),
  };
}

/**
 * A message within Slack's limits: at most 50 blocks (the last says what was left out and where to find
 * it) and a fallback text of at most 4,000 characters.
 */
export function message(text: string, blocks: readonly SlackBlock[], elsewhere: string): SlackMessage {
  const capped =
    blocks.length > LIMITS.blocks
      ? [
          ...blocks.slice(0, LIMITS.blocks - 1),
          context([`${blocks.length - LIMITS.blocks + 1} more blocks left out: ${elsewhere}`]),
        ]
      : blocks;
  return { text: truncate(text, LIMITS.fallbackText), blocks: capped };
}
