/**
 * The UDP ports a call's media takes: an even port for RTP and the next odd one for RTCP (RFC 3550
 * §11), or the RTP port alone when RTCP is multiplexed on it (RFC 5761 §4), from a configured range
 * (16384-32767 unless told, the range most phones and PBXs use, so firewalls already open it).
 *
 * The ports are real sockets, bound here: a port is known free only once the kernel has given it,
 * so the allocator binds and skips a port another program holds (EADDRINUSE) instead of asking
 * first. It tries a bounded number of pairs, then fails with a {@link PortRangeExhaustedError}
 * (RESOURCEUNAVAIL, as a SIP transport that cannot bind). Closing an allocation releases its
 * ports to the range.
 */
import { createSocket, type Socket } from 'node:dgram';
import { literalFirst } from '../transport.js';
import { isIPv6 } from 'node:net';
import { ProviderError } from '../../provider.js';

/** The default range: the one most SIP phones and PBXs use for RTP. */
export const DEFAULT_RTP_PORTS = { min: 16384, max: 32767 } as const;

/** Options of a {@link PortRange}. */
export interface PortRangeOptions {
  /** The local address every socket binds to (an IPv6 address binds udp6 sockets). */
  address: string;
  /** The lowest port (default 16384); rounded up to even, RTP's parity (RFC 3550 §11). */
  min?: number;
  /** The highest port (default 32767). */
  max?: number;
  /** How many pairs one allocation tries before it gives up (default 64, and never more than the range holds). */
  maxAttempts?: number;
}

/** The sockets of one allocation. */
export interface RtpPorts {
  /** The local address bound. */
  readonly address: string;
  /** The even RTP port. */
  readonly rtpPort: number;
  /** The RTCP port: `rtpPort + 1`, or `rtpPort` itself when multiplexed (RFC 5761). */
  readonly rtcpPort: number;
  /** The RTP socket, bound. */
  readonly rtp: Socket;
  /** The RTCP socket, bound; null when RTCP is multiplexed on the RTP socket. */
  readonly rtcp: Socket | null;
  /** Close the sockets and give the ports back to the range. Idempotent; resolves once closed. */
  close(): Promise<void>;
}

/** No pair of ports could be bound in the range within the attempts allowed. */
export class PortRangeExhaustedError extends ProviderError {
  constructor(
    readonly min: number,
    readonly max: number,
    readonly attempts: number,
  ) {
    super('RESOURCEUNAVAIL', `no free RTP port in ${min}-${max} after ${attempts} attempts`);
    this.name = 'PortRangeExhaustedError';
  }
}

/**
 * A range of local UDP ports, handed out in pairs.
 *
 * @example
 * ```ts
 * const range = new PortRange({ address: '127.0.0.1', min: 40000, max: 40099 });
 * const ports = await range.allocate({ rtcpMux: false });
 * ports.rtpPort; // 40000
 * ports.rtcpPort; // 40001
 * await ports.close();
 * ```
 */
export class PortRange {
  readonly address: string;
  readonly min: number;
  readonly max: number;
  private readonly maxAttempts: number;
  /** The RTP ports this range has handed out and not had back. */
  private readonly taken = new Set<number>();
  /** Where the next allocation starts: round the range, so a port just released is not reused at once (late packets of the last call). */
  private next: number;

  constructor(options: PortRangeOptions) {
    this.address = options.address;
    this.min = evenAtLeast(options.min ?? DEFAULT_RTP_PORTS.min);
    this.max = Math.min(options.max ?? DEFAULT_RTP_PORTS.max, 65535);
    if (!(this.min >= 2 && this.min < this.max)) throw new RangeError(`invalid RTP port range ${options.min}-${options.max}`);
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 64);
    this.next = this.min;
  }

  /** How many ports are handed out now. */
  get inUse(): number {
    return this.taken.size;
  }

  /**
   * Bind an even RTP port and, unless `rtcpMux`, the odd port above it for RTCP. Ports that are
   * taken (by this range or by anyone) are skipped; another bind error (an address that is not
   * ours) rejects at once with that error.
   */
  async allocate(options: { rtcpMux: boolean }): Promise<RtpPorts> {
    // The last even port whose pair fits: with RTCP, port + 1 must be in the range too.
    const last = options.rtcpMux ? this.max - (this.max % 2) : this.max - 1 - ((this.max - 1) % 2);
    const pairs = last >= this.min ? (last - this.min) / 2 + 1 : 0;
    const attempts = Math.min(this.maxAttempts, pairs);
    for (let i = 0; i < attempts; i++) {
      const port = this.next;
      this.next = port + 2 > last ? this.min : port + 2;
      if (this.taken.has(port)) continue;
      const ports = await this.bindPair(port, options.rtcpMux);
      if (ports) return ports;
    }
    throw new PortRangeExhaustedError(this.min, this.max, attempts);
  }

  /** The pair at `port`, or null when either port is in use. */
  private async bindPair(port: number, rtcpMux: boolean): Promise<RtpPorts | null> {
    const rtp = await bindOne(this.address, port);
    if (!rtp) return null;
    let rtcp: Socket | null = null;
    if (!rtcpMux) {
      rtcp = await bindOne(this.address, port + 1).catch(async (error: unknown) => {
        await closeSocket(rtp);
        throw error;
      });
      if (!rtcp) {
        await closeSocket(rtp);
        return null;
      }
    }
    this.taken.add(port);
    let closing: Promise<void> | null = null;
    const close = (): Promise<void> => {
      closing ??= Promise.all([closeSocket(rtp), rtcp ? closeSocket(rtcp) : undefined]).then(() => {
        this.taken.delete(port);
      });
      return closing;
    };
    return { address: this.address, rtpPort: port, rtcpPort: rtcpMux ? port : port + 1, rtp, rtcp, close };
  }
}

/** The smallest even number at least `n`. */
function evenAtLeast(n: number): number {
  return n % 2 === 0 ? n : n + 1;
}

/** A socket bound to `address:port`, or null when the port is in use; other errors reject. */
function bindOne(address: string, port: number): Promise<Socket | null> {
  return new Promise((resolve, reject) => {
    // IP addresses answered at once, not a tick later (`literalFirst`): fifty packets a second per call.
    const socket = createSocket({ type: isIPv6(address) ? 'udp6' : 'udp4', lookup: literalFirst });
    const onError = (error: NodeJS.ErrnoException) => {
      socket.close();
      if (error.code === 'EADDRINUSE') resolve(null);
      else reject(error);
    };
    socket.once('error', onError);
    // exclusive: in a cluster worker, a port must not be shared with the other workers' sockets.
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/** Close a socket, resolving once it is closed (or at once if it already was). */
function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      // ERR_SOCKET_DGRAM_NOT_RUNNING: closed already.
      resolve();
    }
  });
}
