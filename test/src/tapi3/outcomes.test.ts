/**
 * Every outcome the simulated switch can play, through Connect in both modes: the HRESULT, the
 * TE_CALLSTATE sequence with its causes, and the final CallState.
 */
import { describe, expect, it } from 'vitest';
import type { NumberEntry } from '../../../providers/simulated/index.js';
import {
  CS_CONNECTED,
  CS_DISCONNECTED,
  CS_INPROGRESS,
  DC_NORMAL,
  S_OK,
  TAPI_E_DESTBUSY,
  TAPI_E_DESTNOANSWER,
  TAPI_E_DESTUNAVAIL,
  TAPI_E_DROPPED,
} from '../../../src/tapi3/index.js';
import { flush, tapi3Harness } from './tapi3-harness.js';

interface Outcome {
  name: string;
  entry: NumberEntry;
  /** What Connect(true) returns. */
  sync: number;
  /** The TE_CALLSTATE events up to the outcome. */
  events: string[];
  /** CallState once the outcome is known. */
  state: number;
}

const OUTCOMES: Outcome[] = [
  { name: 'answer', entry: { outcome: 'answer', rings: 2 }, sync: S_OK, events: ['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE'], state: CS_CONNECTED },
  { name: 'busy', entry: { outcome: 'busy' }, sync: TAPI_E_DESTBUSY, events: ['CS_INPROGRESS/NONE', 'CS_DISCONNECTED/BUSY'], state: CS_DISCONNECTED },
  { name: 'no answer', entry: { outcome: 'no-answer', rings: 3 }, sync: TAPI_E_DESTNOANSWER, events: ['CS_INPROGRESS/NONE', 'CS_DISCONNECTED/NOANSWER'], state: CS_DISCONNECTED },
  { name: 'unreachable', entry: { outcome: 'unreachable' }, sync: TAPI_E_DESTUNAVAIL, events: ['CS_INPROGRESS/NONE', 'CS_DISCONNECTED/FAILED'], state: CS_DISCONNECTED },
  { name: 'reject', entry: { outcome: 'reject' }, sync: TAPI_E_DROPPED, events: ['CS_INPROGRESS/NONE', 'CS_DISCONNECTED/REJECTED'], state: CS_DISCONNECTED },
  {
    name: 'far-end hang-up',
    entry: { outcome: 'answer', hangupAfterMs: 5000 },
    sync: S_OK,
    events: ['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE'],
    state: CS_CONNECTED,
  },
];

const NUMBER = '5550123';

describe.each(OUTCOMES)('outcome: $name', (outcome) => {
  const setup = () => tapi3Harness({ numbers: { [NUMBER]: outcome.entry } });

  it('Connect(true) resolves only with the outcome, and returns the HRESULT that names it', async () => {
    const h = await setup();
    const call = h.create(NUMBER);
    let hr: number | undefined;
    const connecting = call.Connect(true).then((r) => (hr = r));
    await flush();
    expect(hr).toBeUndefined(); // nothing has happened at the switch yet
    expect(call.CallState).toBe(CS_INPROGRESS);
    await h.drive(connecting);
    expect(hr).toBe(outcome.sync);
    expect(call.CallState).toBe(outcome.state);
    await flush();
    expect(h.statesOf(call)).toEqual(outcome.events);
    await finish(h, call, outcome);
    await h.shutdown();
  });

  it('Connect(false) returns S_OK at once; progress and outcome come only as TE_CALLSTATE, in order', async () => {
    const h = await setup();
    const call = h.create(NUMBER);
    expect(await call.Connect(false)).toBe(S_OK);
    expect(call.CallState).toBe(CS_INPROGRESS); // S_OK does not mean connected
    await flush();
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE']);
    // Let the switch play until the outcome is known.
    for (let i = 0; i < 200 && h.statesOf(call).length < outcome.events.length; i++) {
      h.clock.advance(50);
      await flush();
    }
    expect(h.statesOf(call)).toEqual(outcome.events);
    expect(call.CallState).toBe(outcome.state);
    await finish(h, call, outcome);
    await h.shutdown();
  });
});

/** After the outcome: a far end that hangs up ends the call; a connected call is disconnected by us. */
async function finish(h: Awaited<ReturnType<typeof tapi3Harness>>, call: ReturnType<typeof h.create>, outcome: Outcome) {
  if (outcome.name === 'far-end hang-up') {
    h.clock.advance(5000);
    await flush();
    expect(h.statesOf(call)).toEqual([...outcome.events, 'CS_DISCONNECTED/NORMAL']);
    expect(call.CallState).toBe(CS_DISCONNECTED);
  } else if (outcome.state === CS_CONNECTED) {
    expect(await h.drive(call.Disconnect(DC_NORMAL))).toBe(S_OK);
    await flush();
    expect(h.statesOf(call)).toEqual([...outcome.events, 'CS_DISCONNECTED/NORMAL']);
  }
  expect(call.CallState).toBe(CS_DISCONNECTED);
  call.Release();
}
