/**
 * Registration (RFC 3261 §10.2): bind a line's address-of-record to our Contact at its
 * registrar when the line opens, keep the binding fresh while it is open, and remove it when the
 * line closes.
 *
 * - One Call-ID for every REGISTER of a binding, CSeq counting up (§10.2).
 * - 401/407: answered once per attempt with digest credentials (§22.2); 423 Interval Too Brief:
 *   asked again once with the registrar's Min-Expires (§10.2.8).
 * - The binding is refreshed halfway through the interval the registrar granted (the Contact's
 *   `expires`, else the Expires header, §10.2.4), but never sooner than a second after the last
 *   REGISTER and never later than the longest delay a timer takes (Node runs a longer one at
 *   once, which turned a huge interval into a REGISTER flood).
 * - A refresh that fails takes the line out of service (its calls fail cleanly); the
 *   registration is tried again with exponential back-off (`backoff.ts`, RFC 5626 §4.5), and a
 *   success puts the line back in service.
 * - Why a registration failed is kept as the registrar said it: its status code and reason
 *   phrase ({@link RegistrationFailure}), so the application can tell 403 from 404 from a wrong
 *   password. The password itself never reaches any of it (`account.ts`).
 */
import type { Clock } from '../provider.js';
import { type Account, answerChallenge } from './account.js';
import type { Endpoint } from './endpoint.js';
import { branchOf, parseNameAddr } from './header-fields.js';
import { newBranch, newCallId, newTag } from './ids.js';
import { cleanText } from './mapping.js';
import { header, headerValues, type SipRequest, type SipResponse } from './message.js';
import { DEFAULT_RETRY_MAX_MS, type RetryPolicy, retryDelay } from './backoff.js';
import { clampDelay, MAX_TIMER_MS, Timer } from './timers.js';
import type { NonInviteClientTransaction } from './transactions/non-invite-client.js';
import { destinationOf } from './uri.js';

/** What a registration tells its line. */
export interface RegistrationEvents {
  /** The binding is (again) in place. */
  up(): void;
  /** A refresh failed: the line is out of service until the next success. */
  down(why: string): void;
}

/** Why a REGISTER failed: the registrar's status code and reason phrase, or what happened instead. */
export interface RegistrationFailure {
  /** The SIP status (403, 404, 401 after our credentials, …); 408 when no answer came. */
  code?: number;
  /** The reason phrase (cleaned of control characters), or what went wrong. */
  reason: string;
  /** Set when no response came: the code is ours (408 for a timeout, §8.1.3.1), not the registrar's. */
  local?: true;
}

/** A failed registration, as `register()` rejects: the message and the {@link RegistrationFailure}. */
export class RegistrationError extends Error {
  constructor(readonly failure: RegistrationFailure) {
    super(describeFailure(failure));
    this.name = 'RegistrationError';
  }
}

/**
 * `403 Forbidden` as the registrar said it; the reason alone when no response came.
 *
 * @example
 * ```ts
 * describeFailure({ code: 403, reason: 'Forbidden' }); // '403 Forbidden'
 * describeFailure({ code: 408, reason: 'no response from the registrar (Timer F)', local: true }); // 'no response from the registrar (Timer F)'
 * ```
 */
export function describeFailure(failure: RegistrationFailure): string {
  return failure.code === undefined || failure.local ? failure.reason : `${failure.code} ${failure.reason}`;
}

/** The soonest a binding is refreshed after it was granted, ms: once a second at most. */
export const MIN_REFRESH_MS = 1000;

/**
 * When to refresh a binding granted for `seconds` (§10.2.4): halfway, which leaves room for
 * retransmissions, within [{@link MIN_REFRESH_MS}, the longest timer].
 *
 * @example
 * ```ts
 * refreshDelay(3600); // 1800000
 * refreshDelay(1); // 1000
 * refreshDelay(4_294_968); // 2147483647
 * ```
 */
export function refreshDelay(seconds: number): number {
  return clampDelay(Math.max(MIN_REFRESH_MS, Math.min((seconds * 1000) / 2, MAX_TIMER_MS)));
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
  /** Refreshes that failed in a row (the back-off's exponent); 0 while registered. */
  failures = 0;
  /** Ends the attempt in flight when the registration is stopped under it. */
  private abort: (() => void) | null = null;
  private readonly timer: Timer;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly account: Account,
    private readonly clock: Clock,
    private readonly events: RegistrationEvents,
    /** The back-off after failed refreshes: a base in ms, or the whole policy. */
    retry: number | Partial<RetryPolicy> = 30_000,
  ) {
    this.callId = newCallId(endpoint.host);
    this.timer = new Timer(clock);
    const policy = typeof retry === 'number' ? { baseMs: retry } : retry;
    const baseMs = policy.baseMs ?? 30_000;
    this.retry = { baseMs, maxMs: Math.max(baseMs, policy.maxMs ?? DEFAULT_RETRY_MAX_MS), random: policy.random ?? Math.random };
  }

  /** Register (the line's first registration); rejects with a {@link RegistrationError} that says why. */
  register(): Promise<void> {
    this.state = 'registering';
    return new Promise((resolve, reject) => {
      this.attempt(this.account.registrar!.expires, (failure) => {
        if (failure === null) resolve();
        else reject(new RegistrationError(failure));
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
  private attempt(expires: number, done: (failure: RegistrationFailure | null) => void): void {
    let challenged = false;
    let tooBrief = false;
    this.abort = () => {
      this.abort = null;
      done({ reason: 'the registration was stopped' });
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
          if (response.status >= 300) return this.failed({ code: response.status, reason: cleanText(response.reason) }, done);
          if (expires > 0) this.bound(response, expires);
          done(null);
        },
        onFailure: (failure) => {
          this.tx = null;
          this.abort = null;
          this.failed(failure === 'timeout' ? { code: 408, reason: 'no response from the registrar (Timer F)', local: true } : { reason: 'the REGISTER could not be sent' }, done);
        },
      });
    };
    send(this.request(expires));
  }

  private bound(response: SipResponse, asked: number): void {
    const wasDown = this.state === 'failed';
    this.state = 'registered';
    this.failures = 0;
    this.granted = grantedExpires(response, this.endpoint.contact(this.account.user), asked);
    this.timer.set(refreshDelay(this.granted), () => this.refresh());
    if (wasDown) this.events.up();
  }

  private refresh(): void {
    this.attempt(this.account.registrar!.expires, () => {});
  }

  private failed(failure: RegistrationFailure, done: (failure: RegistrationFailure | null) => void): void {
    if (this.state === 'stopped') return done(failure);
    const first = this.state === 'registering';
    const wasUp = this.state === 'registered';
    this.state = 'failed';
    if (!first) {
      this.timer.set(retryDelay(this.retry, ++this.failures), () => this.refresh());
      if (wasUp) this.events.down(`registration refresh failed: ${describeFailure(failure)}`);
    }
    done(failure);
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

/** A delta-seconds value (§25.1: 1*DIGIT), else the fallback; the refresh timer clamps it. */
function positive(text: string, fallback: number): number {
  if (!/^\s*\d{1,10}\s*$/.test(text)) return fallback;
  const value = Number(text);
  return value > 0 ? value : fallback;
}
