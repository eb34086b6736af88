/**
 * The dialable address parser: every special character of TAPI's dialable and canonical formats
 * ("Dialable Addresses"; docs/reference/dialable-addresses.md), the errors at the first offending character, and a property test that no
 * input at all makes it throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AddressCapabilities, MAX_ADDRESS_LENGTH, parseAddress } from '../../../src/address/parse-address.js';

const none: AddressCapabilities = { dialing: { dialtone: false, quiet: false, billing: false, voiceDetect: false }, uriAddresses: false };
const all: AddressCapabilities = { dialing: { dialtone: true, quiet: true, billing: true, voiceDetect: true }, uriAddresses: true };

const ok = (input: string, caps = none) => {
  const result = parseAddress(input, caps);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(input)} to parse, got ${result.error} at ${result.index}`);
  return result.address;
};
const error = (input: string, caps = none) => {
  const result = parseAddress(input, caps);
  return result.ok ? 'ok' : `${result.error}@${result.index}`;
};

describe('parseAddress', () => {
  it('takes digits, A-D, * and # as they are', () => {
    expect(ok('0123456789ABCDabcd*#').dialString).toBe('0123456789ABCDabcd*#');
  });

  it('drops formatting: the canonical "+1 (425) 555-0111" dials +14255550111', () => {
    expect(ok('+1 (425) 555-0111')).toMatchObject({ kind: 'dialable', dialString: '+14255550111', partial: false });
    expect(ok('555.0111 / 22').dialString).toBe('555011122');
  });

  it('keeps the modifiers every line can do: hookflash, pulse, tone, pause', () => {
    expect(ok('9,,!P123T456p7t8').dialString).toBe('9,,!P123T456p7t8');
  });

  it('";" at the end makes the address partial, and ";" alone is an empty partial address', () => {
    expect(ok('555;')).toMatchObject({ dialString: '555', partial: true });
    expect(ok('555 ; ')).toMatchObject({ dialString: '555', partial: true });
    expect(ok(';')).toMatchObject({ dialString: '', partial: true });
  });

  it('";" anywhere but the end of the number is INVALADDRESS at that character', () => {
    expect(error('55;5')).toBe('INVALADDRESS@3');
  });

  it('W, @, $, : give DIALDIALTONE, DIALQUIET, DIALBILLING, DIALVOICEDETECT on a line that cannot do them', () => {
    expect(error('9W5550111')).toBe('DIALDIALTONE@1');
    expect(error('9w5550111')).toBe('DIALDIALTONE@1');
    expect(error('5550111@22')).toBe('DIALQUIET@7');
    expect(error('1800$1234')).toBe('DIALBILLING@4');
    expect(error('555:1')).toBe('DIALVOICEDETECT@3');
  });

  it('on a line that can do them, W @ $ : are dialled', () => {
    expect(ok('9W555@$1:2', all).dialString).toBe('9W555@$1:2');
  });

  it('"?" is DIALPROMPT on every line, since no provider prompts', () => {
    expect(error('555?1', all)).toBe('DIALPROMPT@3');
  });

  it('the first offending character decides, whatever follows', () => {
    expect(error('1$2W3?')).toBe('DIALBILLING@1');
    expect(error('1?2x')).toBe('DIALPROMPT@1');
    expect(error('1x2?')).toBe('INVALADDRESS@1');
  });

  it('letters where none may stand are INVALADDRESS', () => {
    expect(error('555-CALL-NOW')).toBe('INVALADDRESS@6'); // C and A are DTMF digits; L is not
    expect(error('hello')).toBe('INVALADDRESS@0');
  });

  it('control characters, CR and LF are INVALADDRESS (no inverse multiplexing, nothing for a protocol header)', () => {
    expect(error('555\r\n666')).toBe('INVALADDRESS@3');
    expect(error('555\n')).toBe('INVALADDRESS@3');
    expect(error('5\u00005')).toBe('INVALADDRESS@1');
    expect(error('5\u007f5')).toBe('INVALADDRESS@1');
    expect(error('5\u00855')).toBe('INVALADDRESS@1');
  });

  it('"+" may only open the number', () => {
    expect(error('1+2')).toBe('INVALADDRESS@1');
  });

  it('empty is INVALADDRESS where an address is needed, and allowed where lineDial finishes a partial dial', () => {
    expect(error('')).toBe('INVALADDRESS@0');
    expect(error('  - ')).toBe('INVALADDRESS@0');
    expect(parseAddress('', none, { allowEmpty: true })).toMatchObject({ ok: true, address: { dialString: '', partial: false } });
  });

  it(`longer than ${MAX_ADDRESS_LENGTH} characters is INVALADDRESS`, () => {
    expect(error('1'.repeat(MAX_ADDRESS_LENGTH))).toBe('ok');
    expect(error('1'.repeat(MAX_ADDRESS_LENGTH + 1))).toBe(`INVALADDRESS@${MAX_ADDRESS_LENGTH}`);
  });

  it('splits subaddress (|) and name (^) off the number', () => {
    expect(ok('5550111|1234^Front Desk')).toMatchObject({ dialString: '5550111', subaddress: '1234', name: 'Front Desk' });
    expect(ok('5550111^Zoë')).toMatchObject({ subaddress: null, name: 'Zoë' });
    expect(error('5550111|12\t3')).toBe('INVALADDRESS@10');
    expect(error('5550111^a\nb')).toBe('INVALADDRESS@9');
  });

  it('takes a valid sip: URI on a line that carries URIs, and refuses it elsewhere', () => {
    expect(ok('sip:bob@example.test', all)).toMatchObject({ kind: 'uri', dialString: 'sip:bob@example.test' });
    expect(ok('sips:alice@127.0.0.1:5061;transport=tls', all).kind).toBe('uri');
    expect(error('sip:bob@example.test')).toBe('INVALADDRESS@0');
    expect(error('sip:bob@exa mple.test', all)).toBe('INVALADDRESS@11');
    expect(error('sip:bob@example.test\r\nVia: evil', all)).toBe('INVALADDRESS@20');
    expect(error('sip:<bob>@x', all)).toBe('INVALADDRESS@0');
  });

  it('never throws, and an accepted address has no control character and fits the limit (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.stringMatching(/^[0-9WwP@$?;:|^+ ()-]{0,40}$/)), fc.boolean(), fc.boolean(), (input, caps, allowEmpty) => {
          const result = parseAddress(input, caps ? all : none, { allowEmpty });
          if (result.ok) {
            expect(input.length).toBeLessThanOrEqual(MAX_ADDRESS_LENGTH);
            expect(/[\x00-\x1f\x7f]/.test(result.address.dialString)).toBe(false);
            expect(result.address.dialString.includes(';')).toBe(result.address.kind === 'uri' && result.address.dialString.includes(';'));
          } else {
            expect(result.index).toBeGreaterThanOrEqual(0);
            expect(result.index).toBeLessThanOrEqual(Math.max(input.length, MAX_ADDRESS_LENGTH));
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('never throws on things that are not strings (JavaScript callers)', () => {
    for (const value of [null, undefined, 42, {}, [], Symbol('x')]) {
      expect(parseAddress(value as unknown as string, none)).toMatchObject({ ok: false, error: 'INVALADDRESS' });
    }
  });
});
