import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deliverToSlack } from "../../../src/deliver/slack/deliver-to-slack.js";
import { openTestStore } from "../../enrich/open-test-store.js";
import { SLACK_TEST_CHANNEL, startSlackApiServer } from "../../helpers/slack-api-server.js";
import { deliveryTo, sampleReport, writeSampleReport } from "./sample-report.js";

const UPLOAD = ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"];

describe("delivering a report to Slack", () => {
  it("posts the report message, then each insight's reply and chart, then the HTML report", async () => {
    const server = await startSlackApiServer();
    const report = sampleReport();
    await deliverToSlack(deliveryTo(server, await openTestStore(), report, await writeSampleReport(report)));
    expect(server.okMethods()).toEqual([
      "chat.postMessage",
      "chat.postMessage",
      ...UPLOAD,
      "chat.postMessage",
      ...UPLOAD,
      ...UPLOAD,
      "chat.getPermalink",
    ]);
  });

  it("puts every reply and file in the report message's thread", async () => {
    const server = await startSlackApiServer();
    const report = sampleReport();
    const delivery = await deliverToSlack(
      deliveryTo(server, await openTestStore(), report, await writeSampleReport(report)),
    );
    const [top, ...replies] = [...server.messages.values()];
    expect(top).toMatchObject({
      ts: delivery.messageTs,
      threadTs: undefined,
      channel: SLACK_TEST_CHANNEL.id,
    });
    expect(replies.map((m) => m.threadTs)).toEqual([delivery.messageTs, delivery.messageTs]);
    const files = [...server.files.values()];
    expect(files.map((f) => [f.channelId, f.threadTs])).toEqual(
      files.map(() => [SLACK_TEST_CHANNEL.id, delivery.messageTs]),
    );
  });

  it("uploads each chart and the HTML report with their bytes, names and titles", async () => {
    const server = await startSlackApiServer();
    const report = sampleReport();
    const written = await writeSampleReport(report);
    await deliverToSlack(deliveryTo(server, await openTestStore(), report, written));
    const files = [...server.files.values()];
    expect(files.map((f) => [f.filename, f.title])).toEqual([
      ["flowlens-2026-11-20-overview.png", "Overview — 2026-11-20"],
      ["flowlens-2026-11-20-nat-gateway.png", "NAT gateways — 2026-11-20"],
      ["flowlens-report-2026-11-20.html", "flowlens report — 2026-11-20 (UTC)"],
    ]);
    expect(files[0]?.bytes).toEqual(await readFile(join(written.dir, "charts", "overview.png")));
    expect(files[2]?.bytes).toEqual(await readFile(join(written.dir, "report.html")));
    expect(files.map((f) => f.length)).toEqual(files.map((f) => f.bytes?.length));
  });

  it("completes each upload in the channel by ID, in the thread, with the file's id and title", async () => {
    const server = await startSlackApiServer();
    const report = sampleReport();
    const delivery = await deliverToSlack(
      deliveryTo(server, await openTestStore(), report, await writeSampleReport(report)),
    );
    const [first] = server.calls.filter((c) => c.method === "files.completeUploadExternal");
    const [fileId] = server.files.keys();
    expect(first?.args).toEqual({
      channel_id: SLACK_TEST_CHANNEL.id,
      thread_ts: delivery.messageTs,
      files: [{ id: fileId, title: "Overview — 2026-11-20" }],
    });
  });

  it("says what it posted and uploaded, with the message's permalink", async () => {
    const server = await startSlackApiServer();
    const report = sampleReport();
    const delivery = await deliverToSlack(
      deliveryTo(server, await openTestStore(), report, await writeSampleReport(report)),
    );
    const ts = delivery.messageTs;
    expect(delivery).toEqual({
      channelId: SLACK_TEST_CHANNEL.id,
      messageTs: ts,
      permalink: `https://flowlens-test.slack.com/archives/C0FLOWLENS/p${ts.replace(".", "")}`,
      updated: false,
      replies: [
        { insight: "overview", ts: expect.any(String), action: "posted" },
        { insight: "nat-gateway", ts: expect.any(String), action: "posted" },
      ],
      uploads: [
        { name: "charts/overview.png", fileId: expect.any(String), action: "uploaded" },
        { name: "charts/nat-gateway.png", fileId: expect.any(String), action: "uploaded" },
        { name: "report.html", fileId: expect.any(String), action: "uploaded" },
      ],
    });
  });

  it("uploads only the files that were written", async () => {
    const server = await startSlackApiServer();
    const report = sampleReport();
    const written = await writeSampleReport(report);
    const htmlOnly = { dir: written.dir, files: written.files.filter((f) => f.endsWith(".html")) };
    const delivery = await deliverToSlack(deliveryTo(server, await openTestStore(), report, htmlOnly));
    expect(delivery.uploads.map((u) => u.name)).toEqual(["report.html"]);
  });
});
