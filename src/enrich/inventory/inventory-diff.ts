/**
 * What changed between the stored inventory and a new snapshot of the same scopes: NAT gateways and VPC
 * endpoints that appeared or disappeared, route tables that appeared, disappeared or gained or lost a
 * route to a gateway endpoint, NAT gateway or internet gateway, and subnets that moved to another route
 * table. ENIs are left out: they come and go with every task and function, and the resources above are
 * what explains a change in traffic. Pure: the importer reads the rows and writes the changes.
 *
 * A change is dated by the source when it knows (a NAT gateway's or endpoint's creation time, a route's
 * `createdAt` in a file; a route to an endpoint that appears in the same snapshot takes the endpoint's
 * creation time), else by the import. A scope imported for the first time has no "before": only the
 * changes its source dates are recorded, so the first import does not mark everything as new today.
 */
import type { InventoryRow } from "./inventory-tables.js";

export const CHANGE_KINDS = ["nat_gateway", "vpc_endpoint", "route_table", "subnet"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export type ChangeType = "appeared" | "disappeared" | "changed";

export interface InventoryChange {
  /** When it happened, ISO 8601 UTC. */
  readonly at: string;
  /** `source` when the source said when; `import` when it is when flowlens saw it. */
  readonly datedBy: "source" | "import";
  readonly accountId: string;
  readonly region: string;
  readonly kind: ChangeKind;
  readonly resourceId: string;
  readonly change: ChangeType;
  /** The other resource of a change: the route's target, or a subnet's new route table. */
  readonly target: string | null;
  /** The change as a sentence: "route table rtb-… now routes to vpce-… (com.amazonaws.us-east-1.s3)". */
  readonly detail: string;
}

/** The tables a diff compares. */
export interface DiffRows {
  readonly natGateways: readonly InventoryRow<"natGateways">[];
  readonly vpcEndpoints: readonly InventoryRow<"vpcEndpoints">[];
  readonly routeTables: readonly InventoryRow<"routeTables">[];
  readonly subnets: readonly InventoryRow<"subnets">[];
}

export interface DiffOptions {
  /** When the import happens, ISO 8601 UTC. */
  readonly importedAt: string;
  /** Creation times the source gives, by resource ID or by `routeKey(table, target)`. @default none */
  readonly createdAt?: ReadonlyMap<string, string>;
  /** `account region` of the scopes the store already held an import of; others are first imports. */
  readonly knownScopes: ReadonlySet<string>;
}

/** The key of a route's creation time in `createdAt`. */
export function routeKey(routeTableId: string, target: string): string {
  return `${routeTableId} ${target}`;
}

/** How a route to an internet gateway is named among a route table's targets (one per table, whatever its ID). */
export const INTERNET_GATEWAY = "an internet gateway";

/** A route table's targets: its gateway endpoints, NAT gateways and (as one word) an internet gateway. */
function targetsOf(table: InventoryRow<"routeTables">): string[] {
  return [
    ...table.gatewayEndpointIds,
    ...table.natGatewayIds,
    ...(table.hasInternetGateway ? [INTERNET_GATEWAY] : []),
  ];
}

function byId<T>(rows: readonly T[], id: (row: T) => string): Map<string, T> {
  return new Map(rows.map((row) => [id(row), row]));
}

export function diffInventory(before: DiffRows, after: DiffRows, options: DiffOptions): InventoryChange[] {
  const createdAt = options.createdAt ?? new Map<string, string>();
  const changes: InventoryChange[] = [];
  const endpointsBefore = byId(before.vpcEndpoints, (e) => e.vpcEndpointId);
  const endpointsAfter = byId(after.vpcEndpoints, (e) => e.vpcEndpointId);
  const serviceOf = (id: string) => (endpointsAfter.get(id) ?? endpointsBefore.get(id))?.serviceName ?? null;
  const describeTarget = (target: string) => {
    const service = target.startsWith("vpce-") ? serviceOf(target) : null;
    return service ? `${target} (${service})` : target;
  };
  const add = (
    owner: { accountId: string; region: string },
    fact: Omit<InventoryChange, "at" | "datedBy" | "accountId" | "region">,
    sourceTime: string | undefined,
  ) => {
    const known = options.knownScopes.has(`${owner.accountId} ${owner.region}`);
    if (!known && sourceTime === undefined) return;
    changes.push({
      at: sourceTime ?? options.importedAt,
      datedBy: sourceTime === undefined ? "import" : "source",
      accountId: owner.accountId,
      region: owner.region,
      ...fact,
    });
  };

  const appearedOrGone = <T extends { accountId: string; region: string }>(
    kind: ChangeKind,
    rows: { before: readonly T[]; after: readonly T[] },
    id: (row: T) => string,
    noun: (row: T) => string,
  ) => {
    const old = byId(rows.before, id);
    const now = byId(rows.after, id);
    for (const [key, row] of now) {
      if (!old.has(key)) {
        add(
          row,
          { kind, resourceId: key, change: "appeared", target: null, detail: `${noun(row)} appeared` },
          createdAt.get(key),
        );
      }
    }
    for (const [key, row] of old) {
      if (!now.has(key)) {
        add(
          row,
          { kind, resourceId: key, change: "disappeared", target: null, detail: `${noun(row)} disappeared` },
          undefined,
        );
      }
    }
  };

  appearedOrGone(
    "nat_gateway",
    { before: before.natGateways, after: after.natGateways },
    (n) => n.natGatewayId,
    (n) =>
      `NAT gateway ${n.natGatewayId}${n.subnetId ? ` in ${n.subnetId}` : ""}${n.azId ? ` (${n.azId})` : ""}`,
  );
  appearedOrGone(
    "vpc_endpoint",
    { before: before.vpcEndpoints, after: after.vpcEndpoints },
    (e) => e.vpcEndpointId,
    (e) => `${e.endpointType ?? "VPC"} endpoint ${describeTarget(e.vpcEndpointId)}`,
  );

  const routeChanged = (
    table: { accountId: string; region: string },
    id: string,
    target: string,
    now: "now routes to" | "no longer routes to",
    when: string | undefined,
  ) =>
    add(
      table,
      {
        kind: "route_table",
        resourceId: id,
        change: "changed",
        target,
        detail: `route table ${id} ${now} ${describeTarget(target)}`,
      },
      when,
    );

  const tablesBefore = byId(before.routeTables, (t) => t.routeTableId);
  const tablesAfter = byId(after.routeTables, (t) => t.routeTableId);
  for (const [id, table] of tablesAfter) {
    const old = tablesBefore.get(id);
    if (!old) {
      const targets = targetsOf(table).map(describeTarget);
      add(
        table,
        {
          kind: "route_table",
          resourceId: id,
          change: "appeared",
          target: null,
          detail: `route table ${id} appeared${targets.length > 0 ? `, routing to ${targets.join(", ")}` : ""}`,
        },
        undefined,
      );
      continue;
    }
    const was = new Set(targetsOf(old));
    const is = new Set(targetsOf(table));
    for (const target of is) {
      if (was.has(target)) continue;
      // A route to an endpoint created since the last import was added when the endpoint was, at the latest.
      const endpointIsNew = target.startsWith("vpce-") && !endpointsBefore.has(target);
      const when = createdAt.get(routeKey(id, target)) ?? (endpointIsNew ? createdAt.get(target) : undefined);
      routeChanged(table, id, target, "now routes to", when);
    }
    for (const target of was) {
      if (!is.has(target)) routeChanged(table, id, target, "no longer routes to", undefined);
    }
  }
  // A first import has no old route tables, yet a route its file dates is still history worth keeping.
  for (const [id, table] of tablesAfter) {
    if (tablesBefore.has(id) || options.knownScopes.has(`${table.accountId} ${table.region}`)) continue;
    for (const target of targetsOf(table)) {
      const when = createdAt.get(routeKey(id, target));
      if (when !== undefined) routeChanged(table, id, target, "now routes to", when);
    }
  }
  for (const [id, table] of tablesBefore) {
    if (tablesAfter.has(id)) continue;
    add(
      table,
      {
        kind: "route_table",
        resourceId: id,
        change: "disappeared",
        target: null,
        detail: `route table ${id} disappeared`,
      },
      undefined,
    );
  }

  const subnetsBefore = byId(before.subnets, (s) => s.subnetId);
  for (const subnet of after.subnets) {
    const old = subnetsBefore.get(subnet.subnetId);
    if (!old || old.routeTableId === subnet.routeTableId || subnet.routeTableId === null) continue;
    add(
      subnet,
      {
        kind: "subnet",
        resourceId: subnet.subnetId,
        change: "changed",
        target: subnet.routeTableId,
        detail: `subnet ${subnet.subnetId} now uses route table ${subnet.routeTableId}${old.routeTableId ? ` (was ${old.routeTableId})` : ""}`,
      },
      undefined,
    );
  }
  return changes.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
