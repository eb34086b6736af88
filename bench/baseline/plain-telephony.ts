/**
 * The baseline: the same call lifecycle as xtapi's, written by hand in plain TypeScript — a
 * `switch` on the state, listeners in arrays, an instant "provider" that answers at once, a line
 * with a call limit, and the same promise API shape (makeCall resolves when the make is
 * accepted, drop resolves with the cause). No XState. It shows what the statechart costs.
 */

type State = 'idle' | 'placing' | 'dialtone' | 'dialing' | 'proceeding' | 'ringback' | 'connected' | 'dropping' | 'ended';
type Event = 'MAKE' | 'DIALTONE' | 'DIALING' | 'PROCEEDING' | 'RINGBACK' | 'CONNECTED' | 'DROP' | 'IDLE';

interface Cause {
  mode: 'NORMAL';
  origin: 'local';
  state: State;
  connected: boolean;
}

type Listener = (state: State, at: number) => void;

export class PlainCall {
  state: State = 'idle';
  enteredAt = 0;
  connected = false;
  cause: Cause | null = null;
  private listeners: Listener[] = [];
  private onEnd: Array<(cause: Cause) => void> = [];
  private onAccept: (() => void) | null = null;
  private queue: Event[] = [];
  private busy = false;

  constructor(
    readonly id: string,
    private readonly line: PlainLine,
  ) {}

  on(listener: Listener): void {
    this.listeners.push(listener);
  }

  private enter(state: State): void {
    this.state = state;
    this.enteredAt = Date.now();
    for (const l of this.listeners) l(state, this.enteredAt);
  }

  /** Events are queued and run one at a time, as an actor's mailbox does. */
  send(event: Event): void {
    this.queue.push(event);
    if (this.busy) return;
    this.busy = true;
    for (let e = this.queue.shift(); e !== undefined; e = this.queue.shift()) this.step(e);
    this.busy = false;
  }

  private step(event: Event): void {
    switch (this.state) {
      case 'idle':
        if (event === 'MAKE') {
          this.enter('placing');
          this.line.provider.make(this);
        }
        return;
      case 'placing':
        if (event === 'DIALTONE') {
          this.onAccept?.();
          this.onAccept = null;
          this.enter('dialtone');
        } else if (event === 'DROP') this.drop();
        return;
      case 'dialtone':
        if (event === 'DIALING') this.enter('dialing');
        else if (event === 'DROP') this.drop();
        return;
      case 'dialing':
        if (event === 'PROCEEDING') this.enter('proceeding');
        else if (event === 'DROP') this.drop();
        return;
      case 'proceeding':
        if (event === 'RINGBACK') this.enter('ringback');
        else if (event === 'DROP') this.drop();
        return;
      case 'ringback':
        if (event === 'CONNECTED') {
          this.connected = true;
          this.enter('connected');
        } else if (event === 'DROP') this.drop();
        return;
      case 'connected':
        if (event === 'DROP') this.drop();
        return;
      case 'dropping':
        if (event === 'IDLE') {
          this.enter('ended');
          const cause = this.cause as Cause;
          this.line.remove(this);
          for (const f of this.onEnd) f(cause);
          this.onEnd = [];
        }
        return;
      case 'ended':
        return;
    }
  }

  private drop(): void {
    this.cause ??= { mode: 'NORMAL', origin: 'local', state: this.state, connected: this.connected };
    this.enter('dropping');
    this.line.provider.drop(this);
  }

  accepted(): Promise<void> {
    return new Promise((resolve) => {
      this.onAccept = resolve;
    });
  }

  ended(): Promise<Cause> {
    if (this.cause && this.state === 'ended') return Promise.resolve(this.cause);
    return new Promise((resolve) => this.onEnd.push(resolve));
  }
}

/** An instant provider: every step reported at once, as xtapi's simulated provider with timing 'instant'. */
export const instantProvider = {
  make(call: PlainCall): void {
    for (const e of ['DIALTONE', 'DIALING', 'PROCEEDING', 'RINGBACK', 'CONNECTED'] as const) call.send(e);
  },
  drop(call: PlainCall): void {
    call.send('IDLE');
  },
};

export class PlainLine {
  private readonly slots: Array<PlainCall | null>;
  private seq = 0;
  readonly provider = instantProvider;

  constructor(maxCalls: number) {
    this.slots = new Array(maxCalls).fill(null);
  }

  makeCall(): Promise<PlainCall> {
    const slot = this.slots.indexOf(null);
    if (slot < 0) return Promise.reject(new Error('CALLUNAVAIL'));
    const call = new PlainCall(`c${++this.seq}`, this);
    this.slots[slot] = call;
    const accepted = call.accepted();
    call.send('MAKE');
    return accepted.then(() => call);
  }

  remove(call: PlainCall): void {
    const slot = this.slots.indexOf(call);
    if (slot >= 0) this.slots[slot] = null;
  }

  drop(call: PlainCall): Promise<Cause> {
    const ended = call.ended();
    call.send('DROP');
    return ended;
  }
}
