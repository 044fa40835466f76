/**
 * The demo's mid-period fix (`s3EndpointAddedOn`): from that day the S3 gateway endpoint is on every
 * private route table, so the ETL tasks' S3 traffic leaves the NAT gateway. What the ground truth states
 * about it: the change, and S3 through the NAT gateway per day before and after.
 */
import type { Estate } from "./estate-types.js";

interface DayTruth {
  readonly date: string;
  readonly s3ViaNatBytes: number;
}

export const S3_ENDPOINT_CHANGE_DEFINITION =
  "From 'date' (00:00 UTC) the S3 gateway endpoint is also on routeTableIds, the route tables of subnetIds, " +
  "whose S3 traffic went through the NAT gateway before. 'before' covers the generated days before 'date', " +
  "'after' those from it; s3ViaNatBytes sums the days' s3ViaNatBytes, s3ViaNatBytesPerDay divides it by days.";

function side(days: readonly DayTruth[]) {
  const bytes = days.reduce((sum, d) => sum + d.s3ViaNatBytes, 0);
  return {
    from: days[0]?.date ?? null,
    to: days.at(-1)?.date ?? null,
    days: days.length,
    s3ViaNatBytes: bytes,
    s3ViaNatBytesPerDay: days.length === 0 ? 0 : bytes / days.length,
  };
}

/**
 * @param before the estate before the change, @param after the estate from `date`
 * @param days the ground truth's days (the day before the first generated day is left out)
 */
export function s3EndpointChangeTruth(
  before: Estate,
  after: Estate,
  date: string,
  firstDay: string,
  days: readonly DayTruth[],
) {
  const added = after.routeTables.filter(
    (t) => t.usesS3Endpoint && !before.routeTables.find((b) => b.id === t.id)?.usesS3Endpoint,
  );
  const generated = days.filter((d) => d.date >= firstDay);
  return {
    definition: S3_ENDPOINT_CHANGE_DEFINITION,
    date,
    vpcEndpointId: after.s3Endpoint.id,
    routeTableIds: added.map((t) => t.id),
    subnetIds: after.subnets.filter((s) => added.some((t) => t.id === s.routeTable.id)).map((s) => s.id),
    natGatewayId: after.natGateway.id,
    before: side(generated.filter((d) => d.date < date)),
    after: side(generated.filter((d) => d.date >= date)),
  };
}
