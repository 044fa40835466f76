/**
 * The everyday traffic of the demo estate: the TCP conversations of everyday-conversations.ts plus
 * load balancer clients, ICMP and UDP, SSH/RDP probes, a security group that rejects a client, an
 * administrator's sessions, IPv6, SFTP uploads and NODATA/SKIPDATA records, drawn by weight. Each call
 * writes one conversation ending in a given minute and says how many records it took.
 */
import type { AddressBook } from "./address-book.js";
import type { Eni, Estate } from "./estate-types.js";
import { everydayConversations, type TcpConversation } from "./everyday-conversations.js";
import type { FlowPaths } from "./flow-paths.js";
import { icmpEcho, synOnly, tcpFlow, udpFlow, type Window, windowIn } from "./flow-shape.js";
import type { Random } from "./random.js";

interface ConversationKind {
  readonly weight: number;
  readonly write: (window: Window) => number;
}

export class TrafficMix {
  private readonly kinds: readonly ConversationKind[];
  private readonly cumulative: readonly number[];
  private readonly totalWeight: number;

  constructor(
    private readonly estate: Estate,
    private readonly addresses: AddressBook,
    private readonly paths: FlowPaths,
    private readonly random: Random,
  ) {
    this.kinds = [
      ...everydayConversations(estate, addresses).map((c) => ({
        weight: c.weight,
        write: (t: Window) => this.tcp(c, t),
      })),
      ...this.otherKinds(),
    ];
    let sum = 0;
    this.cumulative = this.kinds.map((kind) => {
      sum += kind.weight;
      return sum;
    });
    this.totalWeight = sum;
  }

  /** Writes one conversation ending in the minute that starts at minuteStart; returns its record count. */
  next(minuteStart: number): number {
    const u = this.random.float() * this.totalWeight;
    let i = 0;
    while (i < this.cumulative.length - 1 && (this.cumulative[i] ?? 0) <= u) i++;
    return (this.kinds[i] as ConversationKind).write(windowIn(this.random, minuteStart));
  }

  private tcp(c: TcpConversation, window: Window): number {
    const r = this.random;
    const shape = tcpFlow(r, window, {
      dstport: c.port,
      requestBytes: r.logUniform(c.requestBytes[0], c.requestBytes[1]),
      responseBytes: r.logUniform(c.responseBytes[0], c.responseBytes[1]),
      established: r.chance(c.established),
    });
    const client = r.pick(c.clients);
    const to = c.to;
    if (to.route === "vpc") return this.paths.eastWest(client, r.pick(to.enis), shape);
    if (to.route === "nat") return this.paths.viaNat(client, r.pick(to.addresses), to.service, shape);
    return this.paths.viaGatewayEndpoint(client, r.pick(to.addresses), shape);
  }

  private otherKinds(): ConversationKind[] {
    const w = this.estate.workloads;
    const a = this.addresses;
    const r = this.random;
    const p = this.paths;
    const quiet = this.estate.enis.filter(
      (eni) => eni.kind !== "nat_gateway" && eni.kind !== "load_balancer",
    );
    const senders = [...w.api, ...w.web, ...w.etl];
    const pinged = [...w.api, w.dbPrimary, w.cache, ...w.web];
    const sized = (t: Window, port: number, request: number, response: number, established = false) =>
      tcpFlow(r, t, { dstport: port, requestBytes: request, responseBytes: response, established });
    return [
      { weight: 30, write: (t) => this.clientToLoadBalancer(t) },
      { weight: 2, write: (t) => p.eastWest(w.monitoring, r.pick(pinged), icmpEcho(r, t)) },
      {
        weight: 3,
        write: (t) => p.eastWest(r.pick(senders), w.monitoring, udpFlow(r, t, 8125, r.int(5, 200))),
      },
      { weight: 2, write: (t) => this.sshRdpProbe(t) },
      {
        weight: 0.5,
        write: (t) =>
          p.eastWest(w.reporting, w.dbPrimary, synOnly(r, t, r.int(32_768, 60_999), 5432), "REJECT"),
      },
      { weight: 0.3, write: (t) => this.adminSession(t) },
      {
        weight: 0.5,
        write: (t) =>
          p.toInternet(
            w.bastion,
            a.ipv6Mirror,
            sized(t, 443, r.logUniform(400, 2000), r.logUniform(5000, 3_000_000)),
            true,
          ),
      },
      {
        weight: 1,
        write: (t) =>
          p.fromInternet(
            w.sftp,
            r.pickSkewed(a.clientsV4),
            sized(t, 22, r.logUniform(10_000, 20_000_000), r.logUniform(2000, 60_000)),
            "ACCEPT",
          ),
      },
      { weight: 0.8, write: (t) => p.logStatus(r.pick(quiet), "NODATA", t) },
      { weight: 0.05, write: (t) => p.logStatus(r.pick(quiet), "SKIPDATA", t) },
    ];
  }

  /** An internet client (IPv6 for some) to the load balancer on 443, then the load balancer to a web task. */
  private clientToLoadBalancer(window: Window): number {
    const r = this.random;
    const w = this.estate.workloads;
    const ipv6 = r.chance(0.15);
    const client = ipv6 ? r.pickSkewed(this.addresses.clientsV6) : r.pickSkewed(this.addresses.clientsV4);
    const front = tcpFlow(r, window, {
      dstport: 443,
      requestBytes: r.logUniform(400, 6000),
      responseBytes: r.logUniform(1500, 400_000),
      established: r.chance(0.3),
    });
    const back = tcpFlow(r, window, {
      dstport: 8080,
      requestBytes: front.requestBytes + 250,
      responseBytes: front.responseBytes + 180,
      established: true,
    });
    const lb: Eni = r.pick(w.loadBalancer);
    return (
      this.paths.fromInternet(lb, client, front, "ACCEPT", ipv6) +
      this.paths.eastWest(lb, r.pick(w.web), back)
    );
  }

  /** SSH or RDP attempts from the internet: rejected by the security groups. */
  private sshRdpProbe(window: Window): number {
    const r = this.random;
    const w = this.estate.workloads;
    const onBastion = r.chance(0.7);
    const port = onBastion && r.chance(0.75) ? 22 : 3389;
    const shape = synOnly(r, window, r.int(1024, 65_535), port);
    return this.paths.fromInternet(
      onBastion ? w.bastion : w.sftp,
      r.pickSkewed(this.addresses.probers),
      shape,
      "REJECT",
    );
  }

  /** An administrator on the office address: SSH to the bastion, then on to an API instance. */
  private adminSession(window: Window): number {
    const r = this.random;
    const w = this.estate.workloads;
    const established = r.chance(0.8);
    const front = tcpFlow(r, window, {
      dstport: 22,
      requestBytes: r.logUniform(2000, 40_000),
      responseBytes: r.logUniform(3000, 200_000),
      established,
    });
    const hop = tcpFlow(r, window, {
      dstport: 22,
      requestBytes: front.requestBytes - 300,
      responseBytes: front.responseBytes - 300,
      established,
    });
    return (
      this.paths.fromInternet(w.bastion, this.addresses.office, front, "ACCEPT") +
      this.paths.eastWest(w.bastion, r.pick(w.api), hop)
    );
  }
}
