/**
 * Dataset (b), realistic cardinality in the default format: a fixed pool of conversations per flow log
 * (internet clients to internet-facing ENIs, clients to internal servers, clients to a few internet APIs),
 * picked with a heavy head so popular pairs repeat all day, each connection from a new ephemeral port and
 * logged both ways; plus internet scanners (REJECT), denied internal connections and NODATA records.
 */
import { Random } from "../../src/sources/demo/random.js";
import { ACCOUNT, type BenchEni, benchEnis, ephemeralPort, internetAddress } from "./bench-estate.js";
import type { FlowLines } from "./flow-lines.js";

interface Conversation {
  readonly eni: string;
  readonly client: string;
  readonly server: string;
  readonly port: number;
  readonly protocol: number;
}

const INTERNET_CLIENTS = 20_000;
const INTERNET_APIS = 400;
const INTERNAL_PORTS = [5432, 6379, 8080, 443, 9092, 11211] as const;
const PREFIX = `2 ${ACCOUNT} `;

export class RealisticFlows implements FlowLines {
  private readonly random: Random;
  private readonly enis: BenchEni[];
  private readonly pools = new Map<number, { conversations: Conversation[]; enis: BenchEni[] }>();
  private readonly clients: string[];
  private readonly apis: string[];

  constructor(seed: number, flowLogs: number) {
    this.random = Random.stream(seed, 11);
    this.enis = benchEnis(flowLogs);
    this.clients = Array.from({ length: INTERNET_CLIENTS }, () => internetAddress(this.random));
    this.apis = Array.from({ length: INTERNET_APIS }, () => internetAddress(this.random));
  }

  lines(flowLog: number, windowStart: number, count: number): string {
    const { conversations, enis } = this.pool(flowLog);
    const r = this.random;
    let text = "";
    let written = 0;
    while (written < count) {
      const end = windowStart + r.int(0, 299);
      const times = `${end - r.int(0, 59)} ${end}`;
      const u = r.float();
      if (u < 0.003) {
        text += `${PREFIX}${r.pick(enis).id} - - - - - - - ${times} - NODATA\n`;
        written += 1;
      } else if (u < 0.023) {
        const eni = r.pick(enis);
        const scanner = internetAddress(r);
        text += `${PREFIX}${eni.id} ${scanner} ${eni.address} ${r.int(1024, 65535)} ${r.int(1, 65535)} 6 1 ${r.int(40, 60)} ${times} REJECT OK\n`;
        written += 1;
      } else {
        const c = r.pickSkewed(conversations);
        const client = c.client === "" ? internetAddress(r) : c.client;
        const port = ephemeralPort(r);
        const packets = r.logUniform(1, 5000);
        const head = `${PREFIX}${c.eni} `;
        if (u < 0.033) {
          text += `${head}${client} ${c.server} ${port} ${c.port} ${c.protocol} ${r.int(1, 3)} ${r.int(40, 180)} ${times} REJECT OK\n`;
          written += 1;
          continue;
        }
        text += `${head}${client} ${c.server} ${port} ${c.port} ${c.protocol} ${packets} ${packets * r.int(52, 400)} ${times} ACCEPT OK\n`;
        written += 1;
        if (written === count) break;
        const back = r.logUniform(1, 5000);
        text += `${head}${c.server} ${client} ${c.port} ${port} ${c.protocol} ${back} ${back * r.int(52, 1500)} ${times} ACCEPT OK\n`;
        written += 1;
      }
    }
    return text;
  }

  /** The flow log's conversations, built on first use from the shared random stream. */
  private pool(flowLog: number): { conversations: Conversation[]; enis: BenchEni[] } {
    const existing = this.pools.get(flowLog);
    if (existing) return existing;
    const r = this.random;
    const enis = this.enis.filter((eni) => eni.flowLog === flowLog);
    const of = (role: BenchEni["role"]) => enis.filter((eni) => eni.role === role);
    const servers = this.enis.filter((eni) => eni.role === "server");
    const clients = this.enis.filter((eni) => eni.role === "client");
    const conversations: Conversation[] = [];
    for (const eni of of("public")) {
      for (let i = 0; i < 400; i++) {
        // One in twenty is a one-off visitor: a new address at each connection.
        const client = r.chance(0.05) ? "" : r.pick(this.clients);
        conversations.push({
          eni: eni.id,
          client,
          server: eni.address,
          port: r.chance(0.9) ? 443 : 80,
          protocol: 6,
        });
      }
    }
    for (const eni of of("client")) {
      for (let i = 0; i < 30; i++) {
        const server = r.pick(servers);
        conversations.push({
          eni: eni.id,
          client: eni.address,
          server: server.address,
          port: r.pick(INTERNAL_PORTS),
          protocol: 6,
        });
      }
      for (let i = 0; i < 8; i++)
        conversations.push({
          eni: eni.id,
          client: eni.address,
          server: r.pick(this.apis),
          port: 443,
          protocol: 6,
        });
      conversations.push({ eni: eni.id, client: eni.address, server: "10.0.0.2", port: 53, protocol: 17 });
    }
    for (const eni of of("server")) {
      for (let i = 0; i < 60; i++) {
        const client = r.pick(clients);
        conversations.push({
          eni: eni.id,
          client: client.address,
          server: eni.address,
          port: r.pick(INTERNAL_PORTS),
          protocol: 6,
        });
      }
    }
    // Shuffled so the heavy head of pickSkewed mixes every kind of conversation.
    for (let i = conversations.length - 1; i > 0; i--) {
      const j = r.int(0, i);
      [conversations[i], conversations[j]] = [
        conversations[j] as Conversation,
        conversations[i] as Conversation,
      ];
    }
    const pool = { conversations, enis };
    this.pools.set(flowLog, pool);
    return pool;
  }
}
