import { describe, expect, it } from "vitest";
import { deliverToSlack } from "../../../src/deliver/slack/deliver-to-slack.js";
import { openTestStore } from "../../enrich/open-test-store.js";
import { startSlackApiServer } from "../../helpers/slack-api-server.js";
import { deliveryTo, sampleReport, writeSampleReport } from "./sample-report.js";

const UPLOAD = ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"];

describe("a delivery that failed halfway", () => {
  it("is completed by the next run, which posts only the replies and files still missing", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    const report = sampleReport();
    const written = await writeSampleReport(report);
    // The third chat.postMessage is the NAT gateways reply.
    server.failNext("chat.postMessage", { error: "fatal_error" }, 1, 2);
    await expect(deliverToSlack(deliveryTo(server, store, report, written))).rejects.toThrow(
      "cannot post the NAT gateways reply to Slack channel #flowlens-reports: Slack answered fatal_error",
    );
    const callsBefore = server.calls.length;
    await deliverToSlack(deliveryTo(server, store, report, written));
    expect(server.okMethods(callsBefore)).toEqual([
      "chat.update",
      "chat.update",
      "chat.postMessage",
      ...UPLOAD,
      ...UPLOAD,
      "chat.getPermalink",
    ]);
  });

  it("leaves one thread with one reply per insight and one copy of each file", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    const report = sampleReport();
    const written = await writeSampleReport(report);
    server.failNext("chat.postMessage", { error: "fatal_error" }, 1, 2);
    await deliverToSlack(deliveryTo(server, store, report, written)).catch(() => undefined);
    const delivery = await deliverToSlack(deliveryTo(server, store, report, written));
    const messages = [...server.messages.values()];
    expect(messages.map((m) => m.threadTs)).toEqual([undefined, delivery.messageTs, delivery.messageTs]);
    const files = [...server.files.values()];
    expect(files.map((f) => [f.filename, f.threadTs])).toEqual([
      ["flowlens-2026-11-20-overview.png", delivery.messageTs],
      ["flowlens-2026-11-20-nat-gateway.png", delivery.messageTs],
      ["flowlens-report-2026-11-20.html", delivery.messageTs],
    ]);
  });

  it("uploads again a file whose upload was never completed", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    const report = sampleReport();
    const written = await writeSampleReport(report);
    // The third completion is the HTML report's.
    server.failNext("files.completeUploadExternal", { error: "fatal_error" }, 1, 2);
    await expect(deliverToSlack(deliveryTo(server, store, report, written))).rejects.toThrow(
      "cannot upload report.html to Slack channel #flowlens-reports",
    );
    const callsBefore = server.calls.length;
    const delivery = await deliverToSlack(deliveryTo(server, store, report, written));
    expect(server.okMethods(callsBefore)).toEqual([
      "chat.update",
      "chat.update",
      "chat.update",
      ...UPLOAD,
      "chat.getPermalink",
    ]);
    expect(delivery.uploads.map((u) => u.action)).toEqual(["unchanged", "unchanged", "uploaded"]);
  });
});
