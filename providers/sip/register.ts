/**
 * Registration (RFC 3261 §10.2): bind a line's address-of-record to our Contact at its
 * registrar when the line opens, keep the binding fresh while it is open, and remove it when the
 * line closes.
 *
 * - One Call-ID for every REGISTER of a binding, CSeq counting up (§10.2).
 * - 401/407: answered once per attempt with digest credentials (§22.2); 423 Interval Too Brief:
 *   asked again once with the registrar's Min-Expires (§10.2.8).
 * - The binding is refreshed halfway through the interval the registrar granted (the Contact's
 *   `expires`, else the Expires header, §10.2.4).
 * - A refresh that fails takes the line out of service (its calls fail cleanly); the
 *   registration is tried again after `retryMs`, and a success puts the line back in service.
 */
import type { Clock } from '../provider.js';
import { type Account, answerChallenge } from './account.js';
import type { Endpoint } from './endpoint.js';
import { branchOf, parseNameAddr } from './header-fields.js';
import { newBranch, newCallId, newTag } from './ids.js';
import { cleanText } from './mapping.js';
import { header, headerValues, type SipRequest, type SipResponse } from './message.js';
import { Timer } from './timers.js';
import type { NonInviteClientTransaction } from './transactions/non-invite-client.js';
import { destinationOf } from './uri.js';

/** What a registration tells its line. */
export interface RegistrationEvents {
  /** The binding is (again) in place. */
  up(): void;
  /** A refresh failed: the line is out of service until the next success. */
  down(why: string): void;
}

/** Where a registration is. */
export type RegistrationState = 'idle' | 'registering' | 'registered' | 'failed' | 'stopped';

/**
 * The registration of one line.
 *
 * @example
 * ```ts
 * const registration = new Registration(endpoint, account, clock, { up() {}, down(why) { console.log(why); } });
 * await registration.register(); // rejects with the reason when the registrar says no
 * await registration.unregister();
 * ```
 */
export class Registration {
  state: RegistrationState = 'idle';
  /** The interval the registrar granted, in seconds. */
  granted = 0;
  private readonly callId: string;
  private readonly tag = newTag();
  private cseq = 0;
  private tx: NonInviteClientTransaction | null = null;
  /** Ends the attempt in flight when the registration is stopped under it. */
  private abort: (() => void) | null = null;
  private readonly timer: Timer;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly account: Account,
    private readonly clock: Clock,
    private readonly events: RegistrationEvents,
    private readonly retryMs = 30_000,
  ) {
    this.callId = newCallId(endpoint.host);
    this.timer = new Timer(clock);
  }

  /** Register (the line's first registration); rejects with why the registrar refused. */
  register(): Promise<void> {
    this.state = 'registering';
    return new Promise((resolve, reject) => {
      this.attempt(this.account.registrar!.expires, (error) => {
        if (error === null) resolve();
        else reject(new Error(error));
      });
    });
  }

  /** Remove the binding (Expires 0, §10.2.2); resolves whatever the registrar says. */
  unregister(): Promise<void> {
    const wasBound = this.state === 'registered' || this.state === 'failed';
    this.stop();
    if (!wasBound) return Promise.resolve();
    return new Promise((resolve) => this.attempt(0, () => resolve()));
  }

  /** Stop refreshing and abandon any REGISTER in flight. */
  stop(): void {
    this.state = 'stopped';
    this.timer.clear();
    this.tx?.terminate();
    this.tx = null;
    this.abort?.();
  }

  private request(expires: number): SipRequest {
    const registrar = this.account.registrar!;
    const headers = new Map<string, string[]>();
    headers.set('via', [this.endpoint.via(newBranch())]);
    if (this.account.proxy) headers.set('route', [this.account.proxy.route]);
    headers.set('max-forwards', ['70']);
    headers.set('from', [`<${this.account.aor}>;tag=${this.tag}`]);
    headers.set('to', [`<${this.account.aor}>`]);
    headers.set('call-id', [this.callId]);
    headers.set('cseq', [`${++this.cseq} REGISTER`]);
    headers.set('contact', [`${this.endpoint.contact(this.account.user)};expires=${expires}`]);
    headers.set('expires', [String(expires)]);
    return { kind: 'request', method: 'REGISTER', uri: registrar.uri, headers, body: '' };
  }

  /** One REGISTER (with its one challenge and one 423 retry); `done(null)` on success. */
  private attempt(expires: number, done: (error: string | null) => void): void {
    let challenged = false;
    let tooBrief = false;
    this.abort = () => {
      this.abort = null;
      done('the registration was stopped');
    };
    const destination = destinationOf(this.account.proxy?.uri ?? this.account.registrar!.parsed);
    const send = (request: SipRequest) => {
      this.tx = this.endpoint.request(request, branchOf(request), destination, this.clock, {
        onResponse: (response) => {
          if (response.status < 200) return;
          this.tx = null;
          if (!challenged && (response.status === 401 || response.status === 407)) {
            challenged = true;
            const retry = answerChallenge(this.account, request, response, this.endpoint.via(newBranch()));
            if (retry) {
              this.cseq++;
              return send(retry.request);
            }
          }
          const minimum = Number(header(response, 'min-expires'));
          if (response.status === 423 && !tooBrief && minimum > expires) {
            tooBrief = true;
            expires = minimum;
            return send(this.request(expires));
          }
          this.abort = null;
          if (response.status >= 300) return this.failed(`${response.status} ${cleanText(response.reason)}`, done);
          if (expires > 0) this.bound(response, expires);
          done(null);
        },
        onFailure: (failure) => {
          this.tx = null;
          this.abort = null;
          this.failed(failure === 'timeout' ? 'no response from the registrar (Timer F)' : 'the REGISTER could not be sent', done);
        },
      });
    };
    send(this.request(expires));
  }

  private bound(response: SipResponse, asked: number): void {
    const wasDown = this.state === 'failed';
    this.state = 'registered';
    this.granted = grantedExpires(response, this.endpoint.contact(this.account.user), asked);
    // §10.2.4: refresh before the binding expires; halfway leaves room for retransmissions.
    this.timer.set((this.granted * 1000) / 2, () => this.refresh());
    if (wasDown) this.events.up();
  }

  private refresh(): void {
    this.attempt(this.account.registrar!.expires, () => {});
  }

  private failed(why: string, done: (error: string | null) => void): void {
    if (this.state === 'stopped') return done(why);
    const first = this.state === 'registering';
    const wasUp = this.state === 'registered';
    this.state = 'failed';
    if (!first) {
      this.timer.set(this.retryMs, () => this.refresh());
      if (wasUp) this.events.down(`registration refresh failed: ${why}`);
    }
    done(why);
  }
}

/** The interval granted: our Contact's `expires`, else the Expires header, else what we asked. */
function grantedExpires(response: SipResponse, contact: string, asked: number): number {
  const ours = parseNameAddr(contact)?.uri;
  for (const value of headerValues(response, 'contact')) {
    const parsed = parseNameAddr(value);
    if (parsed && parsed.uri === ours && typeof parsed.params.expires === 'string') return positive(parsed.params.expires, asked);
  }
  const expires = header(response, 'expires');
  return expires === undefined ? asked : positive(expires, asked);
}

function positive(text: string, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? Math.min(value, 2 ** 31 / 1000) : fallback;
}
