/**
 * Alert events as Slack messages (pure): a transition into ALARM is a top-level message with the rule,
 * severity, the rendered message and the numbers (value, threshold, window, dollars where the metric is
 * about money); the OK that ends it is a reply in the ALARM's thread. Text from rules and flow logs is
 * escaped for mrkdwn.
 */
import {
  context,
  escapeMrkdwn,
  fields,
  header,
  message,
  type SlackMessage,
  section,
} from "../../deliver/slack/block-kit.js";
import { formatUsd } from "../../text/format-cell.js";
import type { AlertEvent } from "../alert-event.js";
import { formatAlertValue, formatWindow } from "./alert-numbers.js";

const SEVERITY_MARK: Record<AlertEvent["severity"], string> = {
  high: ":red_circle:",
  medium: ":large_orange_circle:",
  low: ":large_yellow_circle:",
  info: ":large_blue_circle:",
};

function ruleAndInstance(event: AlertEvent): string {
  return event.instance === "" ? event.rule : `${event.rule} (${event.instance})`;
}

/** The numbers of an event as mrkdwn fields: value, threshold, window, dollars when set. */
export function alertFields(event: AlertEvent): string[] {
  return [
    `*Value*\n${formatAlertValue(event.value, event.unit)}`,
    `*Threshold*\n${event.threshold === null ? "–" : formatAlertValue(event.threshold, event.unit)}`,
    `*Window*\n${formatWindow(event.windowStart, event.windowEnd)}`,
    `*Severity*\n${SEVERITY_MARK[event.severity]} ${event.severity}`,
    ...(event.usd === null ? [] : [`*Cost over the window*\n${formatUsd(event.usd)}`]),
    ...(event.instance === "" ? [] : [`*Instance*\n${escapeMrkdwn(event.instance)}`]),
  ];
}

/** The top-level message of a transition into ALARM. */
export function alarmMessage(event: AlertEvent): SlackMessage {
  const title = `ALARM: ${ruleAndInstance(event)}`;
  const value = formatAlertValue(event.value, event.unit);
  const threshold =
    event.threshold === null ? "" : ` (threshold ${formatAlertValue(event.threshold, event.unit)})`;
  return message(
    `${title} [${event.severity}] — ${event.message} — ${value}${threshold}`,
    [
      header(`:rotating_light: ${title}`),
      section(escapeMrkdwn(event.message)),
      fields(alertFields(event)),
      context([
        `flowlens alert · ${escapeMrkdwn(event.fromState)} → ALARM · event ${escapeMrkdwn(event.eventId)}`,
      ]),
    ],
    "flowlens alerts history",
  );
}

/** The reply in the ALARM's thread when the rule returns to OK. */
export function okReply(event: AlertEvent): SlackMessage {
  const title = `OK again: ${ruleAndInstance(event)}`;
  const value = formatAlertValue(event.value, event.unit);
  const window = formatWindow(event.windowStart, event.windowEnd);
  return message(
    `${title} — ${value} in ${window}`,
    [
      section(`:white_check_mark: *${escapeMrkdwn(title)}*\n${escapeMrkdwn(event.message)}`),
      fields(alertFields(event)),
    ],
    "flowlens alerts history",
  );
}
