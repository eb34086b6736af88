/**
 * Line devices shared between line handles. TAPI lets several applications (and one application
 * several times) open the same device, each getting its own hLine with its own callback instance
 * and privileges; the core opens a device once (a second `openLine` is LINEERR_ALLOCATED). So
 * every hLine of a device shares the one core line: the first lineOpen opens it, the last
 * lineClose closes it, and in between each hLine sees and drops only the calls it made
 * (lineClose: "if the application was the sole owner of these calls, the calls are dropped").
 * A device the modern API opened on the same telephony is shared too, and left open.
 *
 * lineOpen is synchronous in TAPI, while a provider may take time to open a line (a SIP provider
 * registers). So lineOpen returns at once, and what needs the open line waits for it, in the
 * order it was asked (`whenOpen`); if the provider refuses the line, its handles get LINE_CLOSE.
 */
import type { LineErrorName } from '../../providers/provider.js';
import type { Call } from '../phone/call.js';
import type { Line } from '../phone/line.js';
import type { Telephony } from '../phone/telephony.js';
import { XtapiError } from '../phone/errors.js';
import { LINEDEVSTATE_INSERVICE, LINEDEVSTATE_OUTOFSERVICE } from './constants/line.js';
import type { LineEntry } from './handles.js';
import { postLineDevState } from './status-messages.js';

interface Waiting {
  run(line: Line): void;
  fail(error: LineErrorName): void;
}

/** One device as the open handles share it. */
export class DeviceShare {
  /** The core line, once open. */
  line: Line | null = null;
  /** Why the core line could not be opened. */
  error: LineErrorName | null = null;
  /** The handles open on the device. */
  readonly users = new Set<LineEntry>();
  /** Stop following the core line's service changes. */
  unwatch: () => void = () => {};
  private readonly waiting: Waiting[] = [];

  constructor(
    readonly deviceId: number,
    /** Whether this face opened the core line (and so closes it). */
    readonly owned: boolean,
    /** Resolves with the core line once it is open. */
    readonly open: Promise<Line>,
  ) {}

  /** Run `run` with the open line: now if it is open and nothing waits before, else once it opens. */
  whenOpen(run: (line: Line) => void, fail: (error: LineErrorName) => void): void {
    if (this.error) return fail(this.error);
    if (this.line && this.waiting.length === 0) return run(this.line);
    this.waiting.push({ run, fail });
  }

  /** The provider opened the line: run what waited, in order. */
  opened(line: Line): void {
    this.line = line;
    for (const waiting of this.waiting.splice(0)) waiting.run(line);
  }

  /** No handle uses the device any more: what waited for it is cancelled with `error`. */
  abandon(error: LineErrorName): void {
    for (const waiting of this.waiting.splice(0)) waiting.fail(error);
  }

  /** The line could not be opened: everything that waited fails. */
  failed(error: LineErrorName): void {
    this.error = error;
    for (const waiting of this.waiting.splice(0)) waiting.fail(error);
  }
}

/** What the device table needs from its TAPI instance. */
export interface DeviceHost {
  readonly telephony: Telephony;
  /** A line handle lost its line (the provider refused it): tell the application. */
  forceClose(entry: LineEntry): void;
  /** Keep track of work that goes on after a function has returned (closing a line). */
  track(work: Promise<unknown>): void;
  /** A call arrived on a device: hand it to the handles open on it. */
  offered(share: DeviceShare, call: Call): void;
}

/** The devices opened through this face. */
export class Devices {
  private readonly shares = new Map<number, DeviceShare>();
  /** Core lines being released, by device: a new open waits for the release. */
  private readonly releasing = new Map<number, Promise<void>>();

  constructor(private readonly host: DeviceHost) {}

  /** The share of an open handle's device. */
  of(entry: LineEntry): DeviceShare | undefined {
    const share = this.shares.get(entry.deviceId);
    return share?.users.has(entry) ? share : undefined;
  }

  /** lineOpen: share the device's core line, opening it if this is the first handle. */
  attach(entry: LineEntry): DeviceShare {
    const existing = this.shares.get(entry.deviceId);
    if (existing) {
      existing.users.add(entry);
      return existing;
    }
    const { telephony } = this.host;
    // A line of ours still being released is not a line to share: wait, then open it again.
    const shared = this.releasing.has(entry.deviceId) ? undefined : telephony.line(entry.deviceId);
    const previous = this.releasing.get(entry.deviceId) ?? Promise.resolve();
    const open = shared ? Promise.resolve(shared) : previous.then(() => telephony.openLine(entry.deviceId, { autoClear: false }));
    const share = new DeviceShare(entry.deviceId, !shared, open);
    share.users.add(entry);
    this.shares.set(entry.deviceId, share);
    open.then(
      (line) => {
        // A line that ends while handles use it was closed under them (the telephony was shut
        // down, or the modern API closed a line it shares): LINE_CLOSE, as a provider that
        // reclaims a line does (lineClose remarks).
        line.actor.subscribe({ complete: () => this.lost(share, 'INVALLINESTATE') });
        if (this.shares.get(share.deviceId) !== share) return;
        // Out of service and back: LINE_LINEDEVSTATE to the handles that asked for it. A call
        // that arrives: to the handles that take it (LINE_APPNEWCALL).
        const offService = line.on('service', ({ inService }) =>
          postLineDevState(share.users, inService ? LINEDEVSTATE_INSERVICE : LINEDEVSTATE_OUTOFSERVICE),
        );
        const offIncoming = line.on('incoming', (call) => this.host.offered(share, call));
        share.unwatch = () => {
          offService();
          offIncoming();
        };
        share.opened(line);
      },
      (error: unknown) => {
        const code = error instanceof XtapiError && error.code !== 'SHUTDOWN' && error.code !== 'CALL_ENDED' ? error.code : 'OPERATIONFAILED';
        this.lost(share, code);
      },
    );
    return share;
  }

  /** lineClose: the handle leaves the device; the last one out releases the core line. */
  detach(entry: LineEntry): void {
    const share = this.shares.get(entry.deviceId);
    if (!share || !share.users.delete(entry) || share.users.size > 0) return;
    this.shares.delete(entry.deviceId);
    share.unwatch();
    // A make still waiting for the line: its handle was closed, so it is cancelled (and replied to).
    share.abandon('USERCANCELLED');
    if (!share.owned || share.error) return;
    // Opened or still opening: close it once it is open, and let a new open wait for that.
    const released: Promise<void> = share.open.then(
      (line) => line.close(),
      () => undefined,
    );
    const done = released.finally(() => {
      if (this.releasing.get(share.deviceId) === done) this.releasing.delete(share.deviceId);
    });
    this.releasing.set(share.deviceId, done);
    this.host.track(done);
  }

  /** The core line is gone or never came: fail what waits and close every handle on it. */
  private lost(share: DeviceShare, error: LineErrorName): void {
    if (this.shares.get(share.deviceId) !== share) return;
    this.shares.delete(share.deviceId);
    share.unwatch();
    share.failed(error);
    for (const user of [...share.users]) this.host.forceClose(user);
    share.users.clear();
  }
}
