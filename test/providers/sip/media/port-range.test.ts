/**
 * The RTP port range on 127.0.0.1, with real sockets: even RTP ports with RTCP on the next (RFC
 * 3550 §11) or none when muxed (RFC 5761), ports in use skipped, a typed error when the range or
 * the attempts run out, ports back on close. The ports are 24000-24199, this file's alone, and
 * below the kernel's ephemeral ports (32768 up), so no outgoing socket of the machine takes them.
 * Every socket is closed at the end of each test.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../providers/provider.js';
import { PortRange, PortRangeExhaustedError, type RtpPorts } from '../../../../providers/sip/media/port-range.js';

const ADDRESS = '127.0.0.1';
const open: RtpPorts[] = [];
const foreign: Socket[] = [];

/** Hold `port` as another program would; null when someone already does (it is in use either way). */
function occupy(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve();
    });
    socket.bind({ address: ADDRESS, port, exclusive: true }, () => {
      foreign.push(socket);
      resolve();
    });
  });
}

async function allocate(range: PortRange, rtcpMux: boolean): Promise<RtpPorts> {
  const ports = await range.allocate({ rtcpMux });
  open.push(ports);
  return ports;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((ports) => ports.close()));
  await Promise.all(foreign.splice(0).map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
});

describe('port-range', () => {
  it('gives an even RTP port and RTCP on the next, both bound (RFC 3550 §11)', async () => {
    const range = new PortRange({ address: ADDRESS, min: 24000, max: 24019 });
    const ports = await allocate(range, false);
    expect(ports.rtpPort % 2).toBe(0);
    expect(ports.rtcpPort).toBe(ports.rtpPort + 1);
    expect(ports.rtpPort).toBeGreaterThanOrEqual(24000);
    expect(ports.rtcpPort).toBeLessThanOrEqual(24019);
    expect(ports.rtp.address()).toEqual({ address: ADDRESS, family: 'IPv4', port: ports.rtpPort });
    expect(ports.rtcp?.address().port).toBe(ports.rtcpPort);
    expect(range.inUse).toBe(1);
  });

  it('muxed, binds the RTP port alone, RTCP on it (RFC 5761)', async () => {
    const range = new PortRange({ address: ADDRESS, min: 24020, max: 24039 });
    const ports = await allocate(range, true);
    expect(ports.rtcp).toBeNull();
    expect(ports.rtcpPort).toBe(ports.rtpPort);
  });

  it('an odd minimum is rounded up to even; consecutive allocations take different pairs', async () => {
    const range = new PortRange({ address: ADDRESS, min: 24041, max: 24059 });
    const a = await allocate(range, false);
    const b = await allocate(range, false);
    expect(a.rtpPort).toBeGreaterThanOrEqual(24042);
    expect([a.rtpPort % 2, b.rtpPort % 2]).toEqual([0, 0]);
    expect(b.rtpPort).not.toBe(a.rtpPort);
  });

  it('skips a pair whose RTP or RTCP port another program holds (EADDRINUSE)', async () => {
    const range = new PortRange({ address: ADDRESS, min: 24060, max: 24069 });
    await occupy(24060); // the first pair's RTP port
    await occupy(24063); // the second pair's RTCP port
    const ports = await allocate(range, false);
    expect(ports.rtpPort).toBeGreaterThanOrEqual(24064);
  });

  it('a range used up fails with PortRangeExhaustedError, RESOURCEUNAVAIL', async () => {
    const range = new PortRange({ address: ADDRESS, min: 24070, max: 24073 });
    await allocate(range, false);
    await allocate(range, false);
    const error = await range.allocate({ rtcpMux: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortRangeExhaustedError);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ lineError: 'RESOURCEUNAVAIL', min: 24070, max: 24073, attempts: 2 });
    expect((error as Error).message).toBe('no free RTP port in 24070-24073 after 2 attempts');
  });

  it('tries no more pairs than maxAttempts', async () => {
    const range = new PortRange({ address: ADDRESS, min: 24080, max: 24099, maxAttempts: 2 });
    await occupy(24080);
    await occupy(24082);
    await expect(range.allocate({ rtcpMux: true })).rejects.toMatchObject({ name: 'PortRangeExhaustedError', attempts: 2 });
  });

  it('closing gives the ports back, and closing twice is the same', async () => {
    const range = new PortRange({ address: ADDRESS, min: 24100, max: 24101 });
    const ports = await range.allocate({ rtcpMux: false });
    await expect(range.allocate({ rtcpMux: false })).rejects.toBeInstanceOf(PortRangeExhaustedError);
    const closing = ports.close();
    expect(ports.close()).toBe(closing);
    await closing;
    expect(range.inUse).toBe(0);
    const again = await allocate(range, false);
    expect(again.rtpPort).toBe(24100);
  });

  it('another bind error (an address that is not ours) rejects with it, and leaves nothing bound', async () => {
    // 192.0.2.1 (TEST-NET-1, RFC 5737) is no local address: the bind fails, and nothing is sent.
    const range = new PortRange({ address: '192.0.2.1', min: 24110, max: 24119 });
    await expect(range.allocate({ rtcpMux: false })).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
    expect(range.inUse).toBe(0);
  });

  it('refuses a range that holds no port', () => {
    expect(() => new PortRange({ address: ADDRESS, min: 24120, max: 24110 })).toThrow(RangeError);
  });
});
