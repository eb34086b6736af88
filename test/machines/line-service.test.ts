/**
 * The line supervisor's service: a provider takes an open line out of service and brings it back
 * through the `link` it got with openLine (the contract's rule 8). The line refuses calls while
 * out, emits `line.service` on each change, closes from either substate, ignores reports while
 * opening, and a report after the line has closed or stopped is harmless.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { callsOf, lineMachine, type LineEmitted } from '../../machines/line.js';
import { bindProviders } from '../../machines/resources.js';
import type { CallRequest, LineLink, LineServiceEvent, Provider, ProviderCommand, ProviderEvent, ProviderLine } from '../../providers/provider.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { scriptedDevice } from '../support/scripted-provider.js';

const OUT: LineServiceEvent = { type: 'PROVIDER.LINE.OUTOFSERVICE', error: 'INVALLINESTATE', message: 'registration refresh failed: 503 Service Unavailable' };
const IN: LineServiceEvent = { type: 'PROVIDER.LINE.INSERVICE' };

/** A plain provider whose openLine captures the line's service report and resolves when the test says so. */
function fakeProvider() {
  let opened: () => void = () => {};
  const fake = {
    report: null as LineLink['service'] | null,
    commands: [] as ProviderCommand['type'][],
    callReports: [] as Array<(event: ProviderEvent) => void>,
    /** Let openLine resolve. */
    open: () => opened(),
    provider: {
      name: 'fake',
      lines: [scriptedDevice({ maxCalls: 2 })],
      openLine(_lineIndex: number, link: LineLink) {
        fake.report = link.service;
        const line: ProviderLine = {
          makeCall(request: CallRequest) {
            fake.callReports.push((event) => link.report(request.callId, event));
            const note = (type: ProviderCommand['type']) => () => void fake.commands.push(type);
            note('MAKE')();
            return { dial: note('DIAL'), generateDigits: note('GENERATE_DIGITS'), drop: note('DROP'), dispose: () => {} };
          },
        };
        return new Promise<ProviderLine>((resolve) => (opened = () => resolve(line)));
      },
      shutdown: async () => {},
    } satisfies Provider,
  };
  return fake;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

async function openLine() {
  const fake = fakeProvider();
  const line = createActor(lineMachine, { clock: new ManualClock(), input: { deviceId: 3, providerIndex: 0, lineIndex: 0, device: fake.provider.lines[0] } });
  bindProviders(line.system, [fake.provider]);
  const emitted: LineEmitted[] = [];
  line.on('*', (event) => emitted.push(event));
  line.start();
  let seq = 0;
  const create = () => {
    const callId = `c${++seq}`;
    line.send({ type: 'CALL.CREATE', callId, address: '5550111', destination: '5550111', complete: true });
    return emitted.find((e) => 'callId' in e && e.callId === callId);
  };
  const service = () => emitted.filter((e) => e.type === 'line.service');
  return { fake, line, emitted, create, service };
}

/** An open line with one call the provider has connected. */
async function connectedCall() {
  const opened = await openLine();
  opened.fake.open();
  await settle();
  const created = opened.create();
  const ref = callsOf(opened.line.getSnapshot())[(created as { slot: string }).slot];
  ref.send({ type: 'MAKE' });
  opened.fake.callReports[0]({ type: 'PROVIDER.CONNECTED' });
  return { ...opened, ref };
}

afterEach(() => vi.restoreAllMocks());

describe('line service', () => {
  it('out of service: substate, the why in context, one line.service, calls refused with INVALLINESTATE', async () => {
    const { fake, line, create, service } = await openLine();
    fake.open();
    await settle();
    expect(line.getSnapshot().value).toEqual({ open: 'inService' });
    expect(service()).toEqual([]); // opening in service announces nothing
    fake.report?.(OUT);
    expect(line.getSnapshot().value).toEqual({ open: 'outOfService' });
    expect(line.getSnapshot().context.outOfService).toBe('registration refresh failed: 503 Service Unavailable');
    expect(service()).toEqual([{ type: 'line.service', deviceId: 3, inService: false, error: 'INVALLINESTATE', message: 'registration refresh failed: 503 Service Unavailable' }]);
    expect(create()).toEqual({ type: 'call.refused', callId: 'c1', error: 'INVALLINESTATE' });
    // Still out, for another reason: the why is the latest, and nothing is announced again.
    fake.report?.({ type: 'PROVIDER.LINE.OUTOFSERVICE', error: 'INVALLINESTATE', message: 'registration refresh failed: no response' });
    expect(line.getSnapshot().context.outOfService).toBe('registration refresh failed: no response');
    expect(service()).toHaveLength(1);
    fake.report?.(IN);
    expect(line.getSnapshot().value).toEqual({ open: 'inService' });
    expect(line.getSnapshot().context.outOfService).toBeNull();
    expect(service().at(-1)).toEqual({ type: 'line.service', deviceId: 3, inService: true, error: null, message: null });
    expect(create()).toMatchObject({ type: 'call.created', callId: 'c2' });
    fake.report?.(IN); // already in service: no change
    expect(service()).toHaveLength(2);
  });

  it('the core does not drop the calls of a line that goes out of service: the provider fails them', async () => {
    const { fake, ref } = await connectedCall();
    fake.report?.(OUT);
    expect(fake.commands).toEqual(['MAKE']);
    expect(ref.getSnapshot().context.state).toBe('connected');
    // The provider fails it (rule 8); the call goes on to its end as any failed call does.
    fake.callReports[0]({ type: 'PROVIDER.FAILED', error: 'INVALLINESTATE', message: 'the line went out of service' });
    expect(ref.getSnapshot().context.cause).toMatchObject({ origin: 'provider', error: 'INVALLINESTATE' });
  });

  it('a transfer request on a provider whose calls cannot be asked (no answerTransferRequest): refused by the chart, ignored by the service, the call stays connected', async () => {
    const { fake, ref } = await connectedCall();
    const told: boolean[] = [];
    ref.on('transferRequested', (event) => told.push(event.refused));
    fake.callReports[0]({ type: 'PROVIDER.TRANSFER_REQUESTED', to: 'sip:carol@b.example' });
    expect(told).toEqual([true]);
    expect(ref.getSnapshot().context.state).toBe('connected');
    expect(ref.getSnapshot().context.cause).toBeNull();
    expect(fake.commands).toEqual(['MAKE']);
  });

  it('CLOSE works from outOfService, and the why is gone with the open line', async () => {
    const { fake, line } = await openLine();
    fake.open();
    await settle();
    fake.report?.(OUT);
    line.send({ type: 'CLOSE' });
    await settle();
    expect(line.getSnapshot().value).toBe('closed');
    expect(line.getSnapshot().context.outOfService).toBeNull();
  });

  it('a report after the line closed, or after its actor stopped, is harmless (no throw, no warning)', async () => {
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    const closed = await openLine();
    closed.fake.open();
    await settle();
    closed.line.send({ type: 'CLOSE' });
    await settle();
    expect(closed.line.getSnapshot().status).toBe('done');
    expect(() => closed.fake.report?.(OUT)).not.toThrow();
    expect(closed.line.getSnapshot().value).toBe('closed');
    expect(closed.service()).toEqual([]);

    const stopped = await openLine();
    stopped.fake.open();
    await settle();
    stopped.line.stop();
    expect(() => stopped.fake.report?.(OUT)).not.toThrow();
    expect(() => stopped.fake.report?.(IN)).not.toThrow();
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('reports while opening are ignored; the line opens in service', async () => {
    const { fake, line, service } = await openLine();
    expect(line.getSnapshot().value).toBe('opening');
    fake.report?.(OUT);
    expect(line.getSnapshot().value).toBe('opening');
    fake.open();
    await settle();
    expect(line.getSnapshot().value).toEqual({ open: 'inService' });
    expect(service()).toEqual([]);
  });

  it('passes on only the two line-service events: anything else a provider reports is dropped', async () => {
    const { fake, line } = await openLine();
    fake.open();
    await settle();
    const report = fake.report as (event: unknown) => void;
    report({ type: 'CLOSE' });
    report(null);
    report({ type: 'PROVIDER.LINE.OUTOFSERVICE' }); // no message: still out of service, with an empty why
    expect(line.getSnapshot().value).toEqual({ open: 'outOfService' });
    expect(line.getSnapshot().context.outOfService).toBe('');
  });
});
