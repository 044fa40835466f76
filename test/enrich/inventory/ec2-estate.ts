/**
 * The estate the local EC2 server serves, as account 111122223333 sees it, in EC2's XML element names.
 *
 * us-east-1: VPC 10.1.0.0/16 (plus 100.64.0.0/16 and an IPv6 /56) with a public subnet in us-east-1a
 * (use1-az4), a private one in us-east-1a routed through the NAT gateway and the S3 gateway endpoint, and
 * a private one in us-east-1b (use1-az6) on the main route table (NAT, and the DynamoDB gateway endpoint
 * without a listed route); a subnet of VPC 10.2.0.0/16 shared by account 444455556666; twelve ENIs, one
 * of each kind and a few more; a deleted NAT gateway, a deleted endpoint and a blackhole route, which the
 * sync leaves out. us-west-2: one public subnet and one instance. eu-central-1: only a VPC and subnet
 * shared by 444455556666. Other regions: nothing.
 */
import type { Ec2RegionFixture, XmlObject } from "../../helpers/ec2-server.js";
import { networkInterface, US_EAST_1_ENIS } from "./ec2-estate-enis.js";
import {
  ACCOUNT,
  DYNAMODB_ENDPOINT,
  eni,
  GWLB_ENDPOINT,
  IGW,
  NAT,
  RTB_MAIN,
  RTB_PRIVATE_A,
  RTB_PUBLIC,
  S3_ENDPOINT,
  SECRETS_ENDPOINT,
  SHARED_VPC,
  SHARING_ACCOUNT,
  SUBNET_PRIVATE_A,
  SUBNET_PRIVATE_B,
  SUBNET_PUBLIC,
  SUBNET_SHARED,
  VPC,
} from "./ec2-estate-ids.js";

export * from "./ec2-estate-ids.js";

const zone = (zoneName: string, zoneId: string): XmlObject => ({
  zoneName,
  zoneId,
  zoneState: "available",
  regionName: zoneName.slice(0, -1),
  zoneType: "availability-zone",
  optInStatus: "opt-in-not-required",
});

const subnet = (
  subnetId: string,
  vpcId: string,
  ownerId: string,
  cidrBlock: string,
  availabilityZone: string,
  availabilityZoneId: string,
  ipv6?: string,
): XmlObject => ({
  subnetId,
  subnetArn: `arn:aws:ec2:us-east-1:${ownerId}:subnet/${subnetId}`,
  state: "available",
  ownerId,
  vpcId,
  cidrBlock,
  ipv6CidrBlockAssociationSet: ipv6
    ? [
        {
          associationId: "subnet-cidr-assoc-1",
          ipv6CidrBlock: ipv6,
          ipv6CidrBlockState: { state: "associated" },
        },
      ]
    : [],
  availableIpAddressCount: 250,
  availabilityZone,
  availabilityZoneId,
  defaultForAz: false,
  mapPublicIpOnLaunch: false,
});

const route = (destination: string, target: XmlObject, state = "active"): XmlObject => ({
  destinationCidrBlock: destination,
  ...target,
  state,
  origin: "CreateRoute",
});

const US_EAST_1: Ec2RegionFixture = {
  availabilityZoneInfo: [
    zone("us-east-1a", "use1-az4"),
    zone("us-east-1b", "use1-az6"),
    zone("us-east-1c", "use1-az1"),
  ],
  vpcSet: [
    {
      vpcId: VPC,
      ownerId: ACCOUNT,
      state: "available",
      cidrBlock: "10.1.0.0/16",
      cidrBlockAssociationSet: [
        {
          associationId: "vpc-cidr-assoc-1",
          cidrBlock: "10.1.0.0/16",
          cidrBlockState: { state: "associated" },
        },
        {
          associationId: "vpc-cidr-assoc-2",
          cidrBlock: "100.64.0.0/16",
          cidrBlockState: { state: "associated" },
        },
        {
          associationId: "vpc-cidr-assoc-3",
          cidrBlock: "10.9.0.0/16",
          cidrBlockState: { state: "disassociated" },
        },
      ],
      ipv6CidrBlockAssociationSet: [
        {
          associationId: "vpc-cidr-assoc-4",
          ipv6CidrBlock: "2600:1f18:aaaa:bb00::/56",
          ipv6CidrBlockState: { state: "associated" },
          networkBorderGroup: "us-east-1",
        },
      ],
      dhcpOptionsId: "dopt-0a000000000000001",
      instanceTenancy: "default",
      isDefault: false,
    },
    {
      vpcId: SHARED_VPC,
      ownerId: SHARING_ACCOUNT,
      state: "available",
      cidrBlock: "10.2.0.0/16",
      cidrBlockAssociationSet: [
        {
          associationId: "vpc-cidr-assoc-5",
          cidrBlock: "10.2.0.0/16",
          cidrBlockState: { state: "associated" },
        },
      ],
      isDefault: false,
    },
  ],
  subnetSet: [
    subnet(SUBNET_PUBLIC, VPC, ACCOUNT, "10.1.0.0/24", "us-east-1a", "use1-az4", "2600:1f18:aaaa:bb00::/64"),
    subnet(SUBNET_PRIVATE_A, VPC, ACCOUNT, "10.1.16.0/20", "us-east-1a", "use1-az4"),
    subnet(SUBNET_PRIVATE_B, VPC, ACCOUNT, "10.1.32.0/20", "us-east-1b", "use1-az6"),
    subnet(SUBNET_SHARED, SHARED_VPC, SHARING_ACCOUNT, "10.2.0.0/24", "us-east-1b", "use1-az6"),
  ],
  routeTableSet: [
    {
      routeTableId: RTB_PUBLIC,
      vpcId: VPC,
      ownerId: ACCOUNT,
      routeSet: [
        route("10.1.0.0/16", { gatewayId: "local" }),
        route("0.0.0.0/0", { gatewayId: IGW }),
        { destinationIpv6CidrBlock: "::/0", gatewayId: IGW, state: "active", origin: "CreateRoute" },
      ],
      associationSet: [
        {
          routeTableAssociationId: "rtbassoc-1",
          routeTableId: RTB_PUBLIC,
          subnetId: SUBNET_PUBLIC,
          main: false,
        },
      ],
    },
    {
      routeTableId: RTB_PRIVATE_A,
      vpcId: VPC,
      ownerId: ACCOUNT,
      routeSet: [
        route("10.1.0.0/16", { gatewayId: "local" }),
        route("0.0.0.0/0", { natGatewayId: NAT }),
        {
          destinationPrefixListId: "pl-63a5400a",
          gatewayId: S3_ENDPOINT,
          state: "active",
          origin: "CreateRoute",
        },
        route("192.168.0.0/16", { natGatewayId: "nat-0dead00000000000f" }, "blackhole"),
      ],
      associationSet: [
        {
          routeTableAssociationId: "rtbassoc-2",
          routeTableId: RTB_PRIVATE_A,
          subnetId: SUBNET_PRIVATE_A,
          main: false,
        },
      ],
    },
    {
      routeTableId: RTB_MAIN,
      vpcId: VPC,
      ownerId: ACCOUNT,
      routeSet: [route("10.1.0.0/16", { gatewayId: "local" }), route("0.0.0.0/0", { natGatewayId: NAT })],
      associationSet: [{ routeTableAssociationId: "rtbassoc-3", routeTableId: RTB_MAIN, main: true }],
    },
  ],
  natGatewaySet: [
    {
      natGatewayId: NAT,
      vpcId: VPC,
      subnetId: SUBNET_PUBLIC,
      state: "available",
      connectivityType: "public",
      natGatewayAddressSet: [
        {
          allocationId: "eipalloc-1",
          networkInterfaceId: eni(1),
          privateIp: "10.1.0.100",
          publicIp: "3.5.6.7",
          isPrimary: true,
          status: "succeeded",
        },
      ],
    },
    {
      natGatewayId: "nat-0a00000000000dead",
      vpcId: VPC,
      subnetId: SUBNET_PRIVATE_A,
      state: "deleted",
      natGatewayAddressSet: [],
    },
  ],
  vpcEndpointSet: [
    {
      vpcEndpointId: S3_ENDPOINT,
      vpcEndpointType: "Gateway",
      vpcId: VPC,
      serviceName: "com.amazonaws.us-east-1.s3",
      state: "available",
      routeTableIdSet: [RTB_PRIVATE_A],
      subnetIdSet: [],
      networkInterfaceIdSet: [],
      ownerId: ACCOUNT,
    },
    {
      vpcEndpointId: DYNAMODB_ENDPOINT,
      vpcEndpointType: "Gateway",
      vpcId: VPC,
      serviceName: "com.amazonaws.us-east-1.dynamodb",
      state: "available",
      routeTableIdSet: [RTB_MAIN],
      ownerId: ACCOUNT,
    },
    {
      vpcEndpointId: SECRETS_ENDPOINT,
      vpcEndpointType: "Interface",
      vpcId: VPC,
      serviceName: "com.amazonaws.us-east-1.secretsmanager",
      state: "available",
      subnetIdSet: [SUBNET_PRIVATE_A, SUBNET_PRIVATE_B],
      networkInterfaceIdSet: [eni(2), eni(3)],
      privateDnsEnabled: true,
      ownerId: ACCOUNT,
    },
    {
      vpcEndpointId: GWLB_ENDPOINT,
      vpcEndpointType: "GatewayLoadBalancer",
      vpcId: VPC,
      serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0a000000000000001",
      state: "available",
      subnetIdSet: [SUBNET_PUBLIC],
      networkInterfaceIdSet: [eni(4)],
      ownerId: ACCOUNT,
    },
    {
      vpcEndpointId: "vpce-0a0000000000000ff",
      vpcEndpointType: "Interface",
      vpcId: VPC,
      serviceName: "com.amazonaws.us-east-1.kms",
      state: "deleted",
      ownerId: ACCOUNT,
    },
  ],
  networkInterfaceSet: US_EAST_1_ENIS,
};

const US_WEST_2: Ec2RegionFixture = {
  availabilityZoneInfo: [zone("us-west-2a", "usw2-az2"), zone("us-west-2b", "usw2-az1")],
  vpcSet: [
    {
      vpcId: "vpc-0c000000000000001",
      ownerId: ACCOUNT,
      state: "available",
      cidrBlock: "172.31.0.0/16",
      cidrBlockAssociationSet: [
        {
          associationId: "vpc-cidr-assoc-9",
          cidrBlock: "172.31.0.0/16",
          cidrBlockState: { state: "associated" },
        },
      ],
      isDefault: true,
    },
  ],
  subnetSet: [
    subnet(
      "subnet-0c000000000000001",
      "vpc-0c000000000000001",
      ACCOUNT,
      "172.31.0.0/20",
      "us-west-2a",
      "usw2-az2",
    ),
  ],
  routeTableSet: [
    {
      routeTableId: "rtb-0c000000000000001",
      vpcId: "vpc-0c000000000000001",
      ownerId: ACCOUNT,
      routeSet: [route("172.31.0.0/16", { gatewayId: "local" }), route("0.0.0.0/0", { gatewayId: IGW })],
      associationSet: [
        { routeTableAssociationId: "rtbassoc-9", routeTableId: "rtb-0c000000000000001", main: true },
      ],
    },
  ],
  networkInterfaceSet: [
    networkInterface({
      n: 0x20,
      subnetId: "subnet-0c000000000000001",
      vpcId: "vpc-0c000000000000001",
      availabilityZone: "us-west-2a",
      interfaceType: "interface",
      description: "",
      privateIps: ["172.31.5.20"],
      publicIp: "52.1.2.3",
      instanceId: "i-0c000000000000020",
    }),
  ],
};

/** What a participant with nothing of its own sees: the VPC and subnet shared with it. */
const EU_CENTRAL_1: Ec2RegionFixture = {
  availabilityZoneInfo: [zone("eu-central-1a", "euc1-az2")],
  vpcSet: [{ vpcId: SHARED_VPC, ownerId: SHARING_ACCOUNT, state: "available", cidrBlock: "10.2.0.0/16" }],
  subnetSet: [subnet(SUBNET_SHARED, SHARED_VPC, SHARING_ACCOUNT, "10.2.0.0/24", "eu-central-1a", "euc1-az2")],
};

export const EC2_ESTATE: Readonly<Record<string, Ec2RegionFixture>> = {
  "us-east-1": US_EAST_1,
  "us-west-2": US_WEST_2,
  "eu-central-1": EU_CENTRAL_1,
};
