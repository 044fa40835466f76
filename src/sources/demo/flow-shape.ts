/**
 * The shape of one conversation within one aggregation window: when it ran (start and end within 60 s,
 * never crossing midnight unless asked to), its ports and protocol, and the packets, bytes and TCP flags of
 * each direction.
 */
import type { Random } from "./random.js";

export interface FlowShape {
  readonly start: number;
  readonly end: number;
  readonly protocol: number;
  readonly srcport: number;
  readonly dstport: number;
  readonly requestPackets: number;
  readonly requestBytes: number;
  /** 0 when the conversation has no response (one-way UDP, dropped connections). */
  readonly responsePackets: number;
  readonly responseBytes: number;
  readonly requestFlags: number;
  readonly responseFlags: number;
}

export interface Window {
  readonly start: number;
  readonly end: number;
}

const DAY = 86_400;
const SYN = 2;
const ACK = 16;
const PSH = 8;
const FIN = 1;
/** A whole short connection seen in one window: SYN, data, FIN. */
const SHORT_CONNECTION = SYN | ACK | PSH | FIN;
/** Data on a connection opened in an earlier window. */
const ESTABLISHED = ACK | PSH;

/** A record window ending in the minute that starts at minuteStart and starting on the same UTC day. */
export function windowIn(random: Random, minuteStart: number): Window {
  const end = minuteStart + random.int(0, 59);
  const earliest = Math.max(end - 59, end - (end % DAY));
  return { start: random.int(earliest, end), end };
}

/** A Linux ephemeral port. */
export function ephemeralPort(random: Random): number {
  return random.int(32_768, 60_999);
}

function packetsFor(random: Random, bytes: number, minimum: number): number {
  return Math.max(minimum, Math.ceil(bytes / random.int(900, 1448)));
}

export interface TcpOptions {
  readonly dstport: number;
  readonly requestBytes: number;
  readonly responseBytes: number;
  /** A pooled connection opened earlier: no SYN or FIN in this window. @default false */
  readonly established?: boolean;
  readonly srcport?: number;
}

/** A TCP conversation; packets follow the bytes (about 1 kB a packet), at least 40 bytes a packet. */
export function tcpFlow(random: Random, window: Window, options: TcpOptions): FlowShape {
  const minimum = options.established ? 1 : 3;
  const requestPackets = packetsFor(random, options.requestBytes, minimum);
  const responsePackets = options.responseBytes > 0 ? packetsFor(random, options.responseBytes, minimum) : 0;
  const flags = options.established ? ESTABLISHED : SHORT_CONNECTION;
  return {
    start: window.start,
    end: window.end,
    protocol: 6,
    srcport: options.srcport ?? ephemeralPort(random),
    dstport: options.dstport,
    requestPackets,
    requestBytes: Math.max(options.requestBytes, requestPackets * 40),
    responsePackets,
    responseBytes: responsePackets === 0 ? 0 : Math.max(options.responseBytes, responsePackets * 40),
    requestFlags: flags,
    responseFlags: flags,
  };
}

/** A connection attempt that gets no answer: one to three SYNs. */
export function synOnly(random: Random, window: Window, srcport: number, dstport: number): FlowShape {
  const packets = random.int(1, 3);
  return {
    start: window.start,
    end: window.end,
    protocol: 6,
    srcport,
    dstport,
    requestPackets: packets,
    requestBytes: packets * random.pick([40, 44, 60]),
    responsePackets: 0,
    responseBytes: 0,
    requestFlags: SYN,
    responseFlags: 0,
  };
}

/** One-way UDP datagrams (metrics). */
export function udpFlow(random: Random, window: Window, dstport: number, packets: number): FlowShape {
  return {
    start: window.start,
    end: window.end,
    protocol: 17,
    srcport: ephemeralPort(random),
    dstport,
    requestPackets: packets,
    requestBytes: packets * random.int(90, 400),
    responsePackets: 0,
    responseBytes: 0,
    requestFlags: 0,
    responseFlags: 0,
  };
}

/** ICMP echo request and reply: protocol 1, ports 0, 84-byte packets. */
export function icmpEcho(random: Random, window: Window): FlowShape {
  const packets = random.int(1, 5);
  return {
    start: window.start,
    end: window.end,
    protocol: 1,
    srcport: 0,
    dstport: 0,
    requestPackets: packets,
    requestBytes: packets * 84,
    responsePackets: packets,
    responseBytes: packets * 84,
    requestFlags: 0,
    responseFlags: 0,
  };
}
