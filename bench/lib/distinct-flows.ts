/**
 * Dataset (c), the worst case in the default format: every record a distinct conversation. The source
 * address comes from a 32-bit bijection of a running counter, so no two records share an address pair;
 * ports, ENIs and times are drawn as in the realistic dataset.
 */
import { Random } from "../../src/sources/demo/random.js";
import { ACCOUNT, type BenchEni, benchEnis, dotted, ephemeralPort } from "./bench-estate.js";
import type { FlowLines } from "./flow-lines.js";

const PREFIX = `2 ${ACCOUNT} `;

/** A bijection of 32-bit integers (murmur3's finaliser): distinct inputs give distinct outputs. */
function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b) >>> 0;
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

export class DistinctFlows implements FlowLines {
  private readonly random: Random;
  private readonly enisByFlowLog: BenchEni[][];
  private counter: number;

  constructor(seed: number, flowLogs: number) {
    this.random = Random.stream(seed, 12);
    const enis = benchEnis(flowLogs);
    this.enisByFlowLog = Array.from({ length: flowLogs }, (_, g) => enis.filter((eni) => eni.flowLog === g));
    this.counter = this.random.int(0, 2 ** 31);
  }

  lines(flowLog: number, windowStart: number, count: number): string {
    const r = this.random;
    const enis = this.enisByFlowLog[flowLog] ?? [];
    let text = "";
    for (let i = 0; i < count; i++) {
      const eni = r.pick(enis);
      const source = dotted(mix32(this.counter++));
      const end = windowStart + r.int(0, 299);
      const packets = r.logUniform(1, 5000);
      const udp = r.chance(0.1);
      const action = r.chance(0.03) ? "REJECT" : "ACCEPT";
      text += `${PREFIX}${eni.id} ${source} ${eni.address} ${ephemeralPort(r)} ${r.int(1, 65535)} ${udp ? 17 : 6} ${packets} ${packets * r.int(52, 1500)} ${end - r.int(0, 59)} ${end} ${action} OK\n`;
    }
    return text;
  }
}
