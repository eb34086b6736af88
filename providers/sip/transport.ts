/**
 * The UDP transport (RFC 3261 §18): one `node:dgram` socket that sends datagrams and hands every
 * datagram it receives to the endpoint, which parses it. It retransmits nothing (that is the
 * transaction layer's job, §17) and never throws at its users: a send that fails is reported to
 * the sender's callback, and sending on a closed socket does nothing.
 */
import { createSocket, type Socket } from 'node:dgram';
import { lookup, type LookupOneOptions } from 'node:dns';
import { isIP, isIPv6 } from 'node:net';

/** Where a datagram goes: host and port. */
export interface Destination {
  host: string;
  port: number;
}

/** What the transaction layer needs of a transport. */
export interface Transport {
  /** The local address and port, as written in Via and Contact. */
  readonly local: Readonly<Destination>;
  /** Send one datagram; `onError` hears about a failure (no route, a name that does not resolve). */
  send(data: string | Uint8Array, to: Destination, onError?: (error: Error) => void): void;
}

/**
 * dgram resolves every destination, even an IP address, through `dns.lookup`, which answers an
 * address a tick later. This answers addresses at once and asks `dns.lookup` for names only.
 */
export function literalFirst(host: string, options: LookupOneOptions | number, callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void): void {
  const family = isIP(host);
  if (family !== 0) return callback(null, host, family);
  lookup(host, typeof options === 'number' ? { family: options } : options, callback);
}

/** Options of {@link UdpTransport.open}. */
export interface UdpTransportOptions {
  /** Local address to bind (an IPv6 address binds a udp6 socket). */
  address: string;
  /** Local port; 0 picks a free one. */
  port: number;
  /**
   * Socket receive buffer in bytes. A busy UAC receives bursts that the default buffer drops
   * (measured with SIPp: `docs/reference/sip-peers.md`, "UDP receive buffers"); the kernel caps it at `net.core.rmem_max`.
   */
  recvBufferSize?: number;
  /** Every datagram received, with its source. */
  onDatagram(data: Buffer, from: Destination): void;
}

/** A bound UDP socket. Create it with {@link UdpTransport.open}. */
export class UdpTransport implements Transport {
  private closed = false;
  /** Datagrams sent and send failures, for the provider's statistics. */
  readonly counts = { sent: 0, received: 0, sendErrors: 0 };

  private constructor(
    private readonly socket: Socket,
    readonly local: Readonly<Destination>,
  ) {}

  /**
   * Bind a socket; rejects when the address cannot be bound (in use, not local).
   *
   * @example
   * ```ts
   * const transport = await UdpTransport.open({ address: '127.0.0.1', port: 0, onDatagram: (data, from) => {} });
   * transport.local.port; // the port the system picked
   * await transport.close();
   * ```
   */
  static open(options: UdpTransportOptions): Promise<UdpTransport> {
    const socket = createSocket({ type: isIPv6(options.address) ? 'udp6' : 'udp4', reuseAddr: false, lookup: literalFirst });
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => {
        socket.close();
        reject(error);
      };
      socket.once('error', failed);
      socket.bind(options.port, options.address, () => {
        socket.off('error', failed);
        if (options.recvBufferSize) {
          try {
            socket.setRecvBufferSize(options.recvBufferSize);
          } catch {
            // The kernel refused the size; the default buffer still works, only smaller.
          }
        }
        const address = socket.address();
        const transport = new UdpTransport(socket, Object.freeze({ host: address.address, port: address.port }));
        socket.on('message', (data, rinfo) => {
          transport.counts.received++;
          options.onDatagram(data, { host: rinfo.address, port: rinfo.port });
        });
        // An error after bind (e.g. ICMP on some systems) must not crash the process.
        socket.on('error', () => {
          transport.counts.sendErrors++;
        });
        resolve(transport);
      });
    });
  }

  send(data: string | Uint8Array, to: Destination, onError?: (error: Error) => void): void {
    if (this.closed) return;
    this.counts.sent++;
    const failed = (error: Error | null) => {
      if (!error) return;
      this.counts.sendErrors++;
      onError?.(error);
    };
    try {
      // An IP address needs no lookup, and a send to one fails only when the host has no route
      // at all (then the socket's 'error' counts it and the transaction times out): the
      // per-datagram callback is kept for names, whose lookup can fail.
      if (isIP(to.host)) this.socket.send(data, to.port, to.host);
      else this.socket.send(data, to.port, to.host, failed);
    } catch (error) {
      // dgram throws at once for a bad port or a closed socket; report it like a late failure.
      failed(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Whether the socket is still open. */
  get open(): boolean {
    return !this.closed;
  }

  /** Close the socket; resolves once it is closed. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
