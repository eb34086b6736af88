/**
 * The SDP one call sends in its dialog, from the first (the offer in our INVITE, or what our 200
 * answered) to the last (RFC 3264 §8): every later one keeps the first's `o=` session id and
 * address and its audio port, and its `o=` version grows by one whenever the description
 * changes, and only then (§8: an unchanged description is sent again with the same version).
 *
 * A call with real audio has a {@link SdpLeg} (`media/call-media.ts`): its answers are built by the
 * leg (its codecs, telephone-event, RTCP port) and every offer or answer agreed moves it; without
 * one, the description names port 9 and nothing follows it.
 */
import { answerDirection, type Direction, sdpAnswer, sdpDirection, type SdpOfferInput } from './sdp.js';

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
  private readonly input: SdpOfferInput;
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
    this.last = first;
    const origin = /^o=\S+ (\S+) (\d{1,9}) IN IP[46] (\S+)\s*$/m.exec(first);
    const port = /^m=audio (\d+)/m.exec(first);
    this.version = origin ? Number(origin[2]) : 1;
    this.input = { sessionId: origin?.[1] ?? '1', address: origin?.[3] ?? '127.0.0.1', port: port ? Number(port[1]) : 9 };
  }

  /** Our offer for a re-INVITE (§8): the last SDP we sent, its audio stream now `direction`. */
  offer(direction: Direction): string {
    this.offered = direction;
    return this.stamp(this.last.replace(/^a=(?:sendrecv|sendonly|recvonly|inactive)$/m, `a=${direction}`));
  }

  /**
   * Our answer to the far end's offer in a re-INVITE (§8, §6): its streams in order, ours in the
   * direction that answers theirs as far as `wanted` allows (sendonly while we hold the call).
   * Null when it keeps no audio stream we can take (the re-INVITE gets 488, §14.2).
   */
  answer(offer: string, wanted: Direction): string | null {
    const answer = this.leg
      ? this.leg.reanswer(offer, { sessionId: this.input.sessionId, version: this.version }, wanted)
      : sdpAnswer(offer, { ...this.input, version: this.version, direction: answerDirection(sdpDirection(offer) ?? 'sendrecv', wanted) });
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
    this.last = body.replace(/^(o=\S+ \S+ )\d+/m, `$1${this.version}`);
    return this.last;
  }
}
