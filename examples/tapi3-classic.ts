/**
 * The classic TAPI 3 flow, as a TAPI 3 application writes it in C++: Initialize, find an address
 * that supports audio, CreateCall, set the event filter and register the sink (Advise), Connect
 * asynchronously, wait for CS_CONNECTED from TE_CALLSTATE, Disconnect, Release, Shutdown.
 * `docs/tapi3.md` walks through the same steps. Run by `test/examples/tapi3-classic.test.ts`.
 */
import { simulatedProvider } from '../providers/simulated/index.js';
import type { Clock } from '../providers/provider.js';
import {
  CS_CONNECTED,
  CS_DISCONNECTED,
  DC_NORMAL,
  LINEADDRESSTYPE_PHONENUMBER,
  TAPIMEDIATYPE_AUDIO,
  TE_CALLSTATE,
  createTapi3,
  hresultName,
} from '../src/tapi3/index.js';

const CS = ['CS_IDLE', 'CS_INPROGRESS', 'CS_CONNECTED', 'CS_DISCONNECTED'];
const CEC = ['CEC_NONE', 'CEC_DISCONNECT_NORMAL', 'CEC_DISCONNECT_BUSY', 'CEC_DISCONNECT_BADADDRESS', 'CEC_DISCONNECT_NOANSWER'];

export async function classic(options: { clock?: Clock; log?: (line: string) => void; destination?: string } = {}) {
  const log = options.log ?? console.log;
  const tapi = createTapi3({
    clock: options.clock,
    providers: [simulatedProvider({ timing: 'instant', numbers: { '5550199': { outcome: 'busy' } } })],
  });
  log(`Initialize: ${hresultName(await tapi.Initialize())}`);

  // Find an address that supports audio.
  const address = tapi.Addresses.find((a) => a.QueryMediaType(TAPIMEDIATYPE_AUDIO));
  if (!address) throw new Error('no address supports audio');
  log(`address: ${address.AddressName} (${address.ServiceProviderName})`);

  const call = address.CreateCall(options.destination ?? '+1 (425) 555-0111', LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO);

  // Register for call-state events before Connect ("the application must register the
  // outgoing interface before calling Connect").
  tapi.EventFilter = TE_CALLSTATE;
  let settle: (state: number) => void = () => {};
  const outcome = new Promise<number>((resolve) => (settle = resolve));
  const cookie = tapi.Advise({
    Event(tapiEvent, event) {
      if (tapiEvent !== TE_CALLSTATE) return;
      const { State, Cause } = event; // an ITCallStateEvent: the TE_ value narrows it
      log(`TE_CALLSTATE ${CS[State]} ${CEC[Cause] ?? Cause}`);
      if (State === CS_CONNECTED || State === CS_DISCONNECTED) settle(State);
    },
  });

  log(`Connect(async): ${hresultName(await call.Connect(false))}`);
  const state = await outcome;
  if (state === CS_CONNECTED) log(`Disconnect: ${hresultName(await call.Disconnect(DC_NORMAL))}`);

  call.Release();
  tapi.Unadvise(cookie);
  log(`Shutdown: ${hresultName(await tapi.Shutdown())}`);
  return { connected: state === CS_CONNECTED, finalState: call.CallState };
}
