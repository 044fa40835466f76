/** The local Slack Web API (`local-slack-api.ts`) for a test: closed when the test that started it finishes. */
import { onTestFinished } from "vitest";
import { type SlackApiServer, serveSlackApi } from "./local-slack-api.js";

export * from "./local-slack-api.js";

export async function startSlackApiServer(): Promise<SlackApiServer> {
  const server = await serveSlackApi();
  onTestFinished(() => server.close());
  return server;
}
