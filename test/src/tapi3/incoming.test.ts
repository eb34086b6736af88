/**
 * TAPI 3 and calls that arrive: RegisterCallNotifications as owner gives TE_CALLNOTIFICATION
 * (CNE_OWNER) then CS_OFFERING; Answer; Disconnect with DC_REJECTED / DC_NOANSWER / DC_NORMAL and
 * the cause that goes with CS_DISCONNECTED; a monitor's call cannot be answered; caller ID and
 * origin in ITCallInfo.
 */
import { describe, expect, it } from 'vitest';
import {
  CIL_ORIGIN,
  CIL_REASON,
  CIS_CALLEDIDNUMBER,
  CIS_CALLERIDNAME,
  CIS_CALLERIDNUMBER,
  CNE_MONITOR,
  CNE_OWNER,
  CP_MONITOR,
  CP_OWNER,
  CS_OFFERING,
  DC_NOANSWER,
  DC_NORMAL,
  DC_REJECTED,
  S_OK,
  TAPI_E_INVALCALLSTATE,
  TAPI_E_NOTOWNER,
  TAPIMEDIATYPE_AUDIO,
  type ITCall,
} from '../../../src/tapi3/index.js';
import { CS_CONNECTED, tapi3Harness } from './tapi3-harness.js';

async function offered(owner: boolean, monitor: boolean, sim: Parameters<typeof tapi3Harness>[0] = { timing: 'instant' }) {
  const h = await tapi3Harness(sim);
  const registration = h.tapi.RegisterCallNotifications(h.address, monitor, owner, TAPIMEDIATYPE_AUDIO, 42);
  expect(registration).toBeGreaterThan(0);
  h.sim.offerCall(0, { from: '5550123', name: 'Bob', abandonAfterMs: 60_000 });
  await new Promise((resolve) => setImmediate(resolve));
  return h;
}

describe('TAPI 3: calls that arrive', () => {
  it('an owner hears TE_CALLNOTIFICATION (CNE_OWNER), then CS_OFFERING; Answer gives S_OK and CS_CONNECTED', async () => {
    const h = await offered(true, false);
    const [notification] = h.notifications();
    expect([notification.Event, notification.CallbackInstance, notification.Call.Privilege]).toEqual([CNE_OWNER, 42, CP_OWNER]);
    const call: ITCall = notification.Call;
    expect(call.CallState).toBe(CS_OFFERING);
    expect([call.CallInfoString(CIS_CALLERIDNUMBER), call.CallInfoString(CIS_CALLERIDNAME), call.CallInfoString(CIS_CALLEDIDNUMBER)]).toEqual(['5550123', 'Bob', '100']);
    expect([call.CallInfoLong(CIL_ORIGIN), call.CallInfoLong(CIL_REASON)]).toEqual([0x4 /* LINECALLORIGIN_EXTERNAL */, 0x1 /* LINECALLREASON_DIRECT */]);
    expect(await h.drive(call.Answer())).toBe(S_OK);
    expect(call.CallState).toBe(CS_CONNECTED);
    expect(await call.Answer()).toBe(TAPI_E_INVALCALLSTATE);
    expect(h.statesOf(call)).toEqual(['CS_OFFERING/NONE', 'CS_CONNECTED/NONE']);
    expect(await h.drive(call.Disconnect(DC_NORMAL))).toBe(S_OK);
    expect(h.statesOf(call).at(-1)).toBe('CS_DISCONNECTED/NORMAL');
    call.Release();
    await h.shutdown();
  });

  it.each([
    [DC_REJECTED, 'REJECT', 'REJECTED'],
    [DC_NOANSWER, 'NOANSWER', 'NOANSWER'],
    [DC_NORMAL, 'NORMAL', 'NORMAL'],
  ] as const)('Disconnect(%s) on an offered call turns it down with %s; CS_DISCONNECTED carries CEC_DISCONNECT_%s', async (code, mode, cec) => {
    const h = await offered(true, false, { timing: { drop: 10 } });
    const call = h.notifications()[0].Call;
    const disconnecting = call.Disconnect(code);
    expect(h.sim.calls()[0].refusedWith).toBe(mode);
    expect(await h.drive(disconnecting)).toBe(S_OK);
    expect(h.statesOf(call)).toEqual(['CS_OFFERING/NONE', `CS_DISCONNECTED/${cec}`]);
    call.Release();
    await h.shutdown();
  });

  it('a monitor (registered without fOwner) sees the call but cannot answer it or turn it down', async () => {
    const h = await offered(false, true);
    const [notification] = h.notifications();
    expect([notification.Event, notification.Call.Privilege]).toEqual([CNE_MONITOR, CP_MONITOR]);
    expect(await notification.Call.Answer()).toBe(TAPI_E_NOTOWNER);
    expect(await notification.Call.Disconnect(DC_REJECTED)).toBe(TAPI_E_NOTOWNER);
    notification.Call.Release();
    await h.shutdown();
  });

  it('without a registration the application hears nothing of the call', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    h.sim.offerCall(0, { from: '5550123' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.notifications()).toEqual([]);
    await h.shutdown();
  });

  it('the caller gives up while the call is offered: CS_DISCONNECTED with CEC_DISCONNECT_CANCELLED; Answer then fails', async () => {
    const h = await offered(true, false);
    const call = h.notifications()[0].Call;
    h.clock.advance(60_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.statesOf(call)).toEqual(['CS_OFFERING/NONE', 'CS_DISCONNECTED/CANCELLED']);
    expect(await call.Answer()).toBe(TAPI_E_INVALCALLSTATE);
    call.Release();
    await h.shutdown();
  });
});
