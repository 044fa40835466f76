/**
 * How one conversation becomes flow log records, as AWS logs it on each ENI it crosses:
 * - within the VPC: egress and ingress on both ENIs, traffic-path 1;
 * - through the NAT gateway: egress/ingress on the instance's ENI (real destination), and four records
 *   on the NAT gateway's ENI: instance→NAT (pkt-dstaddr the destination), NAT→destination,
 *   destination→NAT and NAT→instance (pkt-srcaddr the destination), instance-id `-`;
 * - through the S3 gateway endpoint: the instance's ENI only, traffic-path 7;
 * - to and from the internet gateway: the public ENI only (its private address), traffic-path 8.
 * traffic-path is written on egress records only.
 */
import type { AwsService } from "./address-book.js";
import type { Eni, NatGateway } from "./estate-types.js";
import type { FlowRecord, LogStatus } from "./flow-record.js";
import type { FlowShape, Window } from "./flow-shape.js";
import type { Random } from "./random.js";

/** Where the records go. */
export interface RecordSink {
  /** The record object is reused for the next record: read it here, never keep it. */
  write(record: FlowRecord): void;
}

const WITHIN_VPC = 1;
const GATEWAY_ENDPOINT = 7;
const INTERNET_GATEWAY = 8;

/** The addresses, ports and services of one direction of a conversation as one ENI sees it. */
interface Leg {
  readonly srcaddr: string;
  readonly dstaddr: string;
  readonly pktSrcaddr: string;
  readonly pktDstaddr: string;
  readonly srcport: number;
  readonly dstport: number;
  readonly pktSrcService: AwsService;
  readonly pktDstService: AwsService;
}

function leg(
  src: string,
  dst: string,
  srcport: number,
  dstport: number,
  dstService: AwsService = "-",
  pktDst = dst,
): Leg {
  return {
    srcaddr: src,
    dstaddr: dst,
    pktSrcaddr: src,
    pktDstaddr: pktDst,
    srcport,
    dstport,
    pktSrcService: "-",
    pktDstService: dstService,
  };
}

/** The other direction of a leg: the response as the same ENI sees it. */
function mirror(l: Leg): Leg {
  return {
    srcaddr: l.dstaddr,
    dstaddr: l.srcaddr,
    pktSrcaddr: l.pktDstaddr,
    pktDstaddr: l.pktSrcaddr,
    srcport: l.dstport,
    dstport: l.srcport,
    pktSrcService: l.pktDstService,
    pktDstService: l.pktSrcService,
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class FlowPaths {
  /** The one record object, refilled for every record written. */
  private readonly record: Mutable<FlowRecord>;
  private shape: FlowShape | undefined;

  constructor(
    private readonly sink: RecordSink,
    private readonly nat: NatGateway,
    private readonly random: Random,
  ) {
    this.record = {
      ...leg("-", "-", 0, 0),
      eni: nat.eni,
      logStatus: "OK",
      protocol: 0,
      packets: 0,
      bytes: 0,
      start: 0,
      end: 0,
      action: "ACCEPT",
      tcpFlags: 0,
      ipv6: false,
      direction: "ingress",
      trafficPath: 0,
      peer: undefined,
      origin: nat.eni,
    };
  }

  /** Between two ENIs of the VPC. A REJECT at the server drops the response. */
  eastWest(client: Eni, server: Eni, f: FlowShape, serverAction: "ACCEPT" | "REJECT" = "ACCEPT"): number {
    this.begin(client, f, false);
    const request = leg(client.privateIp, server.privateIp, f.srcport, f.dstport);
    this.hop(client, "egress", request, false, WITHIN_VPC, server);
    this.hop(server, "ingress", request, false, 0, client, serverAction);
    if (serverAction === "REJECT" || f.responsePackets === 0) return 2;
    this.hop(server, "egress", mirror(request), true, WITHIN_VPC, client);
    this.hop(client, "ingress", mirror(request), true, 0, server);
    return 4;
  }

  /** From a private ENI through the NAT gateway to an address outside the VPC: six records. */
  viaNat(client: Eni, destination: string, service: AwsService, f: FlowShape): number {
    this.begin(client, f, false);
    const natEni = this.nat.eni;
    const c = client.privateIp;
    const n = natEni.privateIp;
    const onClient = leg(c, destination, f.srcport, f.dstport, service);
    const toNat = leg(c, n, f.srcport, f.dstport, service, destination);
    const fromNat = leg(n, destination, this.random.int(1024, 65_535), f.dstport, service);
    this.hop(client, "egress", onClient, false, WITHIN_VPC, natEni);
    this.hop(natEni, "ingress", toNat, false, 0, client);
    this.hop(natEni, "egress", fromNat, false, INTERNET_GATEWAY, undefined);
    this.hop(natEni, "ingress", mirror(fromNat), true, 0, undefined);
    this.hop(natEni, "egress", mirror(toNat), true, WITHIN_VPC, client);
    this.hop(client, "ingress", mirror(onClient), true, 0, natEni);
    return 6;
  }

  /** From a private ENI to S3 through the gateway endpoint: two records on the ENI, none elsewhere. */
  viaGatewayEndpoint(client: Eni, destination: string, f: FlowShape): number {
    this.begin(client, f, false);
    const request = leg(client.privateIp, destination, f.srcport, f.dstport, "S3");
    this.hop(client, "egress", request, false, GATEWAY_ENDPOINT, undefined);
    this.hop(client, "ingress", mirror(request), true, 0, undefined);
    return 2;
  }

  /** From the internet to a public ENI: to its IPv6 address, or to the private address its public IPv4 maps to. */
  fromInternet(server: Eni, client: string, f: FlowShape, action: "ACCEPT" | "REJECT", ipv6 = false): number {
    this.begin(server, f, ipv6);
    const s = ipv6 ? (server.ipv6 ?? server.privateIp) : server.privateIp;
    const request = leg(client, s, f.srcport, f.dstport);
    this.hop(server, "ingress", request, false, 0, undefined, action);
    if (action === "REJECT" || f.responsePackets === 0) return 1;
    this.hop(server, "egress", mirror(request), true, INTERNET_GATEWAY, undefined);
    return 2;
  }

  /** From a public ENI straight out of the internet gateway. */
  toInternet(client: Eni, destination: string, f: FlowShape, ipv6 = false): number {
    this.begin(client, f, ipv6);
    const c = ipv6 ? (client.ipv6 ?? client.privateIp) : client.privateIp;
    const request = leg(c, destination, f.srcport, f.dstport);
    this.hop(client, "egress", request, false, INTERNET_GATEWAY, undefined);
    this.hop(client, "ingress", mirror(request), true, 0, undefined);
    return 2;
  }

  /** A NODATA or SKIPDATA record: only the ENI's own fields and the window are known. */
  logStatus(eni: Eni, logStatus: Exclude<LogStatus, "OK">, window: Window): number {
    const r = this.record;
    r.eni = eni;
    r.logStatus = logStatus;
    r.start = window.start;
    r.end = window.end;
    r.packets = 0;
    r.bytes = 0;
    r.ipv6 = false;
    r.peer = undefined;
    r.origin = eni;
    this.sink.write(r);
    r.logStatus = "OK";
    return 1;
  }

  private begin(origin: Eni, shape: FlowShape, ipv6: boolean): void {
    this.record.origin = origin;
    this.record.ipv6 = ipv6;
    this.shape = shape;
  }

  private hop(
    eni: Eni,
    direction: "ingress" | "egress",
    l: Leg,
    response: boolean,
    trafficPath: number,
    peer: Eni | undefined,
    action: "ACCEPT" | "REJECT" = "ACCEPT",
  ): void {
    const f = this.shape as FlowShape;
    const r = this.record;
    r.eni = eni;
    r.srcaddr = l.srcaddr;
    r.dstaddr = l.dstaddr;
    r.srcport = l.srcport;
    r.dstport = l.dstport;
    r.protocol = f.protocol;
    r.packets = response ? f.responsePackets : f.requestPackets;
    r.bytes = response ? f.responseBytes : f.requestBytes;
    r.start = f.start;
    r.end = f.end;
    r.action = action;
    r.tcpFlags = response ? f.responseFlags : f.requestFlags;
    r.pktSrcaddr = l.pktSrcaddr;
    r.pktDstaddr = l.pktDstaddr;
    r.direction = direction;
    r.trafficPath = trafficPath;
    r.pktSrcService = l.pktSrcService;
    r.pktDstService = l.pktDstService;
    r.peer = peer;
    this.sink.write(r);
  }
}
