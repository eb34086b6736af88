/**
 * Digest authentication against the published test vectors: RFC 2069 (no qop), RFC 2617 §3.5
 * (MD5, qop=auth), RFC 7616 §3.9.1 (SHA-256 and MD5, qop=auth), and curl's test 2061
 * (SHA-256, no qop). SIP computes the response exactly as HTTP does (RFC 3261 §22.4).
 */
import { describe, expect, it } from 'vitest';
import { authorization, parseChallenge, pickChallenge } from '../../../providers/sip/digest.js';

const responseOf = (value: string) => /response="([0-9a-f]+)"/.exec(value)![1];

describe('digest', () => {
  it('RFC 2069: MD5 without qop', () => {
    const challenge = parseChallenge('Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')!;
    const value = authorization(challenge, { username: 'Mufasa', password: 'CircleOfLife', method: 'GET', uri: '/dir/index.html' });
    expect(responseOf(value)).toBe('1949323746fe6a43ef61f9606e7febea');
    expect(value).not.toMatch(/qop|cnonce|nc=/);
    expect(value).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  });

  it('RFC 2617 §3.5: MD5 with qop=auth', () => {
    const challenge = parseChallenge('Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')!;
    expect(challenge.qop).toEqual(['auth', 'auth-int']);
    const value = authorization(challenge, { username: 'Mufasa', password: 'Circle Of Life', method: 'GET', uri: '/dir/index.html', cnonce: '0a4f113b' });
    expect(responseOf(value)).toBe('6629fae49393a05397450978507c4ef1');
    expect(value).toContain('qop=auth, nc=00000001');
  });

  const rfc7616 = (algorithm: string) =>
    parseChallenge(`Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`)!;
  const input = { username: 'Mufasa', password: 'Circle of Life', method: 'GET', uri: '/dir/index.html', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' };

  it('RFC 7616 §3.9.1: SHA-256 with qop=auth', () => {
    const value = authorization(rfc7616('SHA-256'), input);
    expect(responseOf(value)).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
    expect(value).toContain('algorithm=SHA-256');
  });

  it('RFC 7616 §3.9.1: the same with MD5', () => {
    expect(responseOf(authorization(rfc7616('MD5'), input))).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });

  it('curl test 2061: SHA-256 without qop, algorithm quoted', () => {
    const challenge = parseChallenge('Digest realm="testrealm", nonce="1053604145", algorithm="SHA-256"')!;
    const value = authorization(challenge, { username: 'testuser', password: 'testpass', method: 'GET', uri: '/2061' });
    expect(responseOf(value)).toBe('9dc55255f1a2537b838311674b621d45346b862a81631bb20e4ce356ef25062d');
  });

  it('picks the strongest challenge it can answer (RFC 8760 §2.4), ignoring what it cannot', () => {
    const chosen = pickChallenge([
      'Digest realm="r", nonce="n1", algorithm=MD5',
      'Digest realm="r", nonce="n2", algorithm=SHA-512-256',
      'Basic realm="r"',
      'Digest realm="r", nonce="n3", algorithm=SHA-256',
    ]);
    expect(chosen).toMatchObject({ nonce: 'n3', algorithm: 'SHA-256' });
    expect(pickChallenge(['Basic realm="r"', 'Digest nonce="n"'])).toBeNull();
  });

  it('reads quoted values with commas and escapes, and stale', () => {
    expect(parseChallenge('Digest realm="a, \\"b\\"", nonce="x,y", stale=TRUE')).toMatchObject({ realm: 'a, "b"', nonce: 'x,y', stale: true, algorithm: 'MD5', qop: [] });
  });

  it('the header never holds the password', () => {
    const value = authorization(rfc7616('SHA-256'), { ...input, password: 'hunter2-secret' });
    expect(value).not.toContain('hunter2');
  });
});
