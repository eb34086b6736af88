/**
 * A SIP call that the far end (played by the test) has answered, and the check that a call has
 * left nothing behind: shared by the call's tests.
 */
import { expect } from 'vitest';
import { fakeCall, responseTo } from './fake-network.js';

export const OK_SDP = 'v=0\r\no=uas 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n';

/** The far end's SDP (an offer or an answer) with its audio stream in `direction`, at `version`. */
export function farSdp(direction: string, version = 2): string {
  return `v=0\r\no=uas 1 ${version} IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=${direction}\r\n`;
}

/** A call answered by the far end: 100, 180, 200 (with Record-Route and Contact). */
export function answered(options: Parameters<typeof fakeCall>[0] = {}) {
  const t = fakeCall(options);
  t.call.make();
  const invite = t.invite();
  t.deliver(responseTo(invite, 100, 'Trying'));
  t.deliver(responseTo(invite, 180, 'Ringing'));
  const ok = responseTo(invite, 200, 'OK', {
    headers: [
      ['contact', '<sip:bob@127.0.0.1:5080>'],
      ['record-route', '<sip:127.0.0.1:5060;lr;ftag=x>'],
      ['record-route', '<sip:10.0.0.9;lr>'],
    ],
    body: OK_SDP,
  });
  t.deliver(ok);
  return { ...t, invite, ok };
}

/** After the end: nothing is left on the endpoint or the clock (once Timer D/K have run). */
export function expectNothingLeft(t: Pick<ReturnType<typeof fakeCall>, 'call' | 'clock' | 'endpoint' | 'line'>) {
  t.call.dispose();
  t.clock.runAll();
  expect(t.endpoint.size).toEqual({ clientTransactions: 0, serverTransactions: 0, dialogs: 0 });
  expect(t.clock.pending).toBe(0);
  expect(t.line.forgotten).toBe(1);
}

