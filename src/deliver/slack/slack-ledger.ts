/**
 * The Slack delivery ledger, in the store: which report message was posted for a period and channel, and
 * which thread replies and files followed it. Each step is recorded as soon as Slack has answered, so a
 * delivery that died halfway is completed, not repeated, by the next run. The tables are created on first
 * use. `channel` is the channel as the caller named it (`#ops` or `C0123…`); `channel_id` is the ID Slack
 * answered with, which chat.update and file sharing need.
 *
 * `SlackLedger.open` picks the ledger of the store's backend: DuckDB's tables below, or ClickHouse's
 * append-only versions of the same rows (clickhouse-slack-ledger.ts).
 */
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import type { Store } from "../../store/store.js";
import { ClickHouseSlackLedger } from "./clickhouse-slack-ledger.js";
import { ITEM_COLUMNS, type ItemRow, itemsByName } from "./ledger-items.js";

export const SLACK_LEDGER_DDL = [
  `CREATE TABLE IF NOT EXISTS slack_deliveries (
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    channel VARCHAR NOT NULL,
    channel_id VARCHAR NOT NULL,
    message_ts VARCHAR NOT NULL,
    posted_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (period_from, period_to, channel)
  )`,
  `CREATE TABLE IF NOT EXISTS slack_delivery_items (
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    channel VARCHAR NOT NULL,
    kind VARCHAR NOT NULL CHECK (kind IN ('reply', 'file')),
    name VARCHAR NOT NULL,
    message_ts VARCHAR,
    file_id VARCHAR,
    sha256 VARCHAR,
    posted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (period_from, period_to, channel, kind, name)
  )`,
] as const;

/** One delivery: a period's report in one channel. */
export interface DeliveryKey {
  readonly from: string;
  readonly to: string;
  readonly channel: string;
}

export interface DeliveredMessage {
  readonly channelId: string;
  readonly messageTs: string;
}

/** A thread reply (`name` = insight id, with its `messageTs`) or a file (`name` = report-relative path). */
export interface DeliveredItem {
  readonly kind: "reply" | "file";
  readonly name: string;
  readonly messageTs?: string;
  readonly fileId?: string;
  /** SHA-256 of the uploaded bytes, hex. */
  readonly sha256?: string;
}

const KEY = "period_from = CAST($from AS DATE) AND period_to = CAST($to AS DATE) AND channel = $channel";
const NOW = "now() AT TIME ZONE 'UTC'";

/** What a delivery reads and records, on either backend. */
export interface SlackLedger {
  message(key: DeliveryKey): Promise<DeliveredMessage | undefined>;
  recordMessage(key: DeliveryKey, message: DeliveredMessage): Promise<void>;
  /** Records that the delivery's message was updated now. */
  recordUpdate(key: DeliveryKey): Promise<void>;
  /** The delivery's replies and files, by `kind:name` (`reply:overview`, `file:report.html`). */
  items(key: DeliveryKey): Promise<Map<string, DeliveredItem>>;
  /** Records a reply or file, replacing what was recorded under the same kind and name. */
  recordItem(key: DeliveryKey, item: DeliveredItem): Promise<void>;
  /** Forgets a delivery whose message is gone from Slack, with its replies and files, so the next steps post a new one. */
  forget(key: DeliveryKey): Promise<void>;
}

export const SlackLedger = {
  /** The ledger of a store, creating its tables when missing. */
  async open(store: Store): Promise<SlackLedger> {
    if (store.dialect.name === "clickhouse") return ClickHouseSlackLedger.open(store);
    for (const ddl of SLACK_LEDGER_DDL) await store.run(ddl);
    return new DuckDbSlackLedger(store as DuckDbStore);
  },
};

class DuckDbSlackLedger implements SlackLedger {
  constructor(private readonly store: DuckDbStore) {}

  async message(key: DeliveryKey): Promise<DeliveredMessage | undefined> {
    const [row] = await this.store.rows<{ channel_id: string; message_ts: string }>(
      `SELECT channel_id, message_ts FROM slack_deliveries WHERE ${KEY}`,
      { ...key },
    );
    return row && { channelId: row.channel_id, messageTs: row.message_ts };
  }

  async recordMessage(key: DeliveryKey, message: DeliveredMessage): Promise<void> {
    await this.store.run(
      `INSERT INTO slack_deliveries VALUES (CAST($from AS DATE), CAST($to AS DATE), $channel, $channelId, $messageTs, ${NOW}, ${NOW})`,
      { ...key, ...message },
    );
  }

  async recordUpdate(key: DeliveryKey): Promise<void> {
    await this.store.run(`UPDATE slack_deliveries SET updated_at = ${NOW} WHERE ${KEY}`, { ...key });
  }

  async items(key: DeliveryKey): Promise<Map<string, DeliveredItem>> {
    return itemsByName(
      await this.store.rows<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM slack_delivery_items WHERE ${KEY}`, {
        ...key,
      }),
    );
  }

  async recordItem(key: DeliveryKey, item: DeliveredItem): Promise<void> {
    await this.store.run(
      `INSERT INTO slack_delivery_items
       VALUES (CAST($from AS DATE), CAST($to AS DATE), $channel, $kind, $name, $messageTs, $fileId, $sha256, ${NOW})
       ON CONFLICT DO UPDATE SET message_ts = excluded.message_ts, file_id = excluded.file_id,
         sha256 = excluded.sha256, posted_at = excluded.posted_at`,
      {
        ...key,
        kind: item.kind,
        name: item.name,
        messageTs: item.messageTs ?? null,
        fileId: item.fileId ?? null,
        sha256: item.sha256 ?? null,
      },
    );
  }

  async forget(key: DeliveryKey): Promise<void> {
    await this.store.transaction(async () => {
      await this.store.run(`DELETE FROM slack_delivery_items WHERE ${KEY}`, { ...key });
      await this.store.run(`DELETE FROM slack_deliveries WHERE ${KEY}`, { ...key });
    });
  }
}
