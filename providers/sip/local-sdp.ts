/**
 * The SDP one call sends in its dialog, from the first (the offer in our INVITE, or what our 200
 * answered) to the last (RFC 3264 §8): every later one keeps the first's `o=` session id and
 * address and its audio port, and its `o=` version grows by one whenever the description
 * changes, and only then (§8: an unchanged description is sent again with the same version).
 *
 * A call with real audio has a {@link SdpLeg} (`media/call-media.ts`): its answers are built by the
 * leg (its codecs, telephone-event, RTCP port) and every offer or answer agreed moves it; without
 * one, the description names the discard port (`no-media-sdp.ts`) and nothing follows it. Every
 * SDP is read and written by `media/sdp-media.ts`.
 */
import type { Direction } from './media/direction.js';
import { isLiveAudio, parseSdp, writeSdp } from './media/sdp-media.js';
import { noMediaAnswer } from './no-media-sdp.js';

/** The media leg behind a dialog's SDP (`CallMediaLeg`). */
export interface SdpLeg {
  /** Our answer to a later offer (§8), as far as `wanted` allows, or null (488); the leg follows it. */
  reanswer(offer: string, at: { sessionId: string; version: number }, wanted: Direction): string | null;
  /** The far end's answer to our offer, which said `ours`; the leg follows it. */
  answered(answer: string, ours: Direction): void;
}

/** Our SDP in one dialog. */
export class LocalSdp {
  private last: string;
  private version: number;
  private readonly sessionId: string;
  private readonly address: string;
  /** The direction of our last offer, for the answer that comes back. */
  private offered: Direction = 'sendrecv';

  /**
   * @example
   * ```ts
   * const sdp = new LocalSdp(invite.body); // 'o=xtapi 4711 1 …', 'a=sendrecv'
   * sdp.offer('sendonly'); // 'o=xtapi 4711 2 …', 'a=sendonly': a hold (RFC 3264 §8.4)
   * sdp.offer('sendonly'); // the same again, still version 2
   * ```
   */
  constructor(
    first: string,
    private readonly leg: SdpLeg | null = null,
  ) {
    // Ours: made by sdp-media.ts, so it reads.
    const origin = parseSdp(first).origin;
    this.last = first;
    this.version = origin?.sessionVersion ?? 1;
    this.sessionId = String(origin?.sessionId ?? 1);
    this.address = origin?.address ?? '127.0.0.1';
  }

  /** Our offer for a re-INVITE (§8): the last SDP we sent, its audio stream now `direction`. */
  offer(direction: Direction): string {
    this.offered = direction;
    const session = parseSdp(this.last);
    const audio = session.media.find(isLiveAudio);
    if (audio) audio.direction = direction;
    delete session.direction;
    return this.stamp(writeSdp(session));
  }

  /**
   * Our answer to the far end's offer in a re-INVITE (§8, §6): its streams in order, ours in the
   * direction that answers theirs as far as `wanted` allows (sendonly while we hold the call).
   * Null when it keeps no audio stream we can take (the re-INVITE gets 488, §14.2).
   */
  answer(offer: string, wanted: Direction): string | null {
    const at = { sessionId: this.sessionId, version: this.version };
    const answer = this.leg ? this.leg.reanswer(offer, at, wanted) : noMediaAnswer(offer, { ...at, address: this.address, direction: wanted });
    return answer === null ? null : this.stamp(answer);
  }

  /** The far end's answer to our last offer (in a re-INVITE's 2xx, or the ACK of a 2xx that offered): the leg follows it. */
  answered(answer: string): void {
    if (answer.length > 0) this.leg?.answered(answer, this.offered);
  }

  /** `body` as we send it: with the next version if it differs from the last we sent. */
  private stamp(body: string): string {
    if (body === this.last) return body;
    this.version++;
    const session = parseSdp(body);
    if (session.origin) session.origin.sessionVersion = this.version;
    this.last = writeSdp(session);
    return this.last;
  }
}
