/**
 * The Slack delivery ledger on a ClickHouse store: the same rows as DuckDB's `slack_deliveries` and
 * `slack_delivery_items`, kept as appended versions (store/clickhouse/versioned-table.ts) and read through
 * views of those names. A reply or file is recorded under the message it was threaded to (`thread_ts`), so
 * forgetting a delivery is one write, a deleted version of its message: the replies and files of that
 * message are no longer the delivery's, and a half-done forget cannot exist.
 */
import {
  appendVersion,
  utcNowText,
  type VersionedTable,
  versionedTableDdl,
} from "../../store/clickhouse/versioned-table.js";
import type { Store } from "../../store/store.js";
import { ITEM_COLUMNS, type ItemRow, itemsByName } from "./ledger-items.js";
import type { DeliveredItem, DeliveredMessage, DeliveryKey, SlackLedger } from "./slack-ledger.js";

const PERIOD = [
  ["period_from", "Date"],
  ["period_to", "Date"],
  ["channel", "String"],
] as const;

export const CLICKHOUSE_SLACK_DELIVERIES: VersionedTable = {
  table: "slack_deliveries_versions",
  view: "slack_deliveries",
  keys: PERIOD,
  columns: [
    ["channel_id", "String"],
    ["message_ts", "String"],
    ["posted_at", "DateTime('UTC')"],
    ["updated_at", "DateTime('UTC')"],
  ],
};

export const CLICKHOUSE_SLACK_DELIVERY_ITEMS: VersionedTable = {
  table: "slack_delivery_items_versions",
  view: "slack_delivery_items",
  keys: [...PERIOD, ["thread_ts", "String"], ["kind", "String"], ["name", "String"]],
  columns: [
    ["message_ts", "Nullable(String)"],
    ["file_id", "Nullable(String)"],
    ["sha256", "Nullable(String)"],
    ["posted_at", "DateTime('UTC')"],
  ],
};

const KEY = "period_from = toDate($from) AND period_to = toDate($to) AND channel = $channel";

export class ClickHouseSlackLedger implements SlackLedger {
  private constructor(private readonly store: Store) {}

  static async open(store: Store): Promise<ClickHouseSlackLedger> {
    for (const table of [CLICKHOUSE_SLACK_DELIVERIES, CLICKHOUSE_SLACK_DELIVERY_ITEMS]) {
      for (const ddl of versionedTableDdl(table)) await store.run(ddl);
    }
    return new ClickHouseSlackLedger(store);
  }

  private async current(
    key: DeliveryKey,
  ): Promise<{ channel_id: string; message_ts: string; posted_at: string } | undefined> {
    const [row] = await this.store.rows<{ channel_id: string; message_ts: string; posted_at: string }>(
      `SELECT channel_id, message_ts, toString(posted_at) AS posted_at FROM slack_deliveries WHERE ${KEY}`,
      { ...key },
    );
    return row;
  }

  async message(key: DeliveryKey): Promise<DeliveredMessage | undefined> {
    const row = await this.current(key);
    return row && { channelId: row.channel_id, messageTs: row.message_ts };
  }

  async recordMessage(key: DeliveryKey, message: DeliveredMessage): Promise<void> {
    const now = utcNowText();
    await appendVersion(this.store, CLICKHOUSE_SLACK_DELIVERIES, {
      ...period(key),
      channel_id: message.channelId,
      message_ts: message.messageTs,
      posted_at: now,
      updated_at: now,
    });
  }

  async recordUpdate(key: DeliveryKey): Promise<void> {
    const row = await this.current(key);
    if (!row) return;
    await appendVersion(this.store, CLICKHOUSE_SLACK_DELIVERIES, {
      ...period(key),
      ...row,
      updated_at: utcNowText(),
    });
  }

  async items(key: DeliveryKey): Promise<Map<string, DeliveredItem>> {
    const thread = (await this.current(key))?.message_ts ?? "";
    return itemsByName(
      await this.store.rows<ItemRow>(
        `SELECT ${ITEM_COLUMNS} FROM slack_delivery_items WHERE ${KEY} AND thread_ts = $thread`,
        { ...key, thread },
      ),
    );
  }

  async recordItem(key: DeliveryKey, item: DeliveredItem): Promise<void> {
    await appendVersion(this.store, CLICKHOUSE_SLACK_DELIVERY_ITEMS, {
      ...period(key),
      thread_ts: (await this.current(key))?.message_ts ?? "",
      kind: item.kind,
      name: item.name,
      message_ts: item.messageTs,
      file_id: item.fileId,
      sha256: item.sha256,
      posted_at: utcNowText(),
    });
  }

  async forget(key: DeliveryKey): Promise<void> {
    const row = await this.current(key);
    if (!row) return;
    await appendVersion(
      this.store,
      CLICKHOUSE_SLACK_DELIVERIES,
      { ...period(key), ...row, updated_at: utcNowText() },
      { deleted: true },
    );
  }
}

function period(key: DeliveryKey) {
  return { period_from: key.from, period_to: key.to, channel: key.channel };
}
