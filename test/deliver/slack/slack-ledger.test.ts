import { describe, expect, it } from "vitest";
import { SlackLedger } from "../../../src/deliver/slack/slack-ledger.js";
import { testStores } from "../../helpers/test-stores.js";

const KEY = { from: "2026-11-20", to: "2026-11-20", channel: "#ops" };
const MESSAGE = { channelId: "C0OPS", messageTs: "1767225601.000001" };

for (const backend of testStores())
  describe(`the Slack delivery ledger on ${backend.name}`, () => {
    const openTestStore = () => backend.open();
    it("finds a delivery's message by period and channel", async () => {
      const ledger = await SlackLedger.open(await openTestStore());
      await ledger.recordMessage(KEY, MESSAGE);
      expect([
        await ledger.message(KEY),
        await ledger.message({ ...KEY, channel: "C0OPS" }),
        await ledger.message({ ...KEY, to: "2026-11-21" }),
      ]).toEqual([MESSAGE, undefined, undefined]);
    });

    it("keeps one entry per reply or file, the latest recorded", async () => {
      const ledger = await SlackLedger.open(await openTestStore());
      await ledger.recordItem(KEY, { kind: "reply", name: "overview", messageTs: "1.1" });
      await ledger.recordItem(KEY, { kind: "file", name: "report.html", fileId: "F1", sha256: "aa" });
      await ledger.recordItem(KEY, { kind: "file", name: "report.html", fileId: "F2", sha256: "bb" });
      expect(Object.fromEntries(await ledger.items(KEY))).toEqual({
        "reply:overview": { kind: "reply", name: "overview", messageTs: "1.1" },
        "file:report.html": { kind: "file", name: "report.html", fileId: "F2", sha256: "bb" },
      });
    });

    it("forgets a delivery's message, replies and files together", async () => {
      const ledger = await SlackLedger.open(await openTestStore());
      await ledger.recordMessage(KEY, MESSAGE);
      await ledger.recordItem(KEY, { kind: "reply", name: "overview", messageTs: "1.1" });
      await ledger.forget(KEY);
      expect([await ledger.message(KEY), (await ledger.items(KEY)).size]).toEqual([undefined, 0]);
    });

    it("keeps what it holds when opened again", async () => {
      const store = await openTestStore();
      await (await SlackLedger.open(store)).recordMessage(KEY, MESSAGE);
      expect(await (await SlackLedger.open(store)).message(KEY)).toEqual(MESSAGE);
    });
  });
