/**
 * The Refer-To of a transfer (RFC 3515 §2.1): the target's URI in `<…>`, and for a consultation
 * transfer that URI with a `Replaces` header (RFC 3891 §3, RFC 5589 §7.1), so that the far end's
 * INVITE to the target takes the place of our consultation call there. The Replaces value names
 * that call's dialog as the target sees it: its Call-ID, `to-tag` = the target's tag (our remote
 * tag), `from-tag` = ours. As a URI header it is escaped (RFC 3261 §19.1.1, §25.1 `hvalue`):
 * `;` `=` `@` and everything else but unreserved and `[ ] / ? : + $` become %XX.
 */

/** What the Replaces of a consultation transfer names: the consultation call's dialog. */
export interface ReplacedDialog {
  /** The target's URI: the consultation dialog's remote target (its Contact). */
  target: string;
  callId: string;
  localTag: string;
  remoteTag: string;
}

/** §25.1 `hvalue`: unreserved and hnv-unreserved characters stand as they are. */
const HVALUE = /[A-Za-z0-9\-_.!~*'()[\]/?:+$]/;

/**
 * Text escaped for a URI header value (§19.1.1).
 *
 * @example
 * ```ts
 * escapeHeaderValue('a1@h;to-tag=x'); // 'a1%40h%3Bto-tag%3Dx'
 * ```
 */
export function escapeHeaderValue(text: string): string {
  let out = '';
  for (const ch of text) {
    if (HVALUE.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * The Refer-To value of a consultation transfer (RFC 5589 §7.1).
 *
 * @example
 * ```ts
 * referToReplacing({ target: 'sip:carol@10.0.0.3', callId: 'c7@h', localTag: 'L', remoteTag: 'R' });
 * // '<sip:carol@10.0.0.3?Replaces=c7%40h%3Bto-tag%3DR%3Bfrom-tag%3DL>'
 * ```
 */
export function referToReplacing(replaced: ReplacedDialog): string {
  // A URI with headers of its own has no place here; the Contact never carries any (§8.1.1.8).
  const uri = replaced.target.split('?')[0];
  const value = `${replaced.callId};to-tag=${replaced.remoteTag};from-tag=${replaced.localTag}`;
  return `<${uri}?Replaces=${escapeHeaderValue(value)}>`;
}
