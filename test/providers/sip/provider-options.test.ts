/**
 * Options are checked when the provider is made (issue 13, defect 8): a timer of 0, a negative
 * one, NaN or one too large for a timer is refused at once with a RangeError that names the
 * option, instead of surfacing later as a retransmission storm, a REGISTER flood or a call that
 * never times out.
 */
import { describe, expect, it } from 'vitest';
import { sipProvider, type SipProviderOptions } from '../../../providers/sip/index.js';

const lines = [{ aor: 'sip:alice@127.0.0.1' }];
const make = (options: Partial<SipProviderOptions>) => () => sipProvider({ lines, ...options });

describe('provider options are checked at construction', () => {
  it.each([0, -1, -500, Number.NaN, Number.POSITIVE_INFINITY, 1e12, 2 ** 31, 0.5])('timers.t1 = %s is refused', (t1) => {
    expect(make({ timers: { t1 } })).toThrow(RangeError);
    expect(make({ timers: { t1 } })).toThrow(/timers\.t1/);
  });

  it.each(['t2', 't4'] as const)('timers.%s = 0, NaN, huge are refused', (name) => {
    for (const value of [0, Number.NaN, 1e12]) expect(make({ timers: { [name]: value } })).toThrow(new RegExp(`timers\\.${name}`));
  });

  it('T2 below T1 is refused', () => {
    expect(make({ timers: { t1: 1000, t2: 500 } })).toThrow(/T2/);
  });

  it.each([0, -1, Number.NaN, 1e15, 999])('registrationRetry = %s is refused', (registrationRetry) => {
    expect(make({ registrationRetry })).toThrow(/registrationRetry/);
  });

  it('registrationRetryMax below registrationRetry, or absurd, is refused', () => {
    expect(make({ registrationRetry: 60_000, registrationRetryMax: 30_000 })).toThrow(/registrationRetryMax/);
    expect(make({ registrationRetryMax: Number.NaN })).toThrow(/registrationRetryMax/);
  });

  it.each([
    [{ localPort: -1 }, /localPort/],
    [{ localPort: 65536 }, /localPort/],
    [{ localPort: 1.5 }, /localPort/],
    [{ recvBufferSize: 0 }, /recvBufferSize/],
    [{ recvBufferSize: Number.NaN }, /recvBufferSize/],
    [{ lines: [{ aor: 'sip:a@h', registrar: { expires: 0 } }] }, /registrar\.expires/],
    [{ lines: [{ aor: 'sip:a@h', registrar: { expires: Number.NaN } }] }, /registrar\.expires/],
    [{ lines: [{ aor: 'sip:a@h', registrar: { expires: 1e20 } }] }, /registrar\.expires/],
    [{ media: { threads: -1 } }, /media\.threads/],
    [{ media: { threads: 1.5 } }, /media\.threads/],
    [{ media: { threads: Number.NaN } }, /media\.threads/],
    [{ media: { threads: 65 } }, /media\.threads/],
    // Every media thread needs a pair of ports of its own, with room: four ports a thread at least.
    [{ media: { threads: 3, ports: { min: 30000, max: 30009 } } }, /media\.threads/],
  ] as Array<[Partial<SipProviderOptions>, RegExp]>)('%j is refused', (options, message) => {
    expect(make(options)).toThrow(message);
  });

  it('good values pass, and the RFC defaults are the default', () => {
    expect(make({ timers: { t1: 50, t2: 400, t4: 500 }, registrationRetry: 5000, localPort: 0, recvBufferSize: 1 << 20 })).not.toThrow();
    expect(make({})).not.toThrow();
    expect(make({ media: { threads: 2, ports: { min: 30000, max: 30007 } } })).not.toThrow();
  });
});
