/**
 * A call, as the modern API shows it: a thin handle on the call actor. It holds no state of its
 * own; everything it says comes from the actor's snapshot, and everything it does is an event.
 */
import { inspect } from 'node:util';
import { hasReached } from '../../machines/call.js';
import { makeFailure } from '../../machines/call-context.js';
import type { CallCause, CallRedirection, CallState } from '../../machines/events.js';
import type { CallActorRef } from '../../machines/line.js';
import { type CallMode, type LineDevice, realClock } from '../../providers/provider.js';
import { parseAddress } from '../address/parse-address.js';
import { type CallEventMap, listenToCall } from './call-events.js';
import { type CallFeatures, type Caller, featuresOf, type RejectMode } from './call-features.js';
import { CallEndedError, XtapiError } from './errors.js';
import { type Gathered, gatherDigits, type GatherOptions } from './gather.js';
import { type PlaybackResult, type PlayOptions, type PlaySource, playTo, type RecordOptions, type Recording, recordFrom } from './media.js';
import { blindTransfer, type HeldBy, heldByOf, requestOf, transferCalls } from './hold-transfer.js';
import { makeOf, newRequest, whenSnapshot } from './requests.js';
import type { CallMaker } from './transfer-request.js';
import { isDtmf } from '../../providers/dtmf.js';
import { CALL_PROGRESS_TONES, type CallProgressTone } from '../../providers/media/call-progress-tones.js';
import { cancelToneGeneration, generateTone } from './tone-generation.js';

export type { CallEventMap, CallHoldEvent, CallListeners, CallTransferredEvent } from './call-events.js';
export type { HeldBy } from './hold-transfer.js';
export type { TransferRequest } from './transfer-request.js';
export type { CallFeatures, Caller, RejectMode } from './call-features.js';
export type { Gathered, GatherOptions } from './gather.js';
export type { PlaybackResult, PlayOptions, PlaySource, RecordOptions, Recording } from './media.js';

/** A call. Get one from `line.makeCall()` or `line.createCall()`. */
export class Call {
  /** @internal */
  constructor(
    /** The call actor, for XState users (inspect it, subscribe to it). */
    readonly actor: CallActorRef,
    private readonly device: LineDevice,
    /** The line a transfer request's new call is made on (see `transferRequested`). */
    private readonly line: CallMaker | null = null,
  ) {}

  /** What a call is, in a line: `console.log(call)` shows this, not the actor's internals. */
  toJSON(): { id: string; state: CallState; mode: CallMode | null; address: string | null; cause: CallCause | null } {
    const { callId, state, mode, address, cause } = this.actor.getSnapshot().context;
    return { id: callId, state, mode, address, cause };
  }

  /** `console.log(call)` and `util.inspect(call)`: the summary of {@link Call.toJSON}. */
  [inspect.custom](): string {
    const { id, state, mode, address, cause } = this.toJSON();
    return `Call ${id} ${state}${mode ? ` (${mode})` : ''}${address ? ` to ${JSON.stringify(address)}` : ''}${cause ? ` ended ${cause.mode} by ${cause.origin}` : ''}`;
  }

  /** The telephony-wide id of the call. */
  get id(): string {
    return this.actor.getSnapshot().context.callId;
  }

  /** The call actor's current snapshot. */
  get snapshot() {
    return this.actor.getSnapshot();
  }

  /** The call's state. */
  get state(): CallState {
    return this.actor.getSnapshot().context.state;
  }

  /** The mode of the current state (LINEDIALTONEMODE_, LINEBUSYMODE_, LINECONNECTEDMODE_, LINEDISCONNECTMODE_), or null. */
  get mode(): CallMode | null {
    return this.actor.getSnapshot().context.mode;
  }

  /** Why the call ended (or is ending), or null while it is alive. */
  get cause(): CallCause | null {
    return this.actor.getSnapshot().context.cause;
  }

  /** What may be done with the call now. */
  get features(): CallFeatures {
    return featuresOf(this.actor.getSnapshot());
  }

  /** `in` for a call that arrived, `out` for one made here. */
  get direction(): 'in' | 'out' {
    return this.actor.getSnapshot().context.incoming ? 'in' : 'out';
  }

  /** Who is calling (a call that arrived), or null for a call made here. */
  get caller(): Caller | null {
    const incoming = this.actor.getSnapshot().context.incoming;
    return incoming ? { number: incoming.from, name: incoming.name } : null;
  }

  /** The address that was called (a call that arrived), when known. */
  get called(): string | null {
    return this.actor.getSnapshot().context.incoming?.to ?? null;
  }

  /**
   * Where the network sent the call on its way (the last redirect: TAPI's LINECALLINFO
   * RedirectionID, "the address to which the call was redirected"), or null if it never did.
   * The `redirected` event tells each redirect as it happens.
   *
   * @example
   * ```ts
   * const call = await line.makeCall('sip:bob@a.example', { on: { redirected: ({ redirection }) => console.log('now calling', redirection.to) } });
   * await call.until('connected');
   * call.redirectedTo; // 'sip:bob@b.example' after a 302 Moved Temporarily
   * ```
   */
  get redirectedTo(): string | null {
    return this.actor.getSnapshot().context.redirections.at(-1)?.to ?? null;
  }

  /**
   * Every redirect of the call, oldest first: where to, what the protocol said (a SIP 302 and its
   * reason phrase), and when. Empty for a call never redirected.
   *
   * @example
   * ```ts
   * call.redirects; // [{ to: 'sip:bob@b.example', detail: { code: 302, reason: 'Moved Temporarily' }, at: 1718000000000 }]
   * ```
   */
  get redirects(): readonly CallRedirection[] {
    return this.actor.getSnapshot().context.redirections;
  }

  /**
   * Who holds the call: `'us'` (we held it: state onHold, or onHoldPendTransfer while a transfer
   * is set up), `'far end'` (it holds us: connected with mode ACTIVEHELD), or null. The `held` and
   * `unheld` events tell each change.
   *
   * @example
   * ```ts
   * await call.hold();
   * call.heldBy; // 'us'
   * ```
   */
  get heldBy(): HeldBy | null {
    const { state, mode } = this.actor.getSnapshot().context;
    return heldByOf(state, mode);
  }

  /** Whether anyone holds the call, we or the far end ({@link Call.heldBy} is not null). */
  get isHeld(): boolean {
    return this.heldBy !== null;
  }

  /**
   * Claim a call that arrived and let it ring at the caller (lineAccept; SIP: 180 Ringing).
   * Rejects with INVALCALLSTATE unless the call is being offered.
   *
   * @example
   * ```ts
   * line.on('incoming', (call) => void call.accept());
   * ```
   */
  accept(): Promise<void> {
    return this.request({ type: 'ACCEPT' });
  }

  /**
   * Answer a call that arrived; resolves once it is connected (lineAnswer; SIP: our 200 OK has
   * its ACK). Rejects with INVALCALLSTATE unless the call is being offered, and with the call's
   * error if it ends first (the caller gave up: the cause says CANCELLED).
   *
   * @example
   * ```ts
   * for await (const call of line.incoming()) await call.answer();
   * ```
   */
  answer(): Promise<void> {
    const snapshot = this.actor.getSnapshot();
    if (snapshot.status !== 'active' || !snapshot.can({ type: 'ANSWER' })) {
      return Promise.reject(new XtapiError('INVALCALLSTATE', `ANSWER is not allowed in state ${snapshot.context.state}`));
    }
    const connected = whenSnapshot(this.actor, (next) => hasReached(next.context, 'connected'));
    this.actor.send({ type: 'ANSWER', request: newRequest() });
    return connected.then((next) => {
      if (hasReached(next.context, 'connected')) return;
      const error = makeFailure(next.context.cause as CallCause);
      throw new XtapiError(error, `answer failed: LINEERR_${error} (${(next.context.cause as CallCause).mode})`);
    });
  }

  /**
   * Turn down a call that arrived and is not answered yet, with the mode the caller is given
   * (default NORMAL: busy here, SIP 486); resolves with the cause once it has ended. Rejects with
   * INVALCALLSTATE for a call that is not being offered (use `drop()`).
   *
   * @example
   * ```ts
   * line.on('incoming', (call) => void call.reject('REJECT')); // SIP 603 Decline
   * ```
   */
  reject(mode: RejectMode = 'NORMAL'): Promise<CallCause> {
    const state = this.actor.getSnapshot().context.state;
    if (state !== 'offering' && state !== 'accepted' && state !== 'answering') {
      return Promise.reject(new XtapiError('INVALCALLSTATE', `only a call being offered can be rejected, not one in state ${state}`));
    }
    const ended = this.ended();
    this.actor.send({ type: 'DROP', mode });
    return ended;
  }

  /**
   * Listen to the call's events; returns the function that stops listening. A listener hears what
   * happens from now on; to hear every state from the first, give the listeners to
   * `line.makeCall(address, { on })` instead. An `ended` listener added to a call that has already
   * ended is told all the same, at once but asynchronously (in a microtask), so nothing waits for
   * an end that has been and gone; `call.ended()` is the promise of the same.
   *
   * @example
   * ```ts
   * const off = call.on('state', ({ state, mode }) => console.log(state, mode));
   * call.on('ended', ({ cause }) => console.log('ended:', cause.mode));
   * ```
   */
  on<K extends keyof CallEventMap>(type: K, handler: (event: CallEventMap[K]) => void): () => void {
    return listenToCall(this.actor, type, handler, this.line);
  }

  /**
   * Resolve once the call is, or has been, in `state`; reject with a {@link CallEndedError}
   * (carrying the cause) if the call ends first.
   *
   * @example
   * ```ts
   * await call.until('connected');
   * ```
   */
  until(state: CallState): Promise<void> {
    return whenSnapshot(this.actor, (snapshot) => hasReached(snapshot.context, state)).then((snapshot) => {
      if (!hasReached(snapshot.context, state)) throw new CallEndedError(snapshot.context.cause as CallCause, state);
    });
  }

  /**
   * Resolve with the cause once the call has ended (it never rejects).
   *
   * @example
   * ```ts
   * const cause = await call.ended();
   * if (cause.mode === 'BUSY') console.log('busy; try again later');
   * ```
   */
  ended(): Promise<CallCause> {
    return whenSnapshot(this.actor, () => false).then((snapshot) => snapshot.context.cause as CallCause);
  }

  /**
   * Dial digits: while the call waits for digits (dial tone, or a partial address ending in
   * `;`), they continue the address, and a string without `;` completes it (lineDial); once
   * connected they are sent as DTMF (lineGenerateDigits). Resolves when the provider has them.
   *
   * @example
   * ```ts
   * const call = await line.makeCall('9;'); // partial: waits for more digits
   * await call.dial('5550111');             // completes the address
   * await call.until('connected');
   * await call.dial('1#');                  // DTMF
   * ```
   */
  dial(digits: string): Promise<void> {
    const snapshot = this.actor.getSnapshot();
    if (snapshot.can({ type: 'DIAL', digits: '', complete: true })) {
      const parsed = parseAddress(digits, this.device, { allowEmpty: true });
      if (!parsed.ok) return Promise.reject(new XtapiError(parsed.error, `cannot dial "${digits}": ${parsed.message}`));
      if (parsed.address.kind !== 'dialable') return Promise.reject(new XtapiError('INVALADDRESS', 'a URI cannot be dialled into a call'));
      return this.request({ type: 'DIAL', digits: parsed.address.dialString, complete: !parsed.address.partial });
    }
    if (snapshot.can({ type: 'GENERATE_DIGITS', digits: '' })) {
      if (!isDtmf(digits)) return Promise.reject(new XtapiError('INVALDIGITS', `"${digits}" are not DTMF digits (0-9, A-D, *, #)`));
      cancelToneGeneration(this.actor); // one in-band generation per call (lineGenerateTone remarks)
      return this.request({ type: 'GENERATE_DIGITS', digits });
    }
    return Promise.reject(new XtapiError('INVALCALLSTATE', `cannot dial in state ${snapshot.context.state}`));
  }

  /**
   * Send DTMF digits (0-9, A-D, `*`, `#`) on a connected call (lineGenerateDigits): as RFC 4733
   * events where the far end takes them, else as SIP INFO; resolves once the provider has them.
   * Rejects with an {@link XtapiError}: INVALDIGITS for anything else, INVALCALLSTATE when the call
   * is not connected (before the answer, `call.dial()` dials instead).
   *
   * @example
   * ```ts
   * await call.until('connected');
   * await call.sendDigits('1234#');
   * ```
   */
  sendDigits(digits: string): Promise<void> {
    if (!isDtmf(digits)) return Promise.reject(new XtapiError('INVALDIGITS', `"${digits}" are not DTMF digits (0-9, A-D, *, #)`));
    if (!this.actor.getSnapshot().can({ type: 'GENERATE_DIGITS', digits: '' })) {
      return Promise.reject(new XtapiError('INVALCALLSTATE', `digits are sent on a connected call, not one in state ${this.state}`));
    }
    // One in-band generation per call, whichever face asked (lineGenerateTone remarks): digits end a tone.
    cancelToneGeneration(this.actor);
    return this.request({ type: 'GENERATE_DIGITS', digits });
  }

  /**
   * Gather the far end's key presses (TAPI's lineGatherDigits, Twilio's `<Gather>`): resolves with
   * the digits and why the gathering ended: `BUFFERFULL` (`max` digits), `TERMDIGIT` (a terminator,
   * kept as the last digit), `FIRSTTIMEOUT` (no key at all), `INTERTIMEOUT` (no next key),
   * `CANCEL` (aborted, replaced by another gathering, or the call ended). Rejects with an
   * {@link XtapiError}: INVALPARAM for bad options, INVALCALLSTATE when the call is not connected or
   * held. Times are on the telephony's clock.
   *
   * @example
   * ```ts
   * await call.until('connected');
   * const { digits, termination } = await call.gather({ max: 4, terminators: '#', timeoutMs: 5000 });
   * ```
   */
  gather(options: GatherOptions = {}): Promise<Gathered> {
    return gatherDigits(this.actor, this.line?.clock ?? realClock, options);
  }

  /**
   * Play audio to the far end (rule 13 of the provider contract): a WAV file's path or bytes (8 kHz
   * mono 16-bit PCM; anything else is refused with a `WavFormatError` saying what it found), PCM
   * samples, or an async iterable of them (a stream), one 20 ms frame every 20 ms of the
   * telephony's clock. Resolves with how it ended: `done`, or `cancelled` (the `signal` aborted,
   * or the call ended). Rejects with an {@link XtapiError}: INVALCALLSTATE when the call is not
   * connected, OPERATIONUNAVAIL when its provider carries no audio.
   *
   * @example
   * ```ts
   * await call.until('connected');
   * const { reason } = await call.play('greeting.wav');
   * ```
   */
  play(source: PlaySource, options: PlayOptions = {}): Promise<PlaybackResult> {
    return playTo(this.actor, source, options);
  }

  /**
   * Sound a tone to the far end of a connected call (lineGenerateTone): `ringback`, `busy`, `beep`
   * or `billing` (North America's call progress tones), for `durationMs` (default: until the
   * `signal` aborts; `billing` is one cycle). One tone at a time per call, whichever face asked: a
   * new tone, digits sent or the call leaving its talking states ends it. Resolves with `done`, or
   * `cancelled`; rejects with an {@link XtapiError}: INVALPARAM for an unknown tone or a bad length,
   * INVALCALLSTATE when the call is not connected, OPERATIONUNAVAIL when its provider carries no audio.
   *
   * @example
   * ```ts
   * await call.until('connected');
   * await call.playTone('busy', { durationMs: 3000 }); // 'done'
   * ```
   */
  playTone(tone: CallProgressTone, options: ToneOptions = {}): Promise<'done' | 'cancelled'> {
    const known = CALL_PROGRESS_TONES[tone as CallProgressTone];
    if (!Object.hasOwn(CALL_PROGRESS_TONES, tone) || !known) return Promise.reject(new XtapiError('INVALPARAM', `${JSON.stringify(tone)} is not one of ${Object.keys(CALL_PROGRESS_TONES).join(', ')}`));
    const durationMs = options.durationMs ?? (tone === 'billing' ? known.cycleMs : 0);
    if (!Number.isInteger(durationMs) || durationMs < 0 || durationMs > 2_147_483_647) return Promise.reject(new XtapiError('INVALPARAM', `durationMs must be a whole number of ms, not ${options.durationMs}`));
    if (options.signal?.aborted) return Promise.resolve('cancelled');
    return new Promise((resolve, reject) => {
      const stop = () => cancelToneGeneration(this.actor);
      const refused = generateTone(this.actor, known.tone, durationMs, (end) => {
        options.signal?.removeEventListener('abort', stop);
        resolve(end === 'done' ? 'done' : 'cancelled');
      });
      if (refused) return reject(refused);
      options.signal?.addEventListener('abort', stop, { once: true });
    });
  }

  /**
   * Record what the far end says, until `maxMs`, `silenceMs` of silence after some sound,
   * `noInputMs` with no sound at all, the call's end or the `signal` (`stopped`); with `path`, the
   * recording is written there as a WAV file first. Resolves with the samples, the length and why
   * it ended; rejects as `play` does, and with INVALPARAM for a bad `maxMs`.
   *
   * @example
   * ```ts
   * const { reason, durationMs } = await call.record({ maxMs: 60_000, silenceMs: 3000, path: 'message.wav' });
   * ```
   */
  record(options: RecordOptions): Promise<Recording> {
    return recordFrom(this.actor, this.line?.clock ?? realClock, options);
  }

  /**
   * Drop the call, in whatever state it is; resolves with the cause once it has ended. Dropping
   * a call that is dropping or has ended is fine: it resolves the same way.
   *
   * @example
   * ```ts
   * const cause = await call.drop(); // { mode: 'NORMAL', origin: 'local', … }
   * ```
   */
  drop(): Promise<CallCause> {
    const ended = this.ended();
    if (this.actor.getSnapshot().status === 'active') this.actor.send({ type: 'DROP' });
    return ended;
  }

  /**
   * Put the call on hold (lineHold, ITBasicCallControl::Hold; SIP: a re-INVITE with a=sendonly,
   * RFC 3264 §8.4); resolves once the provider has confirmed it (the call is `onHold`). Rejects
   * with an {@link XtapiError}: OPERATIONUNAVAIL when the line cannot hold, INVALCALLSTATE when the
   * call is not connected (or another hold or transfer is pending), the provider's LINEERR_ when it
   * refuses (the call stays connected), and the reply's error when the call ends first.
   *
   * @example
   * ```ts
   * await call.until('connected');
   * await call.hold();
   * call.state; // 'onHold'
   * await call.unhold();
   * call.state; // 'connected'
   * ```
   */
  hold(): Promise<void> {
    return requestOf(this.actor, { type: 'HOLD' }, 'hold');
  }

  /**
   * Take the call back from our hold (lineUnhold, ITBasicCallControl::Hold(false); SIP: a
   * re-INVITE with a=sendrecv); resolves once it is connected again. Rejects as {@link Call.hold}
   * does; the far end's hold cannot be taken back from here (it ends when the far end resumes).
   *
   * @example
   * ```ts
   * await call.unhold();
   * call.heldBy; // null
   * ```
   */
  unhold(): Promise<void> {
    return requestOf(this.actor, { type: 'UNHOLD' }, 'unhold');
  }

  /**
   * Blind transfer: send the far end on to `address` and leave (lineBlindTransfer,
   * ITBasicCallControl::BlindTransfer; SIP: REFER, RFC 3515). The call may be connected or held
   * by us. Resolves with the cause once the far end has reached the target and the call has
   * ended (`origin: 'transfer'`, `transferredTo`). Rejects with an {@link XtapiError}: a bad
   * address (INVALADDRESS, DIAL*), OPERATIONUNAVAIL when the line cannot transfer, INVALCALLSTATE,
   * or the provider's LINEERR_ (the call stays as it was).
   *
   * @example
   * ```ts
   * const cause = await call.transfer('5550133');
   * cause.origin;        // 'transfer'
   * cause.transferredTo; // '5550133'
   * ```
   */
  transfer(address: string): Promise<CallCause> {
    return blindTransfer(this.actor, this.device, address);
  }

  /**
   * Attended transfer: join this call's far end to the far end of `consultation`, another call
   * of the same line (lineSetupTransfer then lineCompleteTransfer with LINETRANSFERMODE_TRANSFER;
   * TAPI 3's Finish(FM_ASTRANSFER); SIP: REFER with Replaces, RFC 3891). A connected call is held
   * first (state onHoldPendTransfer); both calls then end with `origin: 'transfer'`. Resolves with
   * this call's cause. If the consultation call ends before the transfer completes, or the
   * provider refuses it, the call is back on plain hold (`onHold`; lineDrop remarks) and the
   * promise rejects: take it back with `unhold()`. The relation between the two calls lives in this
   * promise only, while it runs.
   *
   * @example
   * ```ts
   * await first.hold();                                 // "one moment, please"
   * const consultation = await line.makeCall('5550133');
   * await consultation.until('connected');              // "I have a caller for you"
   * await first.transferTo(consultation);               // both calls leave us
   * ```
   */
  transferTo(consultation: Call): Promise<CallCause> {
    return transferCalls(this.actor, consultation.actor);
  }

  /**
   * Send a request to the call actor and settle with its reply: resolves when the request
   * completed (TAPI's LINE_REPLY with 0), rejects with an {@link XtapiError} carrying the
   * LINEERR_ name otherwise. Used to place a call made with `line.createCall()`.
   *
   * @example
   * ```ts
   * const call = await line.createCall('5550111'); // idle: nothing sent yet
   * call.on('state', ({ state }) => console.log(state)); // sees every state from the start
   * await call.request({ type: 'MAKE' });
   * ```
   */
  request(event: { type: 'MAKE' } | { type: 'DIAL'; digits: string; complete: boolean } | { type: 'GENERATE_DIGITS'; digits: string } | { type: 'ACCEPT' }): Promise<void> {
    const snapshot = this.actor.getSnapshot();
    if (snapshot.status !== 'active') {
      // The call ended before the request could reach it (its provider failed at once, say).
      const error = snapshot.context.cause?.error ?? 'INVALCALLSTATE';
      return Promise.reject(new XtapiError(error, `the call has ended: LINEERR_${error}`));
    }
    if (event.type === 'MAKE') return makeOf(this.actor);
    if (!snapshot.can(event)) {
      return Promise.reject(new XtapiError('INVALCALLSTATE', `${event.type} is not allowed in state ${snapshot.context.state}`));
    }
    const request = newRequest();
    return new Promise((resolve, reject) => {
      const onReply = this.actor.on('reply', (reply) => {
        if (reply.request !== request) return;
        onReply.unsubscribe();
        if (reply.error === null) resolve();
        else reject(new XtapiError(reply.error, `${reply.kind} failed: LINEERR_${reply.error}`));
      });
      this.actor.send({ ...event, request });
    });
  }
}

/** Options of `call.playTone()`. */
export interface ToneOptions {
  /** How long, in ms (default: until `signal` aborts; a billing tone is one cycle). */
  durationMs?: number;
  /** Aborting it ends the tone (`cancelled`). */
  signal?: AbortSignal;
}
