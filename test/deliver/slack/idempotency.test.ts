import { describe, expect, it } from "vitest";
import { deliverToSlack } from "../../../src/deliver/slack/deliver-to-slack.js";
import { openTestStore } from "../../enrich/open-test-store.js";
import { SLACK_TEST_CHANNEL, startSlackApiServer } from "../../helpers/slack-api-server.js";
import { deliveryTo, sampleReport, writeSampleReport } from "./sample-report.js";

describe("delivering the same period to the same channel again", () => {
  it("updates the message and its replies and uploads nothing", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    const report = sampleReport();
    const written = await writeSampleReport(report);
    const first = await deliverToSlack(deliveryTo(server, store, report, written));
    const callsBefore = server.calls.length;
    const second = await deliverToSlack(deliveryTo(server, store, report, written));
    expect(server.okMethods(callsBefore)).toEqual([
      "chat.update",
      "chat.update",
      "chat.update",
      "chat.getPermalink",
    ]);
    expect(second).toEqual({
      ...first,
      updated: true,
      replies: first.replies.map((r) => ({ ...r, action: "updated" })),
      uploads: first.uploads.map((u) => ({ ...u, action: "unchanged" })),
    });
  });

  it("updates the messages Slack already holds, by channel ID", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    const report = sampleReport();
    const written = await writeSampleReport(report);
    await deliverToSlack(deliveryTo(server, store, report, written));
    await deliverToSlack(deliveryTo(server, store, report, written));
    const updates = server.calls.filter((c) => c.method === "chat.update");
    expect(updates.map((c) => [c.args.channel, c.args.ts])).toEqual(
      [...server.messages.values()].map((m) => [SLACK_TEST_CHANNEL.id, m.ts]),
    );
    expect([...server.messages.values()].map((m) => m.updates)).toEqual([1, 1, 1]);
  });

  it("shows a changed report's numbers in the same message", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    const report = sampleReport();
    const written = await writeSampleReport(report);
    const first = await deliverToSlack(deliveryTo(server, store, report, written));
    const later = sampleReport({ headline: report.headline.slice(0, 1) });
    await deliverToSlack(deliveryTo(server, store, later, written));
    expect(server.messages.get(first.messageTs)?.text).toBe(
      "flowlens report — 2026-11-20 (UTC): records 1,234,567, traffic 1.2 TiB, rejected 2,345 (0.19%), $41.47 in the top findings",
    );
  });

  it("uploads a chart whose bytes changed and deletes the one it replaces", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    const report = sampleReport();
    const first = await deliverToSlack(deliveryTo(server, store, report, await writeSampleReport(report)));
    const redrawn = await writeSampleReport(report, undefined, { overview: "crimson" });
    const second = await deliverToSlack(deliveryTo(server, store, report, redrawn));
    const [earlier, replacement] = [first.uploads[0]?.fileId ?? "", second.uploads[0]?.fileId ?? ""];
    expect(second.uploads.map((u) => u.action)).toEqual(["replaced", "unchanged", "unchanged"]);
    expect(server.files.get(earlier)?.deleted).toBe(true);
    expect(server.files.get(replacement)).toMatchObject({ deleted: false, threadTs: first.messageTs });
  });

  it("posts a new message and thread when the earlier message was deleted in Slack", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    const report = sampleReport();
    const written = await writeSampleReport(report);
    const first = await deliverToSlack(deliveryTo(server, store, report, written));
    server.messages.clear();
    const callsBefore = server.calls.length;
    const second = await deliverToSlack(deliveryTo(server, store, report, written));
    expect(server.calls[callsBefore]).toMatchObject({ method: "chat.update", answer: "message_not_found" });
    expect(second.messageTs).not.toBe(first.messageTs);
    expect(second.updated).toBe(false);
    expect([...server.messages.values()].map((m) => m.threadTs)).toEqual([
      undefined,
      second.messageTs,
      second.messageTs,
    ]);
  });

  it("posts again a reply that was deleted in Slack, in the same thread", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    const report = sampleReport();
    const written = await writeSampleReport(report);
    const first = await deliverToSlack(deliveryTo(server, store, report, written));
    server.messages.delete(first.replies[1]?.ts ?? "");
    const second = await deliverToSlack(deliveryTo(server, store, report, written));
    expect(second.replies.map((r) => r.action)).toEqual(["updated", "posted"]);
    expect(server.messages.get(second.replies[1]?.ts ?? "")?.threadTs).toBe(first.messageTs);
  });

  it("posts a new message for another period", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    const report = sampleReport();
    const written = await writeSampleReport(report);
    await deliverToSlack(deliveryTo(server, store, report, written));
    const nextDay = sampleReport({ period: { from: "2026-11-21", to: "2026-11-21" } });
    const callsBefore = server.calls.length;
    const delivery = await deliverToSlack(deliveryTo(server, store, nextDay, written));
    expect(delivery.updated).toBe(false);
    expect(server.calls.slice(callsBefore).filter((c) => c.method === "chat.update")).toEqual([]);
  });
});
