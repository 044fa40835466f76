/**
 * Where one rule's events go, as delivery sees it: Slack (a channel, or the `slack:` bot's default) and
 * named webhooks. The caller maps its rules to this (`alertTargets` in notify-settings.ts does it from a
 * rule's `notify` and `alerts.webhooks`), so delivery does not depend on how rules are configured.
 */
import type { WebhookSettings } from "./notify-settings.js";

export interface NamedWebhook extends WebhookSettings {
  /** Its name under `alerts.webhooks`: the ledger's key, so renaming a webhook makes it a new target. */
  readonly name: string;
}

export interface AlertTargets {
  /** Post to Slack; `channel` defaults to the Slack connection's channel. @default not posted */
  readonly slack?: { readonly channel?: string | undefined };
  readonly webhooks: readonly NamedWebhook[];
}

/** The targets of a rule by its name; a rule no longer configured gets none (its events wait). */
export type TargetsOf = (rule: string) => AlertTargets | undefined;
