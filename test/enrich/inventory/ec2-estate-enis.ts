/** The twelve ENIs of the fixture estate's us-east-1 (see ec2-estate.ts), one of each kind and a few more. */
import type { XmlObject } from "../../helpers/ec2-server.js";
import {
  ACCOUNT,
  eni,
  GWLB_ENDPOINT,
  NAT,
  SECRETS_ENDPOINT,
  SHARED_VPC,
  SUBNET_PRIVATE_A,
  SUBNET_PRIVATE_B,
  SUBNET_PUBLIC,
  SUBNET_SHARED,
  VPC,
} from "./ec2-estate-ids.js";

export interface EniShape {
  readonly n: number;
  readonly subnetId: string;
  readonly vpcId?: string;
  readonly availabilityZone: string;
  readonly availabilityZoneId?: string;
  readonly interfaceType: string;
  readonly description: string;
  readonly privateIps: readonly string[];
  readonly ipv6?: string;
  readonly publicIp?: string;
  readonly requesterId?: string;
  readonly instanceId?: string;
}

export function networkInterface(e: EniShape): XmlObject {
  return {
    networkInterfaceId: eni(e.n),
    subnetId: e.subnetId,
    vpcId: e.vpcId ?? VPC,
    availabilityZone: e.availabilityZone,
    availabilityZoneId: e.availabilityZoneId,
    description: e.description,
    ownerId: ACCOUNT,
    requesterId: e.requesterId,
    requesterManaged: e.requesterId !== undefined,
    status: "in-use",
    macAddress: `0a:00:00:00:00:${e.n.toString(16).padStart(2, "0")}`,
    privateIpAddress: e.privateIps[0],
    sourceDestCheck: true,
    interfaceType: e.interfaceType,
    groupSet: [],
    attachment:
      e.instanceId === undefined
        ? {
            attachmentId: `ela-attach-${e.n}`,
            deviceIndex: 1,
            status: "attached",
            instanceOwnerId: "amazon-aws",
          }
        : {
            attachmentId: `eni-attach-${e.n}`,
            instanceId: e.instanceId,
            instanceOwnerId: ACCOUNT,
            deviceIndex: 0,
          },
    association: e.publicIp ? { publicIp: e.publicIp, ipOwnerId: "amazon" } : undefined,
    ipv6AddressesSet: e.ipv6 ? [{ ipv6Address: e.ipv6, isPrimaryIpv6: false }] : [],
    privateIpAddressesSet: e.privateIps.map((ip, i) => ({
      privateIpAddress: ip,
      primary: i === 0,
      association: i === 0 && e.publicIp ? { publicIp: e.publicIp, ipOwnerId: "amazon" } : undefined,
    })),
    tagSet: [],
  };
}

export const US_EAST_1_ENIS: readonly XmlObject[] = [
  {
    n: 1,
    subnetId: SUBNET_PUBLIC,
    availabilityZone: "us-east-1a",
    interfaceType: "nat_gateway",
    description: `Interface for NAT Gateway ${NAT}`,
    privateIps: ["10.1.0.100"],
    publicIp: "3.5.6.7",
    requesterId: "AIDAFLOWLENSNATGATEWAY",
  },
  {
    n: 2,
    subnetId: SUBNET_PRIVATE_A,
    availabilityZone: "us-east-1a",
    interfaceType: "vpc_endpoint",
    description: `VPC Endpoint Interface ${SECRETS_ENDPOINT}`,
    privateIps: ["10.1.16.50"],
    requesterId: "AROAFLOWLENSVPCE:vpce",
  },
  {
    n: 3,
    subnetId: SUBNET_PRIVATE_B,
    availabilityZone: "us-east-1b",
    interfaceType: "vpc_endpoint",
    description: `VPC Endpoint Interface ${SECRETS_ENDPOINT}`,
    privateIps: ["10.1.32.50"],
    requesterId: "AROAFLOWLENSVPCE:vpce",
  },
  {
    n: 4,
    subnetId: SUBNET_PUBLIC,
    availabilityZone: "us-east-1a",
    interfaceType: "gateway_load_balancer_endpoint",
    description: `VPC Endpoint Interface ${GWLB_ENDPOINT}`,
    privateIps: ["10.1.0.60"],
    requesterId: "AROAFLOWLENSVPCE:vpce",
  },
  {
    n: 5,
    subnetId: SUBNET_PUBLIC,
    availabilityZone: "us-east-1a",
    interfaceType: "interface",
    description: "ELB app/web/50dc6c495c0c9188",
    privateIps: ["10.1.0.70"],
    ipv6: "2600:1f18:aaaa:bb00::70",
    publicIp: "44.1.2.3",
    requesterId: "amazon-elb",
  },
  {
    n: 6,
    subnetId: SUBNET_PRIVATE_A,
    availabilityZone: "us-east-1a",
    interfaceType: "network_load_balancer",
    description: "ELB net/api/7f2e0e0c7c3b1a2d",
    privateIps: ["10.1.16.70"],
    requesterId: "amazon-elb",
  },
  {
    n: 7,
    subnetId: SUBNET_PRIVATE_A,
    availabilityZone: "us-east-1a",
    interfaceType: "lambda",
    description: "AWS Lambda VPC ENI-resize-images-6f1c2a7e-93b4-4d0a-8a55-0c1e2d3f4a5b",
    privateIps: ["10.1.17.7"],
    requesterId: "AROAFLOWLENSLAMBDA:resize-images",
  },
  {
    n: 8,
    subnetId: SUBNET_PRIVATE_B,
    availabilityZone: "us-east-1b",
    interfaceType: "interface",
    description: `arn:aws:ecs:us-east-1:${ACCOUNT}:attachment/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`,
    privateIps: ["10.1.33.8"],
    requesterId: "AROAFLOWLENSECS:ecs-tasks",
    instanceId: "i-0a0000000000000e1",
  },
  {
    n: 9,
    subnetId: SUBNET_PRIVATE_B,
    availabilityZone: "us-east-1b",
    availabilityZoneId: "use1-az6",
    interfaceType: "interface",
    description: "",
    privateIps: ["10.1.32.9", "10.1.32.10"],
    instanceId: "i-0a000000000000009",
  },
  {
    n: 10,
    subnetId: SUBNET_PRIVATE_A,
    availabilityZone: "us-east-1a",
    interfaceType: "transit_gateway",
    description: "Network Interface for Transit Gateway Attachment tgw-attach-0a000000000000001",
    privateIps: ["10.1.18.10"],
    requesterId: "AIDAFLOWLENSTGW",
  },
  {
    n: 11,
    subnetId: SUBNET_PRIVATE_B,
    availabilityZone: "us-east-1b",
    interfaceType: "interface",
    description: "RDSNetworkInterface",
    privateIps: ["10.1.34.11"],
    requesterId: "amazon-rds",
  },
  {
    n: 12,
    subnetId: SUBNET_SHARED,
    vpcId: SHARED_VPC,
    availabilityZone: "us-east-1b",
    interfaceType: "interface",
    description: "app (shared subnet)",
    privateIps: ["10.2.0.12"],
    instanceId: "i-0a00000000000000c",
  },
].map(networkInterface);
