/**
 * The inventory of the demo estate, as `inventory.json`: what an EC2 describe would tell about accounts
 * (with each account's AZ name → AZ ID map), the VPC, subnets, route tables, ENIs, the NAT gateway, VPC
 * endpoints, the load balancer and the flow logs. Enrichment maps ENIs and addresses to resources with it.
 */
import type { Estate } from "./estate-types.js";

export interface InventoryOptions {
  /** The flow logs of all accounts are written as gzip text. @default false */
  readonly textOnly?: boolean;
  /** The flow logs' format string (`${version} ...`). */
  readonly logFormat: string;
}

export function buildInventory(estate: Estate, options: InventoryOptions) {
  const vpc = estate.vpc;
  const routeTableSubnets = (id: string) =>
    estate.subnets.filter((s) => s.routeTable.id === id).map((s) => s.id);
  return {
    region: estate.region,
    accounts: estate.accounts.map((a) => ({ id: a.id, name: a.name, azIds: a.azIds })),
    vpcs: [{ id: vpc.id, cidr: vpc.cidr, ipv6Cidr: vpc.ipv6Cidr, ownerAccount: vpc.owner }],
    internetGateways: [{ id: estate.internetGatewayId, vpc: vpc.id }],
    subnets: estate.subnets.map((s) => ({
      id: s.id,
      name: s.name,
      vpc: vpc.id,
      ownerAccount: vpc.owner,
      sharedWith: s.sharedWith,
      cidr: s.cidr,
      ipv6Cidr: s.ipv6Cidr ?? null,
      azName: s.azName,
      azId: s.azId,
      public: s.public,
      routeTable: s.routeTable.id,
      usesS3GatewayEndpoint: s.routeTable.usesS3Endpoint,
    })),
    routeTables: estate.routeTables.map((t) => ({
      id: t.id,
      vpc: vpc.id,
      subnets: routeTableSubnets(t.id),
      routes: t.routes,
      usesS3GatewayEndpoint: t.usesS3Endpoint,
    })),
    networkInterfaces: estate.enis.map((e) => ({
      id: e.id,
      name: e.name,
      ownerAccount: e.account,
      vpc: vpc.id,
      subnet: e.subnet.id,
      azId: e.subnet.azId,
      privateIps: e.ipv6 ? [e.privateIp, e.ipv6] : [e.privateIp],
      publicIp: e.publicIp ?? null,
      kind: e.kind,
      resourceId: e.resourceId,
      instanceId: e.instanceId === "-" ? null : e.instanceId,
      description: e.description,
    })),
    natGateways: [
      {
        id: estate.natGateway.id,
        vpc: vpc.id,
        subnet: estate.natGateway.eni.subnet.id,
        azId: estate.natGateway.eni.subnet.azId,
        networkInterface: estate.natGateway.eni.id,
        privateIp: estate.natGateway.eni.privateIp,
        publicIp: estate.natGateway.publicIp,
      },
    ],
    vpcEndpoints: [
      {
        id: estate.s3Endpoint.id,
        vpc: vpc.id,
        type: "Gateway",
        service: estate.s3Endpoint.service,
        routeTables: estate.s3Endpoint.routeTableIds,
      },
      {
        id: estate.secretsEndpoint.id,
        vpc: vpc.id,
        type: "Interface",
        service: estate.secretsEndpoint.service,
        subnets: estate.secretsEndpoint.enis.map((e) => e.subnet.id),
        networkInterfaces: estate.secretsEndpoint.enis.map((e) => e.id),
      },
    ],
    loadBalancers: [
      {
        id: estate.loadBalancerId,
        type: "application",
        scheme: "internet-facing",
        networkInterfaces: estate.workloads.loadBalancer.map((e) => e.id),
      },
    ],
    flowLogs: estate.accounts.map((a) => ({
      id: a.flowLogId,
      account: a.id,
      resource: vpc.id,
      coverage: "the network interfaces this account owns in the VPC",
      maxAggregationInterval: 60,
      destination: "s3",
      keyLayout: a.layout,
      hourlyPartitions: a.layout === "hive",
      fileFormat: options.textOnly ? "text" : a.fileFormat,
      logFormat: options.logFormat,
    })),
  };
}
