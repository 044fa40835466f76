/**
 * Writes records as text lines of DEMO_LOG_FORMAT, `-` where a field does not apply. Built for speed:
 * each ENI's constant fields are joined once, and the text of recent timestamps is cached.
 */
import type { Eni } from "./estate-types.js";
import type { FlowRecord } from "./flow-record.js";

interface EniText {
  /** `5 {account-id} {interface-id} ` */
  readonly head: string;
  /** `{vpc-id} {subnet-id} {instance-id} ` */
  readonly resource: string;
  /** `{region} {az-id} ` */
  readonly place: string;
}

const TIME_CACHE = 4096;

export class RecordFormatter {
  private readonly enis = new Map<Eni, EniText>();
  private timeBase = 0;
  private times: (string | undefined)[] = [];

  constructor(
    private readonly vpcId: string,
    private readonly region: string,
  ) {}

  /** The record as one line, newline included. */
  line(r: FlowRecord): string {
    const t = this.enis.get(r.eni) ?? this.eniText(r.eni);
    const start = this.time(r.start);
    const end = this.time(r.end);
    if (r.logStatus !== "OK") {
      return `${t.head}- - - - - - - ${start} ${end} - ${r.logStatus} ${t.resource}- - - - ${t.place}- - - -\n`;
    }
    const path = r.trafficPath === 0 ? "-" : r.trafficPath;
    const type = r.ipv6 ? "IPv6" : "IPv4";
    return `${t.head}${r.srcaddr} ${r.dstaddr} ${r.srcport} ${r.dstport} ${r.protocol} ${r.packets} ${r.bytes} ${start} ${end} ${r.action} OK ${t.resource}${r.tcpFlags} ${type} ${r.pktSrcaddr} ${r.pktDstaddr} ${t.place}${r.direction} ${path} ${r.pktSrcService} ${r.pktDstService}\n`;
  }

  private eniText(eni: Eni): EniText {
    const text = {
      head: `5 ${eni.account} ${eni.id} `,
      resource: `${this.vpcId} ${eni.subnet.id} ${eni.instanceId} `,
      place: `${this.region} ${eni.subnet.azId} `,
    };
    this.enis.set(eni, text);
    return text;
  }

  /** Unix seconds as text; records come in time order give or take two minutes, so a window of recent times is kept. */
  private time(seconds: number): string {
    let i = seconds - this.timeBase;
    if (i < 0 || i >= TIME_CACHE) {
      this.timeBase = seconds - TIME_CACHE / 2;
      this.times = new Array(TIME_CACHE);
      i = seconds - this.timeBase;
    }
    let text = this.times[i];
    if (text === undefined) {
      text = String(seconds);
      this.times[i] = text;
    }
    return text;
  }
}
