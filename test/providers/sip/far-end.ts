/**
 * A far end on a real loopback socket, for the provider's tests on a real socket: it answers
 * each request with `answer(request)` (status, reason, extra headers), or stays silent.
 */
import { createSocket, type Socket } from 'node:dgram';
import { parseMessage, serialise, type SipRequest } from '../../../providers/sip/message.js';
import { responseTo } from './fake-network.js';

/** What a far end answers a request with: zero or more responses. */
export type Answer = (request: SipRequest) => Array<[number, string, Array<[string, string]>?]>;

export async function farEnd(answer: Answer = () => []) {
  const socket: Socket = createSocket('udp4');
  const received: SipRequest[] = [];
  socket.on('message', (data, from) => {
    const outcome = parseMessage(data);
    if (!outcome.ok || outcome.message.kind !== 'request') return;
    const request = outcome.message;
    received.push(request);
    for (const [status, reason, headers] of answer(request)) socket.send(serialise(responseTo(request, status, reason, { headers })), from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  return {
    port,
    received,
    /** Send raw text to `port` on 127.0.0.1 from this socket. */
    send: (text: string | Buffer, to: number) => new Promise<void>((resolve) => socket.send(text, to, '127.0.0.1', () => resolve())),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
