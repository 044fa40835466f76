import { describe, expect, it } from "vitest";
import { deliverToSlack } from "../../../src/deliver/slack/deliver-to-slack.js";
import { openTestStore } from "../../enrich/open-test-store.js";
import { startSlackApiServer } from "../../helpers/slack-api-server.js";
import { deliveryTo, sampleReport, writeSampleReport } from "./sample-report.js";

/** How each call of a method was answered, in order. */
function answers(server: Awaited<ReturnType<typeof startSlackApiServer>>, method: string): string[] {
  return server.calls.filter((c) => c.method === method).map((c) => c.answer);
}

describe("calls Slack answers with a temporary failure", () => {
  it("waits out a 429 for its Retry-After and sends the call again", async () => {
    const server = await startSlackApiServer();
    const report = sampleReport();
    server.failNext("chat.postMessage", { rateLimited: 1 });
    const delivery = await deliverToSlack(
      deliveryTo(server, await openTestStore(), report, await writeSampleReport(report)),
    );
    expect(answers(server, "chat.postMessage")).toEqual(["429", "ok", "ok", "ok"]);
    expect(delivery.replies).toHaveLength(2);
  });

  it("retries a call answered with HTTP 500", async () => {
    const server = await startSlackApiServer();
    const report = sampleReport();
    server.failNext("files.completeUploadExternal", { status: 500 }, 2);
    const delivery = await deliverToSlack(
      deliveryTo(server, await openTestStore(), report, await writeSampleReport(report)),
    );
    expect(answers(server, "files.completeUploadExternal")).toEqual(["500", "500", "ok", "ok", "ok"]);
    expect(delivery.uploads).toHaveLength(3);
  });

  it("retries an upload whose connection dropped, and the bytes arrive whole", async () => {
    const server = await startSlackApiServer();
    const report = sampleReport();
    const written = await writeSampleReport(report);
    server.failNext("upload", { drop: true });
    await deliverToSlack(deliveryTo(server, await openTestStore(), report, written));
    expect(answers(server, "upload")).toEqual(["dropped", "ok", "ok", "ok"]);
    const [overviewChart] = server.files.values();
    expect(overviewChart?.bytes?.length).toBe(overviewChart?.length);
  });

  it("gives up after the configured retries and says Slack may be in trouble", async () => {
    const server = await startSlackApiServer();
    const report = sampleReport();
    server.failNext("chat.postMessage", { status: 503 }, 4);
    await expect(
      deliverToSlack(deliveryTo(server, await openTestStore(), report, await writeSampleReport(report))),
    ).rejects.toMatchObject({
      code: "FLOWLENS_SLACK_FAILED",
      sentence:
        "cannot post the report message to Slack channel #flowlens-reports: Slack answered HTTP 503 after 3 retries — Slack may be having trouble (https://slack-status.com); run the delivery again later — it picks up where it stopped",
    });
    expect(answers(server, "chat.postMessage")).toEqual(["503", "503", "503", "503"]);
  });

  it("gives up on a Slack it cannot reach and names the address", async () => {
    const server = await startSlackApiServer();
    const report = sampleReport();
    server.failNext("chat.postMessage", { drop: true }, 4);
    await expect(
      deliverToSlack(deliveryTo(server, await openTestStore(), report, await writeSampleReport(report))),
    ).rejects.toMatchObject({
      code: "FLOWLENS_SLACK_FAILED",
      hint: "check the network connection, any proxy, and the Slack API URL",
      message: expect.stringContaining(`cannot reach Slack at ${server.url} (`),
    });
    expect(answers(server, "chat.postMessage")).toEqual(["dropped", "dropped", "dropped", "dropped"]);
  });
});
