/**
 * The To tag of a 2xx, which makes the dialog (RFC 3261 §12.1.2): read wherever linear white
 * space puts it (issue 13, defect 1: `To: sip:bob@host ;tag=abc` lost its tag, the 200 was never
 * ACKed and the call hung until a drop timed out), and a 2xx without one (a broken far end,
 * defect 2) ACKed and released with BYE at once, the call failing as a protocol error with no
 * wait.
 */
import { describe, expect, it } from 'vitest';
import { header } from '../../../providers/sip/message.js';
import { tagOf } from '../../../providers/sip/header-fields.js';
import { expectNothingLeft } from './answered-call.js';
import { fakeCall, responseTo } from './fake-network.js';

/** A call whose INVITE the far end answers 200 with this To. */
function answeredWithTo(to: string) {
  const t = fakeCall();
  t.call.make();
  const invite = t.invite();
  t.deliver(responseTo(invite, 180, 'Ringing'));
  const ok = responseTo(invite, 200, 'OK', { headers: [['contact', '<sip:bob@127.0.0.1:5080>']] });
  ok.headers.set('to', [to]);
  t.deliver(ok);
  return { ...t, ok };
}

describe('the To tag of a 2xx', () => {
  it.each([
    ['sip:5550111@127.0.0.1:5070 ;tag=abc', 'abc'],
    ['sip:5550111@127.0.0.1:5070 ;   tag    = 1918181833n', '1918181833n'],
    ['<sip:5550111@127.0.0.1:5070> ;tag=abc', 'abc'],
    ['<sip:5550111@127.0.0.1:5070>\t;\ttag = abc', 'abc'],
    ['Bob <sip:5550111@127.0.0.1:5070>\r\n ;tag=abc', 'abc'],
  ])('after linear white space: %j is read, ACKed, connected', (to, tag) => {
    expect(tagOf(to.replace(/\r\n/g, ''))).toBe(tag);
    const t = answeredWithTo(to);
    expect(t.types()).toEqual(['DIALING', 'RINGBACK', 'CONNECTED']);
    const [ack] = t.requests('ACK');
    expect(tagOf(header(ack, 'to'))).toBe(tag);
    expect(t.endpoint.size.dialogs).toBe(1);
    t.call.drop();
    t.deliver(responseTo(t.requests('BYE')[0], 200, 'OK'));
    expect(t.types().at(-1)).toBe('IDLE');
    expectNothingLeft(t);
  });

  it('missing: the 2xx is ACKed and BYEd at once, the call fails as a protocol error, and a drop is IDLE at once', () => {
    const t = answeredWithTo('<sip:5550111@127.0.0.1:5070>');
    expect(t.requests('ACK')).toHaveLength(1);
    expect(t.requests('BYE')).toHaveLength(1);
    expect(header(t.requests('ACK')[0], 'to')).toBe('<sip:5550111@127.0.0.1:5070>');
    expect(header(t.requests('BYE')[0], 'cseq')).toBe('2 BYE');
    expect(t.events.at(-1)).toEqual({
      type: 'PROVIDER.FAILED',
      error: 'OPERATIONFAILED',
      message: 'protocol error: the 200 OK has no To tag (RFC 3261 §12.1.2); the call was released with BYE',
      detail: { code: 200, reason: 'OK' },
    });
    // The far end resends its 200 (our ACK was lost): ACKed again, nothing more reported.
    t.deliver(t.ok);
    expect(t.requests('ACK')).toHaveLength(2);
    expect(t.types().filter((e) => e === 'FAILED')).toHaveLength(1);
    // No 30 s wait: the application's drop is answered at once, with nothing on the clock for it.
    const at = t.clock.now();
    t.call.drop();
    expect(t.types().at(-1)).toBe('IDLE');
    expect(t.clock.now()).toBe(at);
    t.deliver(responseTo(t.requests('BYE')[0], 200, 'OK'));
    expectNothingLeft(t);
  });

  it('missing, while our CANCEL was on its way: the drop completes (IDLE), the far end gets ACK and BYE', () => {
    const t = fakeCall();
    t.call.make();
    const invite = t.invite();
    t.deliver(responseTo(invite, 180, 'Ringing'));
    t.call.drop(); // CANCEL
    const ok = responseTo(invite, 200, 'OK');
    ok.headers.set('to', [header(invite, 'to')!]);
    t.deliver(ok);
    expect(t.types()).toEqual(['DIALING', 'RINGBACK', 'IDLE']);
    expect(t.requests('ACK')).toHaveLength(1);
    expect(t.requests('BYE')).toHaveLength(1);
    expectNothingLeft(t);
  });
});
