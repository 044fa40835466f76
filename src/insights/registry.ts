/**
 * The built-in insights, in report order. A test loops over this list, so a new insight is checked for the
 * contract (id, parameters with defaults, a run that returns findings) as soon as it is registered here.
 */

import { anomalies } from "./anomalies/anomalies.js";
import { crossAz } from "./cross-az/cross-az.js";
import type { InsightDefinition } from "./insight.js";
import { internetEgress } from "./internet-egress/internet-egress.js";
import { natGateway } from "./nat-gateway/nat-gateway.js";
import { overview } from "./overview/overview.js";
import { rejectedTraffic } from "./rejected-traffic/rejected-traffic.js";
import { scans } from "./scans/scans.js";
import { topTalkers } from "./top-talkers/top-talkers.js";

export const BUILT_IN_INSIGHTS: readonly InsightDefinition<never>[] = [
  overview,
  natGateway,
  crossAz,
  internetEgress,
  rejectedTraffic,
  scans,
  topTalkers,
  anomalies,
] as InsightDefinition<never>[];
