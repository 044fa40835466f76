/**
 * The estate the demo models, in us-east-1: a platform account owning a VPC whose subnets it shares with
 * a data account, three AZs (whose AZ names map to different AZ IDs in the two accounts), one NAT gateway
 * in use1-az1 used by every private subnet, an S3 gateway endpoint on the use1-az1 and use1-az2 private
 * route tables only, an interface endpoint, a load balancer and the workloads behind it. The same estate
 * with the S3 endpoint on every private route table (`demoEstate({ s3EndpointOnEveryPrivateRouteTable })`)
 * is what `flowlens demo --s3-endpoint-added-on D` switches to on day D.
 */
import { createHash } from "node:crypto";
import type { DemoAccount, Eni, EniKind, Estate, Route, RouteTable, Subnet } from "./estate-types.js";

const REGION = "us-east-1";
const PLATFORM = "111111111111";
const DATA = "222222222222";
const VPC_ID = "vpc-0a1b2c3d4e5f60718";

/** A stable, real-looking resource id (`eni-0…`, 17 hex digits) derived from a label. */
function awsId(prefix: string, label: string): string {
  return `${prefix}-0${createHash("sha1").update(`flowlens-demo/${prefix}/${label}`).digest("hex").slice(0, 16)}`;
}

const accounts: DemoAccount[] = [
  {
    id: PLATFORM,
    name: "platform",
    azIds: { "us-east-1a": "use1-az1", "us-east-1b": "use1-az2", "us-east-1c": "use1-az4" },
    flowLogId: "fl-0123456789abcdef0",
    layout: "default",
    fileFormat: "text",
  },
  {
    id: DATA,
    name: "data",
    azIds: { "us-east-1a": "use1-az4", "us-east-1b": "use1-az1", "us-east-1c": "use1-az2" },
    flowLogId: "fl-0fedcba9876543210",
    layout: "hive",
    fileFormat: "parquet",
  },
];

const igwId = awsId("igw", "igw");
const natId = awsId("nat", "nat-az1");
const s3EndpointId = awsId("vpce", "s3");
const secretsEndpointId = awsId("vpce", "secretsmanager");
const S3_PREFIX_LIST = "pl-63a5400a";

const publicRoutes: RouteTable = {
  id: awsId("rtb", "public"),
  routes: [
    { destination: "10.0.0.0/16", target: "local" },
    { destination: "0.0.0.0/0", target: igwId },
    { destination: "::/0", target: igwId },
  ],
  usesS3Endpoint: false,
};

export interface DemoEstateOptions {
  /**
   * The S3 gateway endpoint is also on the use1-az4 private route table, which then carries the ETL
   * tasks' S3 traffic instead of the NAT gateway; the route says when it was added (ISO 8601).
   * @default the endpoint on the use1-az1 and use1-az2 private route tables only
   */
  readonly s3EndpointOnEveryPrivateRouteTable?: { readonly routeAddedAt: string };
}

/** The demo estate; every option left out gives the one the default demo describes. */
export function demoEstate(options: DemoEstateOptions = {}): Estate {
  const fix = options.s3EndpointOnEveryPrivateRouteTable;
  function privateRoutes(az: string, usesS3Endpoint: boolean, addedAt?: string): RouteTable {
    const routes: Route[] = [
      { destination: "10.0.0.0/16", target: "local" },
      { destination: "0.0.0.0/0", target: natId },
    ];
    if (usesS3Endpoint) {
      routes.push({
        destination: S3_PREFIX_LIST,
        target: s3EndpointId,
        ...(addedAt ? { createdAt: addedAt } : {}),
      });
    }
    return { id: awsId("rtb", `private-${az}`), routes, usesS3Endpoint };
  }

  const privateAz1Routes = privateRoutes("az1", true);
  const privateAz2Routes = privateRoutes("az2", true);
  const privateAz4Routes = privateRoutes("az4", fix !== undefined, fix?.routeAddedAt);

  function azNameOf(account: DemoAccount, azId: string): string {
    const entry = Object.entries(account.azIds).find(([, id]) => id === azId);
    if (!entry) throw new Error(`account ${account.id} has no AZ with ID ${azId}`);
    return entry[0];
  }

  function subnet(
    name: string,
    azId: string,
    cidr: string,
    routeTable: RouteTable,
    ipv6Cidr?: string,
  ): Subnet {
    const isPublic = routeTable === publicRoutes;
    return {
      id: awsId("subnet", name),
      name,
      cidr,
      ...(ipv6Cidr ? { ipv6Cidr } : {}),
      azId,
      azName: azNameOf(accounts[0] as DemoAccount, azId),
      public: isPublic,
      routeTable,
      sharedWith: name === "public-az1" || name === "public-az4" ? [] : [DATA],
    };
  }

  const publicAz1 = subnet("public-az1", "use1-az1", "10.0.0.0/24", publicRoutes, "2600:1f18:6c2:5e00::/64");
  const publicAz2 = subnet("public-az2", "use1-az2", "10.0.1.0/24", publicRoutes, "2600:1f18:6c2:5e01::/64");
  const publicAz4 = subnet("public-az4", "use1-az4", "10.0.2.0/24", publicRoutes, "2600:1f18:6c2:5e02::/64");
  const privateAz1 = subnet("private-az1", "use1-az1", "10.0.16.0/20", privateAz1Routes);
  const privateAz2 = subnet("private-az2", "use1-az2", "10.0.32.0/20", privateAz2Routes);
  const privateAz4 = subnet("private-az4", "use1-az4", "10.0.48.0/20", privateAz4Routes);

  interface EniSpec {
    readonly name: string;
    readonly account: string;
    readonly subnet: Subnet;
    readonly kind: EniKind;
    readonly privateIp: string;
    readonly ipv6?: string;
    readonly publicIp?: string;
    /** The owning resource when it is not an instance. */
    readonly resourceId?: string;
    readonly description?: string;
  }

  function eni(spec: EniSpec): Eni {
    const instanceId = spec.kind === "instance" ? awsId("i", spec.name) : "-";
    const resourceId = spec.resourceId ?? instanceId;
    return {
      id: awsId("eni", spec.name),
      name: spec.name,
      account: spec.account,
      subnet: spec.subnet,
      kind: spec.kind,
      resourceId,
      instanceId,
      privateIp: spec.privateIp,
      ...(spec.ipv6 ? { ipv6: spec.ipv6 } : {}),
      ...(spec.publicIp ? { publicIp: spec.publicIp } : {}),
      description: spec.description ?? `${spec.name} (${resourceId})`,
    };
  }

  const loadBalancerId = "app/web-public-alb/50dc6c495c0c9188";

  function ecsTask(name: string, account: string, cluster: string, where: Subnet, privateIp: string): Eni {
    const taskId = createHash("sha1").update(`flowlens-demo/task/${name}`).digest("hex").slice(0, 32);
    return eni({
      name,
      account,
      subnet: where,
      kind: "ecs_task",
      privateIp,
      resourceId: `arn:aws:ecs:${REGION}:${account}:task/${cluster}/${taskId}`,
      description: `arn:aws:ecs:${REGION}:${account}:attachment/${taskId}`,
    });
  }

  function instance(name: string, account: string, where: Subnet, privateIp: string, extra = {}): Eni {
    return eni({ name, account, subnet: where, kind: "instance", privateIp, ...extra });
  }

  const natEni = eni({
    name: "nat",
    account: PLATFORM,
    subnet: publicAz1,
    kind: "nat_gateway",
    privateIp: "10.0.0.142",
    resourceId: natId,
    description: `Interface for NAT Gateway ${natId}`,
  });

  const loadBalancer = (
    [
      [publicAz1, "10.0.0.37", "44.208.13.77", "2600:1f18:6c2:5e00:8d1::a1"],
      [publicAz2, "10.0.1.91", "44.209.120.33", "2600:1f18:6c2:5e01:3b7::a2"],
      [publicAz4, "10.0.2.58", "44.210.6.201", "2600:1f18:6c2:5e02:c40::a3"],
    ] as const
  ).map(([where, privateIp, publicIp, ipv6], i) =>
    eni({
      name: `alb-${i + 1}`,
      account: PLATFORM,
      subnet: where,
      kind: "load_balancer",
      privateIp,
      publicIp,
      ipv6,
      resourceId: loadBalancerId,
      description: `ELB ${loadBalancerId}`,
    }),
  );

  const secretsEndpoint = (
    [
      [privateAz1, "10.0.20.15"],
      [privateAz2, "10.0.36.15"],
    ] as const
  ).map(([where, privateIp], i) =>
    eni({
      name: `vpce-secretsmanager-${i + 1}`,
      account: PLATFORM,
      subnet: where,
      kind: "interface_endpoint",
      privateIp,
      resourceId: secretsEndpointId,
      description: `VPC Endpoint Interface ${secretsEndpointId}`,
    }),
  );

  const workloads = {
    bastion: instance("bastion", PLATFORM, publicAz1, "10.0.0.20", {
      publicIp: "54.164.20.5",
      ipv6: "2600:1f18:6c2:5e00:71a::20",
    }),
    sftp: instance("sftp", DATA, publicAz2, "10.0.1.44", { publicIp: "54.236.18.90" }),
    loadBalancer,
    web: [
      ecsTask("web-1", PLATFORM, "web", privateAz1, "10.0.17.41"),
      ecsTask("web-2", PLATFORM, "web", privateAz2, "10.0.33.41"),
      ecsTask("web-3", PLATFORM, "web", privateAz4, "10.0.49.41"),
    ],
    api: [
      instance("api-1", DATA, privateAz1, "10.0.18.10"),
      instance("api-2", DATA, privateAz1, "10.0.18.11"),
      instance("api-3", DATA, privateAz2, "10.0.34.10"),
    ],
    monitoring: instance("monitoring", PLATFORM, privateAz1, "10.0.19.5"),
    lambda: eni({
      name: "lambda-thumbnailer",
      account: PLATFORM,
      subnet: privateAz2,
      kind: "lambda",
      privateIp: "10.0.35.200",
      resourceId: `arn:aws:lambda:${REGION}:${PLATFORM}:function:thumbnailer`,
      description: "AWS Lambda VPC ENI-thumbnailer-6f1c2a7e-93b4-4d0a-8a55-0c1e2b3d4f5a",
    }),
    secretsEndpoint,
    dbPrimary: instance("db-primary", DATA, privateAz2, "10.0.40.20"),
    dbReplica: instance("db-replica", DATA, privateAz4, "10.0.56.20"),
    cache: instance("cache", DATA, privateAz4, "10.0.57.30"),
    analytics: [
      instance("analytics-1", DATA, privateAz1, "10.0.24.10"),
      instance("analytics-2", DATA, privateAz2, "10.0.41.10"),
    ],
    etl: [
      ecsTask("etl-1", DATA, "etl", privateAz4, "10.0.58.101"),
      ecsTask("etl-2", DATA, "etl", privateAz4, "10.0.58.102"),
      ecsTask("etl-3", DATA, "etl", privateAz4, "10.0.58.103"),
    ],
    reporting: instance("reporting", DATA, privateAz4, "10.0.59.7"),
  };

  const enis: Eni[] = [
    natEni,
    ...loadBalancer,
    workloads.bastion,
    workloads.sftp,
    ...workloads.web,
    ...workloads.api,
    workloads.monitoring,
    workloads.lambda,
    ...secretsEndpoint,
    workloads.dbPrimary,
    workloads.dbReplica,
    workloads.cache,
    ...workloads.analytics,
    ...workloads.etl,
    workloads.reporting,
  ];

  return {
    region: REGION,
    vpc: {
      id: VPC_ID,
      cidr: "10.0.0.0/16",
      ipv6Cidr: "2600:1f18:6c2:5e00::/56",
      owner: PLATFORM,
      addressPrefixes: ["10.0.", "2600:1f18:6c2:5e"],
    },
    accounts,
    internetGatewayId: igwId,
    routeTables: [publicRoutes, privateAz1Routes, privateAz2Routes, privateAz4Routes],
    subnets: [publicAz1, publicAz2, publicAz4, privateAz1, privateAz2, privateAz4],
    enis,
    natGateway: { id: natId, eni: natEni, publicIp: "3.216.42.17" },
    s3Endpoint: {
      id: s3EndpointId,
      service: `com.amazonaws.${REGION}.s3`,
      routeTableIds: [privateAz1Routes, privateAz2Routes, privateAz4Routes]
        .filter((t) => t.usesS3Endpoint)
        .map((t) => t.id),
    },
    secretsEndpoint: {
      id: secretsEndpointId,
      service: `com.amazonaws.${REGION}.secretsmanager`,
      enis: secretsEndpoint,
    },
    loadBalancerId,
    workloads,
  };
}

/** The one estate every default demo data set describes. */
export const DEMO_ESTATE: Estate = demoEstate();
