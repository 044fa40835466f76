/**
 * `flowlens inventory import|sync|show`: load what each ENI is and each subnet's AZ (name and ID), per
 * account and region, from an inventory file or from the EC2 API, and show what the store holds.
 */
import type { Command } from "commander";
import { withEnrichmentTables } from "../enrich/enrichment-store.js";
import { type InventoryCountsRow, readInventorySummary } from "../enrich/inventory/inventory-summary.js";
import { importInventoryFile } from "../enrich/inventory/load-inventory-file.js";
import { FlowlensError } from "../errors.js";
import { type CliContext, withStore } from "./context.js";
import { type Row, renderTable } from "./format-output.js";
import { action } from "./program.js";

interface SyncFlags {
  readonly profile?: string;
  readonly regions?: string;
  readonly endpointUrl?: string;
}

const FORMAT_HELP = `
The file is JSON, as \`flowlens demo\` writes it (inventory.json), for one region:
  { "region": "us-east-1",
    "accounts": [{ "id": "111111111111", "azIds": { "us-east-1a": "use1-az1" } }],
    "vpcs": [{ "id": "vpc-…", "cidr": "10.0.0.0/16", "ipv6Cidr": null, "ownerAccount": "111111111111" }],
    "subnets": [{ "id": "subnet-…", "vpc": "vpc-…", "ownerAccount": "…", "cidr": "10.0.0.0/24",
                  "azName": "us-east-1a", "azId": "use1-az1", "public": true, "routeTable": "rtb-…" }],
    "routeTables": [{ "id": "rtb-…", "vpc": "vpc-…", "routes": [{ "destination": "0.0.0.0/0", "target": "igw-…" }] }],
    "networkInterfaces": [{ "id": "eni-…", "ownerAccount": "…", "vpc": "vpc-…", "subnet": "subnet-…",
                            "privateIps": ["10.0.0.5"], "kind": "instance", "resourceId": "i-…" }],
    "natGateways": [{ "id": "nat-…", "vpc": "vpc-…", "subnet": "subnet-…", "networkInterface": "eni-…",
                      "privateIp": "10.0.0.9", "publicIp": "3.216.42.17" }],
    "vpcEndpoints": [{ "id": "vpce-…", "vpc": "vpc-…", "type": "Gateway", "service": "com.amazonaws.us-east-1.s3",
                       "routeTables": ["rtb-…"] }] }
ENI kinds: nat_gateway, interface_endpoint, gateway_load_balancer_endpoint, load_balancer, lambda, ecs_task,
instance, transit_gateway, other. Importing replaces the rows of every account the file names in its region.`;

export function registerInventory(program: Command, setExitCode: (code: number) => void): void {
  const inventory = program
    .command("inventory")
    .description("Load what each ENI is and each subnet's AZ name and AZ ID, per account and region.");
  inventory
    .command("import")
    .description("Validate an inventory file and load it, replacing its accounts' rows in its region.")
    .argument("<file>", "the inventory JSON file")
    .addHelpText("after", FORMAT_HELP)
    .action(action<object>(importCommand, setExitCode));
  inventory
    .command("sync")
    .description("Describe the calling account's network estate through the EC2 API and load it.")
    .option("--profile <name>", "AWS profile (default: AWS_PROFILE, then the standard credential chain)")
    .option("--regions <list>", "comma-separated regions (default: the configured region, e.g. AWS_REGION)")
    .option("--endpoint-url <url>", "EC2-compatible endpoint (env AWS_ENDPOINT_URL_EC2 also works)")
    .addHelpText(
      "after",
      `
Needs ec2:DescribeAvailabilityZones, DescribeVpcs, DescribeSubnets, DescribeRouteTables,
DescribeNetworkInterfaces, DescribeNatGateways and DescribeVpcEndpoints. Each region replaces the calling
account's rows there; other accounts' rows stay.`,
    )
    .action(action<SyncFlags>(syncCommand, setExitCode));
  inventory
    .command("show")
    .description("Show the inventory's rows per account and region, ENIs per kind, and where they came from.")
    .action(action<object>(showCommand, setExitCode));
}

function countsTable(counts: readonly InventoryCountsRow[]): string {
  if (counts.length === 0) return "none";
  return renderTable(Object.keys(counts[0] as Row), counts);
}

async function importCommand(ctx: CliContext, _flags: object, args: string[]): Promise<number> {
  const path = args[0] ?? "";
  const counts = await withStore(ctx, (store) =>
    withEnrichmentTables(store, (tables) => importInventoryFile(tables, path)),
  );
  ctx.out(
    ctx.json
      ? JSON.stringify({ source: path, counts }, null, 2)
      : `Imported inventory ${path}:\n${countsTable(counts)}`,
  );
  return 0;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function parseRegions(list: string | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  const regions = list
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  const wrong = regions.find((r) => !REGION.test(r));
  if (regions.length === 0 || wrong !== undefined) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `--regions ${list} is not a list of regions: expected e.g. us-east-1,eu-west-1`,
      { hint: "separate AWS region names with commas" },
    );
  }
  return regions;
}

async function syncCommand(ctx: CliContext, flags: SyncFlags): Promise<number> {
  const regions = parseRegions(flags.regions);
  const { syncInventory } = await import("../enrich/inventory/sync-inventory.js");
  const synced = await withStore(ctx, (store) =>
    withEnrichmentTables(store, (tables) =>
      syncInventory(tables, {
        regions,
        profile: flags.profile,
        endpointUrl: flags.endpointUrl,
        network: ctx.config.aws,
      }),
    ),
  );
  if (ctx.json) {
    ctx.out(JSON.stringify({ regions: synced }, null, 2));
    return 0;
  }
  const lines = synced.map((r) =>
    r.accountId === null
      ? `${r.region}: no route table, VPC endpoint or ENI of this account is visible, so nothing was imported.`
      : `Synced ${r.region} as account ${r.accountId}:\n${countsTable(r.counts)}`,
  );
  ctx.out(lines.join("\n\n"));
  return 0;
}

async function showCommand(ctx: CliContext): Promise<number> {
  const summary = await withStore(
    ctx,
    (store) => withEnrichmentTables(store, readInventorySummary, { readOnly: true }),
    { readOnly: true },
  );
  if (ctx.json) {
    ctx.out(JSON.stringify(summary, null, 2));
    return 0;
  }
  if (summary.counts.length === 0) {
    ctx.out("Inventory: none imported yet (flowlens inventory import FILE, or flowlens inventory sync).");
    return 0;
  }
  ctx.out(
    [
      `Inventory per account and region:\n${countsTable(summary.counts)}`,
      `ENIs per kind:\n${renderTable(["kind", "enis"], summary.enisByKind)}`,
      `Sources:\n${renderTable(["account_id", "region", "source", "imported_at"], summary.sources)}`,
    ].join("\n\n"),
  );
  return 0;
}
