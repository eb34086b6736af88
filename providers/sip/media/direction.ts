/**
 * The direction of a media stream (RFC 3264 §5.1: sendrecv, sendonly, recvonly, inactive), said
 * by each end of its own side, and the rules that read it: who sends, who receives, and how an
 * answer turns an offer's direction round (§6.1). A hold is a direction (§8.4), so the dialog's
 * hold state (`dialog-control.ts`) and the media leg (`call-media.ts`) read the same rules.
 */

/** The direction of a media stream (RFC 3264 §5.1): what the end that says it does. */
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/**
 * The direction that answers `offered` (RFC 3264 §6.1): a sendonly stream is received only, a
 * recvonly one sent only; sendrecv and inactive stay. `wanted` narrows it to what we want
 * (sendonly while we hold the call): the answer sends only if both allow it, and so on.
 *
 * @example
 * ```ts
 * answerDirection('sendonly', 'sendrecv'); // 'recvonly': the far end holds us
 * answerDirection('sendrecv', 'sendonly'); // 'sendonly': we hold the far end
 * answerDirection('sendonly', 'sendonly'); // 'inactive': both hold
 * ```
 */
export function answerDirection(offered: Direction, wanted: Direction): Direction {
  const send = sends(wanted) && receives(offered);
  const receive = receives(wanted) && sends(offered);
  return send && receive ? 'sendrecv' : send ? 'sendonly' : receive ? 'recvonly' : 'inactive';
}

/**
 * Whether the end that says `direction` sends.
 *
 * @example
 * ```ts
 * sends('sendonly'); // true
 * sends('recvonly'); // false
 * ```
 */
export function sends(direction: Direction): boolean {
  return direction === 'sendrecv' || direction === 'sendonly';
}

/**
 * Whether the end that says `direction` receives.
 *
 * @example
 * ```ts
 * receives('recvonly'); // true
 * receives('inactive'); // false
 * ```
 */
export function receives(direction: Direction): boolean {
  return direction === 'sendrecv' || direction === 'recvonly';
}
