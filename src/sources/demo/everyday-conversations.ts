/**
 * The everyday TCP conversations of the demo estate, as data: who talks to whom, on which port, how
 * often (weight, relative to the other kinds of traffic in traffic-mix.ts) and how many bytes each way
 * in one aggregation window (spread evenly on a log scale between the bounds).
 */
import type { AddressBook, AwsService } from "./address-book.js";
import type { Eni, Estate } from "./estate-types.js";

/** Where a conversation goes: another ENI of the VPC, or outside addresses through the NAT or the S3 endpoint. */
export type Destination =
  | { readonly route: "vpc"; readonly enis: readonly Eni[] }
  | {
      readonly route: "nat" | "s3-endpoint";
      readonly addresses: readonly string[];
      readonly service: AwsService;
    };

export interface TcpConversation {
  readonly name: string;
  readonly weight: number;
  readonly clients: readonly Eni[];
  readonly to: Destination;
  readonly port: number;
  readonly requestBytes: readonly [number, number];
  readonly responseBytes: readonly [number, number];
  /** Probability that the connection was opened in an earlier window (no SYN or FIN in this one). */
  readonly established: number;
}

export function everydayConversations(estate: Estate, addresses: AddressBook): TcpConversation[] {
  const w = estate.workloads;
  const vpc = (...enis: Eni[]): Destination => ({ route: "vpc", enis });
  const nat = (pool: readonly string[], service: AwsService): Destination => ({
    route: "nat",
    addresses: pool,
    service,
  });
  const s3Endpoint: Destination = { route: "s3-endpoint", addresses: addresses.s3, service: "S3" };
  // S3 goes through the endpoint from subnets whose route table has it, else through the NAT gateway.
  const s3From = (clients: readonly Eni[]): Destination =>
    clients.every((c) => c.subnet.routeTable.usesS3Endpoint) ? s3Endpoint : nat(addresses.s3, "S3");
  const dynamodb = nat(addresses.dynamodb, "DYNAMODB");
  // biome-ignore format: one conversation per row reads as a table
  return [
    { name: "web → api", weight: 12, clients: w.web, to: vpc(...w.api), port: 8443, requestBytes: [300, 4000], responseBytes: [500, 60_000], established: 0.7 },
    { name: "api → postgres", weight: 10, clients: w.api, to: vpc(w.dbPrimary), port: 5432, requestBytes: [200, 20_000], responseBytes: [400, 800_000], established: 1 },
    { name: "api → redis", weight: 8, clients: w.api, to: vpc(w.cache), port: 6379, requestBytes: [60, 2000], responseBytes: [60, 20_000], established: 1 },
    { name: "api → DynamoDB", weight: 5, clients: w.api, to: dynamodb, port: 443, requestBytes: [400, 6000], responseBytes: [300, 40_000], established: 0.5 },
    { name: "lambda → S3", weight: 3, clients: [w.lambda], to: s3Endpoint, port: 443, requestBytes: [500, 4_000_000], responseBytes: [2000, 5_000_000], established: 0 },
    { name: "lambda → DynamoDB", weight: 2, clients: [w.lambda], to: dynamodb, port: 443, requestBytes: [400, 4000], responseBytes: [300, 8000], established: 0 },
    { name: "analytics → S3", weight: 5, clients: w.analytics, to: s3Endpoint, port: 443, requestBytes: [500, 5000], responseBytes: [100_000, 80_000_000], established: 0.3 },
    { name: "etl reads S3", weight: 3.6, clients: w.etl, to: s3From(w.etl), port: 443, requestBytes: [400, 8000], responseBytes: [50_000, 40_000_000], established: 0.5 },
    { name: "etl writes S3", weight: 2.4, clients: w.etl, to: s3From(w.etl), port: 443, requestBytes: [50_000, 40_000_000], responseBytes: [400, 8000], established: 0.5 },
    { name: "etl → DynamoDB", weight: 3, clients: w.etl, to: dynamodb, port: 443, requestBytes: [500, 20_000], responseBytes: [300, 60_000], established: 0.5 },
    { name: "web → payment APIs", weight: 4, clients: w.web, to: nat(addresses.thirdParty, "-"), port: 443, requestBytes: [500, 10_000], responseBytes: [500, 50_000], established: 0.2 },
    { name: "tasks → AWS APIs", weight: 3, clients: [...w.api, ...w.web, ...w.etl], to: nat(addresses.amazon, "AMAZON"), port: 443, requestBytes: [600, 3000], responseBytes: [500, 6000], established: 0 },
    { name: "api → partner on EC2", weight: 2, clients: w.api, to: nat(addresses.ec2, "EC2"), port: 443, requestBytes: [500, 8000], responseBytes: [1000, 120_000], established: 0.5 },
    { name: "web → Secrets Manager endpoint", weight: 2, clients: w.web, to: vpc(...w.secretsEndpoint), port: 443, requestBytes: [800, 2500], responseBytes: [1200, 4000], established: 0 },
    { name: "postgres replication", weight: 1, clients: [w.dbPrimary], to: vpc(w.dbReplica), port: 5432, requestBytes: [50_000, 20_000_000], responseBytes: [2000, 200_000], established: 1 },
  ];
}
