/** The ledger's item rows as both backends read them, and the map a delivery works from. */
import type { DeliveredItem } from "./slack-ledger.js";

export type ItemRow = {
  kind: "reply" | "file";
  name: string;
  message_ts: string | null;
  file_id: string | null;
  sha256: string | null;
};

export const ITEM_COLUMNS = "kind, name, message_ts, file_id, sha256";

/** The items by `kind:name`, absent columns left out. */
export function itemsByName(rows: readonly ItemRow[]): Map<string, DeliveredItem> {
  return new Map(
    rows.map((row) => [
      `${row.kind}:${row.name}`,
      {
        kind: row.kind,
        name: row.name,
        ...(row.message_ts === null ? {} : { messageTs: row.message_ts }),
        ...(row.file_id === null ? {} : { fileId: row.file_id }),
        ...(row.sha256 === null ? {} : { sha256: row.sha256 }),
      },
    ]),
  );
}
