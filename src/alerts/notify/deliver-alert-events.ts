/**
 * Sends the alert events not yet delivered to each of their targets (the outbox: `alert_events` without a
 * final row in `alert_deliveries`), oldest first, and records each delivery as soon as its receiver has
 * answered, so retries, restarts and re-evaluations notify exactly once.
 *
 * - Slack: a transition into ALARM is a message in the rule's channel with its numbers, then its chart in
 *   the message's thread; the OK that ends it (`clearsEventId`) is a reply in that thread. Transitions to
 *   INSUFFICIENT_DATA are not posted (nor an OK that ends none).
 * - Webhooks: every transition, as signed JSON (webhook-signature.ts).
 *
 * It never throws and never waits long: each call is retried with a short back-off (`retry`), a target
 * that still fails is recorded `failed` and left for the next call (so are the target's later events, in
 * order), and no new delivery starts after `timeBudgetMs`. Problems come back as sentences.
 */
import type { AwsNetworkSettings } from "../../aws/aws-network.js";
import { SlackClient } from "../../deliver/slack/slack-client.js";
import { FlowlensError, messageOf } from "../../errors.js";
import type { SecretValue } from "../../secrets/secret-value.js";
import type { Store } from "../../store/store.js";
import { renderAlertChart } from "./alert-chart.js";
import {
  AlertDeliveryLedger,
  type DeliveryOutcome,
  type PendingDelivery,
  type RuleTarget,
} from "./alert-delivery-ledger.js";
import type { AlertTargets, NamedWebhook, TargetsOf } from "./alert-targets.js";
import { type AlertRetryPolicy, DEFAULT_ALERT_RETRY } from "./retry-policy.js";
import { sendWebhook, WebhookFailure } from "./send-webhook.js";
import { alarmMessage, okReply } from "./slack-alert-message.js";
import { readWebhookKey } from "./webhook-key.js";
import { webhookPayload } from "./webhook-payload.js";

/** The Slack bot alerts post with: what `resolveSlackCredentials` answers. */
export interface SlackConnection {
  readonly token: SecretValue | string;
  /** The channel of rules that name none. */
  readonly channel: string;
  /** @default Slack's */
  readonly apiUrl?: string | undefined;
}

export interface AlertNotifySettings {
  readonly targetsOf: TargetsOf;
  /**
   * The Slack bot, or a function that resolves it when a Slack delivery is first due (so Secrets Manager is
   * read only then). @default none: Slack targets wait, with a problem saying so
   */
  readonly slack?: SlackConnection | (() => Promise<SlackConnection>);
}

export interface DeliverAlertOptions {
  /** @default 3 retries from 500 ms, doubling up to 4 s */
  readonly retry?: AlertRetryPolicy;
  /** How long one Slack request may take. @default 10000 */
  readonly slackTimeoutMs?: number;
  /** No delivery starts after this long; the rest wait for the next call. @default 30000 */
  readonly timeBudgetMs?: number;
  /** Deliveries looked at per call. @default 500 */
  readonly maxDeliveries?: number;
  /** Events evaluated longer ago than this are recorded `skipped`, not sent. @default 24 hours */
  readonly staleAfterMs?: number;
  /** Where `secretEnv` variables are read. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** How Secrets Manager is reached for webhook keys. @default the SDK's chains */
  readonly network?: AwsNetworkSettings;
}

export interface AlertDeliveryResult {
  readonly eventId: string;
  readonly rule: string;
  readonly target: string;
  readonly state: DeliveryOutcome["state"];
  readonly detail?: string;
}

export interface AlertDeliveryReport {
  readonly results: readonly AlertDeliveryResult[];
  /** Deliveries left for a later call (a target failed, the time budget ran out, an ALARM not yet posted). */
  readonly waiting: number;
  /** What went wrong, as sentences without credentials. */
  readonly problems: readonly string[];
}

const WAIT = "wait" as const;

/** What one call knows: the ledger, the Slack client once made, the webhook keys once read. */
class Delivery {
  private slackClient: Promise<{ client: SlackClient; channel: string }> | undefined;
  private readonly keys = new Map<string, Promise<SecretValue>>();

  constructor(
    readonly ledger: AlertDeliveryLedger,
    readonly settings: AlertNotifySettings,
    readonly options: DeliverAlertOptions,
    readonly targets: ReadonlyMap<string, AlertTargets>,
  ) {}

  slack(): Promise<{ client: SlackClient; channel: string }> {
    this.slackClient ??= (async () => {
      const { slack } = this.settings;
      if (slack === undefined) {
        throw new FlowlensError(
          "FLOWLENS_SLACK_CREDENTIALS_INVALID",
          "alert rules post to Slack, but no Slack bot is configured",
          {
            hint: "set slack.secret in the config file or SLACK_BOT_TOKEN, or set notify.slack: false on the rules",
          },
        );
      }
      const connection = typeof slack === "function" ? await slack() : slack;
      const retry = this.options.retry ?? DEFAULT_ALERT_RETRY;
      const client = new SlackClient({
        token: connection.token,
        ...(connection.apiUrl === undefined ? {} : { apiUrl: connection.apiUrl }),
        retry,
        timeoutMs: this.options.slackTimeoutMs ?? 10_000,
        // A Retry-After may be minutes: the alert waits for the next call instead of holding this one.
        waitOnRateLimit: false,
      });
      return { client, channel: connection.channel };
    })();
    return this.slackClient;
  }

  key(webhook: NamedWebhook): Promise<SecretValue> {
    let key = this.keys.get(webhook.name);
    if (!key) {
      key = readWebhookKey(webhook, this.options.env ?? process.env, this.options.network);
      key.catch(() => undefined);
      this.keys.set(webhook.name, key);
    }
    return key;
  }
}

/** A failure before anything was sent (no Slack bot, no key): the target waits, nothing is recorded. */
class NotSent extends Error {
  constructor(readonly error: unknown) {
    super(messageOf(error));
  }
}

/**
 * @example
 * const report = await deliverAlertEvents(store, { targetsOf, slack: () => resolveSlackCredentials(...) });
 * for (const problem of report.problems) log(problem);
 */
export async function deliverAlertEvents(
  store: Store,
  settings: AlertNotifySettings,
  options: DeliverAlertOptions = {},
): Promise<AlertDeliveryReport> {
  const results: AlertDeliveryResult[] = [];
  const problems: string[] = [];
  let waiting = 0;
  try {
    const started = Date.now();
    const ledger = await AlertDeliveryLedger.open(store);
    const targets = new Map<string, AlertTargets>();
    const ruleTargets: RuleTarget[] = [];
    for (const rule of await ledger.rules()) {
      const of = settings.targetsOf(rule);
      if (!of) continue;
      targets.set(rule, of);
      if (of.slack)
        ruleTargets.push(
          { rule, target: "slack", kind: "slack" },
          { rule, target: "slack-chart", kind: "slack-chart" },
        );
      for (const webhook of of.webhooks)
        ruleTargets.push({ rule, target: `webhook:${webhook.name}`, kind: "webhook" });
    }
    const delivery = new Delivery(ledger, settings, options, targets);
    const staleBefore = started - (options.staleAfterMs ?? 86_400_000);
    // A target that failed in this call: its later events wait, so Slack threads keep their order.
    const stopped = new Set<string>();
    for (const pending of await ledger.pending(ruleTargets, options.maxDeliveries ?? 500)) {
      const group = pending.kind === "webhook" ? pending.target : "slack";
      if (stopped.has(group) || Date.now() - started > (options.timeBudgetMs ?? 30_000)) {
        waiting++;
        continue;
      }
      let outcome: DeliveryOutcome | typeof WAIT;
      try {
        outcome =
          Date.parse(pending.event.evaluatedAt) < staleBefore
            ? { state: "skipped", detail: "evaluated too long before it could be delivered; not sent" }
            : await deliverOne(delivery, pending);
      } catch (error) {
        stopped.add(group);
        problems.push(messageOf(error instanceof NotSent ? error.error : error));
        if (error instanceof NotSent) {
          waiting++;
          continue;
        }
        outcome = {
          state: "failed",
          detail: messageOf(error),
          ...(error instanceof WebhookFailure && error.httpStatus !== undefined
            ? { httpStatus: error.httpStatus }
            : {}),
        };
      }
      if (outcome === WAIT) {
        waiting++;
        continue;
      }
      await ledger.record(pending.event.eventId, pending.target, outcome);
      results.push({
        eventId: pending.event.eventId,
        rule: pending.event.rule,
        target: pending.target,
        state: outcome.state,
        ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
      });
    }
  } catch (error) {
    problems.push(`alert notifications stopped: ${messageOf(error)}`);
  }
  return { results, waiting, problems: [...new Set(problems)] };
}

async function setUp<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new NotSent(error);
  }
}

async function deliverOne(
  delivery: Delivery,
  pending: PendingDelivery,
): Promise<DeliveryOutcome | typeof WAIT> {
  const { event } = pending;
  if (pending.kind === "webhook") {
    const name = pending.target.slice("webhook:".length);
    const webhook = delivery.targets.get(event.rule)?.webhooks.find((w) => w.name === name) as NamedWebhook;
    const key = await setUp(() => delivery.key(webhook));
    const answer = await sendWebhook(
      webhook,
      key,
      JSON.stringify(webhookPayload(event)),
      `${event.eventId}|${pending.target}`,
      delivery.options.retry ?? DEFAULT_ALERT_RETRY,
    );
    return { state: "delivered", httpStatus: answer.status };
  }
  const { client, channel: defaultChannel } = await setUp(() => delivery.slack());
  if (pending.kind === "slack-chart") {
    const message = await delivery.ledger.slackMessage(event.eventId);
    if (!message) return WAIT;
    const png = await renderAlertChart(event);
    const title = `${event.rule} around ${event.windowEnd.replace("T", " ").replace(/:00Z$/, " UTC")}`;
    const fileId = await client.uploadFile(
      {
        channelId: message.channelId,
        threadTs: message.messageTs,
        bytes: png,
        filename: `flowlens-alert-${event.rule}.png`,
        title,
        altText: `Chart: ${event.rule}, the metric around the alarm's window`,
      },
      `upload the chart of alert ${event.rule} to Slack`,
    );
    return { state: "delivered", channelId: message.channelId, messageTs: message.messageTs, fileId };
  }
  if (event.toState === "OK") {
    const thread = event.clearsEventId ? await delivery.ledger.slackMessage(event.clearsEventId) : undefined;
    if (!thread) return { state: "skipped", detail: "the ALARM it ends was not posted to Slack" };
    const posted = await client.postMessage(
      thread.channelId,
      okReply(event),
      `post the OK reply of alert ${event.rule} to Slack`,
      thread.messageTs,
    );
    return { state: "delivered", channelId: posted.channelId, messageTs: posted.ts };
  }
  const channel = delivery.targets.get(event.rule)?.slack?.channel ?? defaultChannel;
  const posted = await client.postMessage(
    channel,
    alarmMessage(event),
    `post alert ${event.rule} to Slack channel ${channel}`,
  );
  return { state: "delivered", channelId: posted.channelId, messageTs: posted.ts };
}
