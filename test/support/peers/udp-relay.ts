/**
 * A small UDP relay on loopback that plays a bad network between xtapi and a peer: seeded, so a
 * run can be repeated, it loses, duplicates and reorders datagrams in both directions, can go
 * silent (a peer that vanished mid-call), and can be pointed at another port (a peer that
 * restarted there). The client (xtapi) sends to `relay.port`; the relay talks to the peer from a
 * socket of its own, so the peer answers the relay, and the relay answers the client.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

/** How bad the network is: each a probability per datagram, 0 to 1. */
export interface Impairment {
  loss?: number;
  duplicate?: number;
  /** Held back and sent after the next datagram in the same direction (or after 20 ms). */
  reorder?: number;
}

/** Options of {@link startRelay}. */
export interface RelayOptions extends Impairment {
  /** The peer's port on 127.0.0.1. */
  target: number;
  /** The seed of the relay's choices. */
  seed: number;
}

/** What the relay did, per kind. */
export interface RelayCounts {
  forwarded: number;
  lost: number;
  duplicated: number;
  reordered: number;
  /** Dropped while silent. */
  swallowed: number;
}

/** A running relay. */
export interface Relay {
  readonly port: number;
  readonly counts: RelayCounts;
  /** Drop everything from now on (true), or carry again (false). */
  silence(on: boolean): void;
  /** Lose the next `count` datagrams from the client, whatever the impairment (counted as lost). */
  swallow(count: number): void;
  /** Lose the next `count` datagrams from the peer, whatever the impairment (counted as lost). */
  swallowReplies(count: number): void;
  /** Send what comes from the client to another port from now on (a restarted peer). */
  retarget(port: number): void;
  /** Change the impairment from now on. */
  impair(impairment: Impairment): void;
  close(): Promise<void>;
}

/** mulberry32: a small seeded generator, [0, 1). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bind(): Promise<Socket> {
  const socket = createSocket('udp4');
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket)));
}

/** Start a relay to `target`; resolves once both its sockets are bound. */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  const random = seeded(options.seed);
  let impairment: Impairment = { loss: options.loss, duplicate: options.duplicate, reorder: options.reorder };
  let target = options.target;
  let silent = false;
  let toSwallow = 0;
  let repliesToSwallow = 0;
  let client: RemoteInfo | null = null;
  const counts: RelayCounts = { forwarded: 0, lost: 0, duplicated: 0, reordered: 0, swallowed: 0 };
  const front = await bind(); // faces the client
  const back = await bind(); // faces the peer
  const held = new Map<Socket, { data: Buffer; send: () => void; timer: NodeJS.Timeout }>();

  /** Pass one datagram on through `out`, impaired; what was held back in that direction follows it. */
  const pass = (out: Socket, data: Buffer, port: number) => {
    if (silent) return void counts.swallowed++;
    // The choices are drawn in the same order for every datagram, so a run repeats.
    const [lose, twice, late] = [random(), random(), random()];
    if (lose < (impairment.loss ?? 0)) return void counts.lost++;
    const send = () => {
      counts.forwarded++;
      out.send(data, port, '127.0.0.1');
    };
    const before = held.get(out);
    if (late < (impairment.reorder ?? 0) && !before) {
      counts.reordered++;
      held.set(out, { data, send, timer: setTimeout(() => (held.delete(out), send()), 20) });
      return;
    }
    send();
    if (twice < (impairment.duplicate ?? 0)) {
      counts.duplicated++;
      send();
    }
    if (before) {
      clearTimeout(before.timer);
      held.delete(out);
      before.send();
    }
  };
  front.on('message', (data, from) => {
    client = from;
    if (toSwallow > 0) {
      toSwallow--;
      counts.lost++;
      return;
    }
    pass(back, data, target);
  });
  back.on('message', (data) => {
    if (repliesToSwallow > 0) {
      repliesToSwallow--;
      counts.lost++;
      return;
    }
    if (client) pass(front, data, client.port);
  });
  front.on('error', () => {});
  back.on('error', () => {});
  return {
    port: front.address().port,
    counts,
    silence: (on) => void (silent = on),
    swallow: (count) => void (toSwallow = count),
    swallowReplies: (count) => void (repliesToSwallow = count),
    retarget: (port) => void (target = port),
    impair: (next) => void (impairment = next),
    async close() {
      for (const { timer } of held.values()) clearTimeout(timer);
      held.clear();
      await Promise.all([front, back].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
