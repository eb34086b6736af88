/**
 * ITAddress.State follows the line's service: AS_OUTOFSERVICE while the provider has the line out
 * of service (or the line is not open), with a TE_ADDRESS / AE_STATE event on each change to the
 * sinks whose EventFilter asks for TE_ADDRESS. CreateCall and Connect on an address out of service
 * give TAPI_E_INVALADDRESSSTATE, as for an address whose line is not open.
 */
import { describe, expect, it } from 'vitest';
import {
  AE_STATE,
  AS_INSERVICE,
  AS_OUTOFSERVICE,
  CS_DISCONNECTED,
  LINEADDRESSTYPE_PHONENUMBER,
  TAPI_E_INVALADDRESSSTATE,
  TAPIMEDIATYPE_AUDIO,
  TE_ADDRESS,
  TE_CALLSTATE,
  type ITAddressEvent,
} from '../../../src/tapi3/index.js';
import { flush, tapi3Harness, thrown } from './tapi3-harness.js';

describe('ITAddress.State and AE_STATE', () => {
  it('AS_OUTOFSERVICE while out of service, AS_INSERVICE when back, one TE_ADDRESS / AE_STATE per change', async () => {
    const h = await tapi3Harness({ timing: 'instant', lines: 2 }, { filter: TE_ADDRESS | TE_CALLSTATE });
    const addressEvents = () => h.seen.filter((s) => s.type === TE_ADDRESS).map((s) => s.event as ITAddressEvent);
    expect(h.address.State).toBe(AS_INSERVICE);

    h.sim.setLineService(0, false, 'trunk down');
    expect(h.address.State).toBe(AS_OUTOFSERVICE);
    expect(h.tapi.Addresses[1].State).toBe(AS_INSERVICE); // the other line is untouched
    expect(addressEvents()).toEqual([]); // delivered after the change, never inside it
    await flush();
    expect(addressEvents()).toEqual([{ Address: h.address, Event: AE_STATE, Terminal: null }]);

    h.sim.setLineService(0, false, 'still down'); // no change of state: no event
    h.sim.setLineService(0, true);
    await flush();
    expect(h.address.State).toBe(AS_INSERVICE);
    expect(addressEvents()).toHaveLength(2);
    expect(addressEvents()[1]).toMatchObject({ Address: h.address, Event: AE_STATE });
    await h.shutdown();
  });

  it('without TE_ADDRESS in the EventFilter no address event is delivered', async () => {
    const h = await tapi3Harness({ timing: 'instant' }, { filter: TE_CALLSTATE });
    h.sim.setLineService(0, false);
    await flush();
    expect(h.address.State).toBe(AS_OUTOFSERVICE);
    expect(h.seen).toEqual([]);
    await h.shutdown();
  });

  it('a line closed under the address is a change too: AE_STATE, AS_OUTOFSERVICE', async () => {
    const h = await tapi3Harness({ timing: 'instant' }, { filter: TE_ADDRESS });
    await h.tapi.telephony.line(0)!.close();
    await flush();
    expect(h.address.State).toBe(AS_OUTOFSERVICE);
    expect(h.seen.map((s) => [s.type, (s.event as ITAddressEvent).Event])).toEqual([[TE_ADDRESS, AE_STATE]]);
    await h.shutdown();
  });

  it('a call connected when the address goes out of service ends CS_DISCONNECTED with CEC_DISCONNECT_FAILED', async () => {
    const h = await tapi3Harness({ timing: 'instant', defaultOutcome: { outcome: 'answer', rings: 1, hangupAfterMs: 60_000 } });
    const call = h.create();
    expect(await call.Connect(true)).toBe(0);
    h.sim.setLineService(0, false);
    await flush();
    expect(h.statesOf(call).at(-1)).toBe('CS_DISCONNECTED/FAILED');
    call.Release();
    await h.shutdown();
  });

  it('CreateCall out of service throws TAPI_E_INVALADDRESSSTATE; Connect of a call created before returns it', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const before = h.create();
    h.sim.setLineService(0, false);
    expect(thrown(() => h.address.CreateCall('5550111', LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO))).toBe(TAPI_E_INVALADDRESSSTATE);
    expect(await before.Connect(true)).toBe(TAPI_E_INVALADDRESSSTATE);
    expect(before.CallState).toBe(CS_DISCONNECTED);
    before.Release();
    h.sim.setLineService(0, true);
    expect(await h.create().Connect(true)).toBe(0);
    await h.shutdown();
  });
});
