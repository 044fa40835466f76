/**
 * The shape of the estate the demo generator models: accounts, one shared VPC, its subnets and route
 * tables, and the network interfaces (ENIs) whose traffic the flow logs record.
 */

/** What an ENI belongs to, in the inventory's words. */
export type EniKind =
  | "nat_gateway"
  | "interface_endpoint"
  | "instance"
  | "load_balancer"
  | "lambda"
  | "ecs_task";

export interface DemoAccount {
  readonly id: string;
  readonly name: string;
  /** This account's AZ names mapped to AZ IDs (the mapping differs per account). */
  readonly azIds: Readonly<Record<string, string>>;
  readonly flowLogId: string;
  /** S3 key layout of this account's flow log objects. */
  readonly layout: "default" | "hive";
  /** File format of this account's flow log objects (text may be forced for benchmarks). */
  readonly fileFormat: "text" | "parquet";
}

export interface Route {
  readonly destination: string;
  readonly target: string;
  /** When the route was added (ISO 8601), for a route the demo adds mid-period. */
  readonly createdAt?: string;
}

export interface RouteTable {
  readonly id: string;
  readonly routes: readonly Route[];
  /** True when the S3 gateway endpoint is associated with this route table. */
  readonly usesS3Endpoint: boolean;
}

export interface Subnet {
  readonly id: string;
  readonly name: string;
  readonly cidr: string;
  readonly ipv6Cidr?: string;
  readonly azId: string;
  /** The AZ name in the VPC owner's account. */
  readonly azName: string;
  readonly public: boolean;
  readonly routeTable: RouteTable;
  /** Accounts the subnet is shared with through VPC sharing. */
  readonly sharedWith: readonly string[];
}

export interface Eni {
  readonly id: string;
  /** A short role name (`api-1`, `nat`), for readers of the inventory and ground truth. */
  readonly name: string;
  /** The ENI's owner: the account-id of its flow log records. */
  readonly account: string;
  readonly subnet: Subnet;
  readonly kind: EniKind;
  /** The resource the ENI belongs to: `i-…`, `nat-…`, `app/…`, a Lambda or ECS task ARN, `vpce-…`. */
  readonly resourceId: string;
  /** The instance-id field: the instance id, or `-` for requester-managed ENIs. */
  readonly instanceId: string;
  readonly privateIp: string;
  readonly ipv6?: string;
  readonly publicIp?: string;
  readonly description: string;
}

export interface NatGateway {
  readonly id: string;
  readonly eni: Eni;
  readonly publicIp: string;
}

export interface GatewayEndpoint {
  readonly id: string;
  readonly service: string;
  readonly routeTableIds: readonly string[];
}

export interface InterfaceEndpoint {
  readonly id: string;
  readonly service: string;
  readonly enis: readonly Eni[];
}

/** The ENIs grouped by the workload they serve, for the traffic mix to pick from. */
export interface Workloads {
  readonly bastion: Eni;
  readonly sftp: Eni;
  readonly loadBalancer: readonly Eni[];
  readonly web: readonly Eni[];
  readonly api: readonly Eni[];
  readonly monitoring: Eni;
  readonly lambda: Eni;
  readonly secretsEndpoint: readonly Eni[];
  readonly dbPrimary: Eni;
  readonly dbReplica: Eni;
  readonly cache: Eni;
  readonly analytics: readonly Eni[];
  readonly etl: readonly Eni[];
  readonly reporting: Eni;
}

export interface Estate {
  readonly region: string;
  readonly vpc: {
    readonly id: string;
    readonly cidr: string;
    readonly ipv6Cidr: string;
    readonly owner: string;
    /** Text prefixes that every address in the VPC's CIDRs starts with. */
    readonly addressPrefixes: readonly string[];
  };
  readonly accounts: readonly DemoAccount[];
  readonly internetGatewayId: string;
  readonly routeTables: readonly RouteTable[];
  readonly subnets: readonly Subnet[];
  readonly enis: readonly Eni[];
  readonly natGateway: NatGateway;
  readonly s3Endpoint: GatewayEndpoint;
  readonly secretsEndpoint: InterfaceEndpoint;
  readonly loadBalancerId: string;
  readonly workloads: Workloads;
}
