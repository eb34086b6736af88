/**
 * The dialable address parser: TAPI's dialable and canonical address formats (Microsoft,
 * "Dialable Addresses" and "Canonical Addresses" on the address-ovr page; docs/reference/dialable-addresses.md).
 *
 * It is pure and never throws. It either returns the address split into what the provider dials
 * and what rides along (subaddress, name), or the LINEERR_ that TAPI gives, at the first
 * offending character, with nothing dialled (lineMakeCall remarks: "none of the dialable address
 * prior to the offending character has been dialed").
 *
 * Choices where TAPI leaves room, all documented in the README:
 * - Formatting characters (space, `-`, `.`, `(`, `)`, `/`) may stand anywhere in the number and
 *   are dropped from the dial string, as lineTranslateAddress drops them.
 * - CR and LF are refused (LINEERR_INVALADDRESS): xtapi does not do inverse multiplexing, and a
 *   line break must never reach a protocol message.
 * - `+` may only open the number.
 * - An address is at most {@link MAX_ADDRESS_LENGTH} characters.
 * - `sip:`/`sips:` URIs are taken as they are, after validation, on lines that carry URIs.
 */
import type { LineDevice } from '../../providers/provider.js';
import { DTMF_DIGIT } from '../../providers/dtmf.js';

/** The longest address xtapi accepts, in characters. TAPI documents no limit; this is ours. */
export const MAX_ADDRESS_LENGTH = 256;

/** The errors an address can give (LINEERR_ names). */
export type AddressError = 'INVALADDRESS' | 'DIALDIALTONE' | 'DIALQUIET' | 'DIALBILLING' | 'DIALPROMPT' | 'DIALVOICEDETECT';

/** A parsed address. */
export interface ParsedAddress {
  /** `dialable` for a phone number in dialable or canonical format; `uri` for a SIP URI. */
  kind: 'dialable' | 'uri';
  /** The address as given. */
  input: string;
  /** What the provider dials: digits and modifiers without formatting and without `;`; or the URI. */
  dialString: string;
  /** Whether the address ended in `;`: more digits follow with lineDial. */
  partial: boolean;
  /** The subaddress after `|`, or null. */
  subaddress: string | null;
  /** The ISDN name after `^`, or null. */
  name: string | null;
}

/** The outcome of {@link parseAddress}. */
export type ParseResult =
  | { ok: true; address: ParsedAddress }
  | { ok: false; error: AddressError; index: number; message: string };

/** What the parser needs to know about the line. */
export type AddressCapabilities = Pick<LineDevice, 'dialing' | 'uriAddresses'>;

/** Options of {@link parseAddress}. */
export interface ParseOptions {
  /** Accept the empty string (lineDial's "" that finishes a partial dial). Default false. */
  allowEmpty?: boolean;
}

const FORMATTING = new Set([' ', '-', '.', '(', ')', '/']);
const DIGITS = DTMF_DIGIT;
/** Modifiers every line carries out: hookflash, pulse, tone, pause. */
const ALWAYS = new Set(['!', 'P', 'p', 'T', 't', ',']);
const SIP_URI = /^sips?:(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+@)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:;[A-Za-z0-9\-_.!~*'()&=+$%]+)*$/;

const fail = (error: AddressError, index: number, message: string): ParseResult => ({ ok: false, error, index, message });

function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** A dial modifier the line may not support, and the error it gives when it does not. */
function modifierError(ch: string, caps: AddressCapabilities): AddressError | null | undefined {
  switch (ch) {
    case 'W':
    case 'w':
      return caps.dialing.dialtone ? null : 'DIALDIALTONE';
    case '@':
      return caps.dialing.quiet ? null : 'DIALQUIET';
    case '$':
      return caps.dialing.billing ? null : 'DIALBILLING';
    case ':':
      return caps.dialing.voiceDetect ? null : 'DIALVOICEDETECT';
    case '?':
      return 'DIALPROMPT'; // "providers never do this and always reject the string"
    default:
      return undefined;
  }
}

function parseUri(input: string, caps: AddressCapabilities): ParseResult {
  for (let i = 0; i < input.length; i++) {
    if (isControl(input.charCodeAt(i)) || input[i] === ' ') return fail('INVALADDRESS', i, 'a URI cannot hold spaces or control characters');
  }
  if (!caps.uriAddresses) return fail('INVALADDRESS', 0, 'this line takes phone numbers, not URIs');
  if (!SIP_URI.test(input)) return fail('INVALADDRESS', 0, 'not a valid sip: or sips: URI');
  return { ok: true, address: { kind: 'uri', input, dialString: input, partial: false, subaddress: null, name: null } };
}

/**
 * Parse a destination address for a line.
 *
 * @example
 * ```ts
 * const caps = { dialing: { dialtone: false, quiet: false, billing: false, voiceDetect: false }, uriAddresses: false };
 * parseAddress('+1 (425) 555-0111', caps);
 * // { ok: true, address: { kind: 'dialable', dialString: '+14255550111', partial: false, … } }
 * parseAddress('9W5550111', caps);
 * // { ok: false, error: 'DIALDIALTONE', index: 1, … }
 * parseAddress('555;', caps).ok && parseAddress('555;', caps).address.partial; // true
 * ```
 */
export function parseAddress(input: string, caps: AddressCapabilities, options: ParseOptions = {}): ParseResult {
  if (typeof input !== 'string') return fail('INVALADDRESS', 0, 'the address is not a string');
  if (input.length > MAX_ADDRESS_LENGTH) {
    return fail('INVALADDRESS', MAX_ADDRESS_LENGTH, `the address is longer than ${MAX_ADDRESS_LENGTH} characters`);
  }
  if (input.length === 0) {
    if (options.allowEmpty) return { ok: true, address: { kind: 'dialable', input, dialString: '', partial: false, subaddress: null, name: null } };
    return fail('INVALADDRESS', 0, 'the address is empty');
  }
  if (/^sips?:/i.test(input)) return parseUri(input, caps);

  let dial = '';
  let partial = false;
  let significant = 0;
  let i = 0;
  // DialableNumber: up to `|` (subaddress) or `^` (name).
  for (; i < input.length; i++) {
    const ch = input[i];
    if (ch === '|' || ch === '^') break;
    if (isControl(input.charCodeAt(i))) return fail('INVALADDRESS', i, `control character 0x${input.charCodeAt(i).toString(16).padStart(2, '0')}`);
    if (partial) {
      if (FORMATTING.has(ch)) continue;
      return fail('INVALADDRESS', i, '";" may only end the number');
    }
    if (FORMATTING.has(ch)) continue;
    if (ch === ';') {
      partial = true;
      continue;
    }
    if (ch === '+') {
      if (significant > 0) return fail('INVALADDRESS', i, '"+" may only open the number');
    } else if (!DIGITS.test(ch) && !ALWAYS.has(ch)) {
      const error = modifierError(ch, caps);
      if (error === undefined) return fail('INVALADDRESS', i, `"${ch}" cannot stand in a dialable address`);
      if (error !== null) return fail(error, i, `the line cannot carry out the "${ch}" dial modifier`);
    }
    dial += ch;
    significant++;
  }
  let subaddress: string | null = null;
  let name: string | null = null;
  if (input[i] === '|') {
    const start = ++i;
    for (; i < input.length && input[i] !== '^'; i++) {
      const code = input.charCodeAt(i);
      if (isControl(code) || code > 0x7e || input[i] === '|') return fail('INVALADDRESS', i, 'the subaddress holds a character it cannot');
    }
    subaddress = input.slice(start, i);
  }
  if (input[i] === '^') {
    const start = ++i;
    for (; i < input.length; i++) {
      if (isControl(input.charCodeAt(i))) return fail('INVALADDRESS', i, 'the name holds a control character');
    }
    name = input.slice(start);
  }
  if (dial.length === 0 && !partial) return fail('INVALADDRESS', 0, 'the address has nothing to dial');
  return { ok: true, address: { kind: 'dialable', input, dialString: dial, partial, subaddress, name } };
}
