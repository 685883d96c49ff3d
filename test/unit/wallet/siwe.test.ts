/**
 * Sign-In with Ethereum (src/wallet/siwe.ts). Properties: every message viem's createSiweMessage
 * (the reference writer) builds from random valid fields parses back to those fields and is bound
 * to the origin it names; random text and mutated messages never throw anything but SIWE_MALFORMED,
 * and whatever a mutation leaves acceptable viem's reader reads the same way. Hostile cases play a
 * phishing page: look-alike domains, other ports and schemes, userinfo, missing and reordered fields.
 */
import fc from 'fast-check';
import { createSiweMessage, parseSiweMessage as viemParse } from 'viem/siwe';
import { beforeAll, describe, expect, it } from 'vitest';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { toChecksumAddress } from '../../../src/wallet/keys.ts';
import { parsePersonalMessage } from '../../../src/wallet/personal-message.ts';
import { signInClaim } from '../../../src/wallet/sign-in-claim.ts';
import { assertSiweFor, checkSignInClaim, dateTimeMs, parseSiweMessage, siweOriginMismatch } from '../../../src/wallet/siwe.ts';

beforeAll(cryptoReady);

const ADDRESS = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2';

/** A message as the ERC's examples write it, with lines replaced or removed where asked. */
function message(header = 'example.com', edit: (lines: string[]) => string[] = (l) => l): string {
  const lines = [
    `${header} wants you to sign in with your Ethereum account:`,
    ADDRESS,
    '',
    'I accept the ExampleOrg Terms of Service: https://example.com/tos',
    '',
    'URI: https://example.com/login',
    'Version: 1',
    'Chain ID: 1',
    'Nonce: 32891756',
    'Issued At: 2021-09-30T16:25:24Z',
    'Resources:',
    '- ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/',
    '- https://example.com/my-web2-claim.json',
  ];
  return edit(lines).join('\n');
}

function malformed(text: string): WalletError {
  try {
    parseSiweMessage(text);
  } catch (err) {
    expect(err).toBeInstanceOf(WalletError);
    expect((err as WalletError).code).toBe('SIWE_MALFORMED');
    return err as WalletError;
  }
  throw new Error(`parsed: ${JSON.stringify(text).slice(0, 200)}`);
}

// No `xn--` label: one that is not valid punycode is no host a browser serves (the URL parser refuses
// it, so no page has that origin); the hostile cases below pin that such a message binds to no page.
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/).filter((l) => !l.startsWith('xn--'));
const host = fc.oneof(
  fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z]{2,6}$/)).map(([ls, tld]) => [...ls, tld].join('.')),
  fc.constant('localhost'),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.')),
);
const domain = fc.tuple(host, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined })).map(([h, p]) => (p === undefined ? h : `${h}:${p}`));
const uri = fc.tuple(fc.constantFrom('https', 'http', 'ipfs', 'urn'), host, fc.stringMatching(/^[a-zA-Z0-9/._~-]{0,20}$/)).map(([s, h, p]) => (s === 'urn' ? `urn:${h}:${p.replace(/\//g, '')}` : `${s}://${h}/${p}`));
const time = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true });
const fields = fc.record(
  {
    scheme: fc.option(fc.oneof(fc.constantFrom('https', 'http'), fc.stringMatching(/^[a-z][a-z0-9+.-]{0,8}$/)), { nil: undefined }),
    domain,
    address: fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => '0x' + Buffer.from(b).toString('hex')),
    statement: fc.option(fc.stringMatching(/^[A-Za-z0-9 .,:/?#[\]@!$&'()*+;=~_-]{1,60}$/), { nil: undefined }),
    uri,
    chainId: fc.integer({ min: 1, max: 2 ** 31 }),
    nonce: fc.stringMatching(/^[A-Za-z0-9]{8,24}$/),
    issuedAt: time,
    expirationTime: fc.option(time, { nil: undefined }),
    notBefore: fc.option(time, { nil: undefined }),
    requestId: fc.option(fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@-]{1,20}$/), { nil: undefined }),
    resources: fc.option(fc.array(uri, { maxLength: 4 }), { nil: undefined }),
  },
  { requiredKeys: ['domain', 'address', 'uri', 'chainId', 'nonce', 'issuedAt'] },
);

describe('SIWE parser, against viem as the reference writer', () => {
  it('reads back every field of any message viem writes, and binds it to the origin it names', () => {
    fc.assert(
      fc.property(fields, (f) => {
        const text = createSiweMessage({ ...f, version: '1' } as Parameters<typeof createSiweMessage>[0]);
        const m = parseSiweMessage(text);
        expect(m.scheme).toBe(f.scheme);
        expect(m.domain).toBe(f.domain);
        expect(m.address).toBe(toChecksumAddress(f.address));
        expect(m.statement).toBe(f.statement);
        expect(m.uri).toBe(f.uri);
        expect(m.chainId).toBe(BigInt(f.chainId));
        expect(m.nonce).toBe(f.nonce);
        expect(m.issuedAtMs).toBe(f.issuedAt!.getTime());
        expect(m.expirationTimeMs).toBe(f.expirationTime?.getTime());
        expect(m.notBeforeMs).toBe(f.notBefore?.getTime());
        expect(m.requestId).toBe(f.requestId);
        expect(m.resources).toEqual(f.resources ?? []);
        // The page at the origin the message names may have it signed; a page one port away may not.
        const scheme = f.scheme ?? 'https';
        if (scheme === 'https' || scheme === 'http') {
          const origin = new URL(`${scheme}://${f.domain}`).origin;
          expect(siweOriginMismatch(m, origin)).toBeUndefined();
          const port = new URL(origin).port || (scheme === 'https' ? '443' : '80');
          expect(siweOriginMismatch(m, new URL(`${scheme}://${f.domain.split(':')[0]}:${(Number(port) % 65535) + 1}`).origin)).toBeDefined();
          expect(siweOriginMismatch(m, `${scheme}://evil.invalid`)).toBeDefined();
        } else {
          expect(siweOriginMismatch(m, `https://${f.domain}`)).toBeDefined();
        }
      }),
      { numRuns: 400 },
    );
  });

  it('throws nothing but SIWE_MALFORMED on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }).map((s) => `a.b wants you to sign in with your Ethereum account:\n${s}`)), (text) => {
        try {
          parseSiweMessage(text);
        } catch (err) {
          expect(err).toBeInstanceOf(WalletError);
          expect((err as WalletError).code).toBe('SIWE_MALFORMED');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses or reads as viem reads: line deletions, duplications, swaps, edits and extensions of valid messages', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
      fc.record({ kind: fc.constant('char' as const), at: fc.nat(), char: fc.constantFrom(' ', '\n', '\r', ':', 'x', '0', '\u0430', '') }),
      fc.record({ kind: fc.constant('append' as const), text: fc.constantFrom('\n', '\nExtra: 1', '\n- https://a.b', ' ', '\r\n') }),
    );
    fc.assert(
      fc.property(fields, mutation, (f, mut) => {
        const text = createSiweMessage({ ...f, version: '1' } as Parameters<typeof createSiweMessage>[0]);
        const lines = text.split('\n');
        let mutated: string;
        switch (mut.kind) {
          case 'delete':
            lines.splice(mut.at % lines.length, 1);
            mutated = lines.join('\n');
            break;
          case 'duplicate': {
            const i = mut.at % lines.length;
            lines.splice(i, 0, lines[i]!);
            mutated = lines.join('\n');
            break;
          }
          case 'swap': {
            const i = mut.at % lines.length;
            const j = mut.with % lines.length;
            [lines[i], lines[j]] = [lines[j]!, lines[i]!];
            mutated = lines.join('\n');
            break;
          }
          case 'char': {
            const i = mut.at % text.length;
            mutated = text.slice(0, i) + mut.char + text.slice(i + 1);
            break;
          }
          case 'append':
            mutated = text + mut.text;
            break;
        }
        let ours: ReturnType<typeof parseSiweMessage>;
        try {
          ours = parseSiweMessage(mutated);
        } catch (err) {
          expect((err as WalletError).code).toBe('SIWE_MALFORMED');
          return;
        }
        // Still a message (a resource swapped, a digit changed): the reference reads the same fields.
        const theirs = viemParse(mutated);
        expect(ours.domain).toBe(theirs.domain);
        expect(ours.address).toBe(theirs.address);
        expect(ours.uri).toBe(theirs.uri);
        expect(ours.nonce).toBe(theirs.nonce);
        expect(String(ours.chainId)).toBe(String(theirs.chainId));
        expect(ours.resources).toEqual(theirs.resources ?? []);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('SIWE parser, hostile messages', () => {
  it('reads the ERC\'s examples: implicit scheme, explicit port, explicit scheme', () => {
    expect(parseSiweMessage(message())).toMatchObject({ domain: 'example.com', address: ADDRESS, statement: 'I accept the ExampleOrg Terms of Service: https://example.com/tos', chainId: 1n, nonce: '32891756', issuedAt: '2021-09-30T16:25:24Z', resources: ['ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/', 'https://example.com/my-web2-claim.json'] });
    expect(parseSiweMessage(message('example.com:3388')).domain).toBe('example.com:3388');
    expect(parseSiweMessage(message('https://example.com'))).toMatchObject({ scheme: 'https', domain: 'example.com' });
    // No statement: two empty lines.
    expect(parseSiweMessage(message(undefined, (l) => [...l.slice(0, 3), ...l.slice(4)])).statement).toBeUndefined();
  });

  it('refuses messages with a field missing, out of order, out of range or extra', () => {
    const without = (prefix: string) => message(undefined, (l) => l.filter((x) => !x.startsWith(prefix)));
    for (const field of ['URI:', 'Version:', 'Chain ID:', 'Nonce:', 'Issued At:']) expect(malformed(without(field)).shortMessage).toContain('ERC-4361');
    malformed(message(undefined, (l) => l.filter((x) => x !== ADDRESS)));
    malformed(message(undefined, (l) => l.map((x) => (x === 'Version: 1' ? 'Version: 2' : x))));
    malformed(message(undefined, (l) => l.map((x) => (x === 'Nonce: 32891756' ? 'Nonce: 3289175' : x))));
    malformed(message(undefined, (l) => l.map((x) => (x === 'Nonce: 32891756' ? 'Nonce: 3289-1756' : x))));
    malformed(message(undefined, (l) => l.map((x) => (x.startsWith('Issued At') ? 'Issued At: 2021-02-30T16:25:24Z' : x))));
    malformed(message(undefined, (l) => l.map((x) => (x.startsWith('Issued At') ? 'Issued At: 2021-09-30 16:25:24Z' : x))));
    malformed(message(undefined, (l) => l.map((x) => (x.startsWith('Issued At') ? 'Issued At: yesterday' : x))));
    malformed(message(undefined, (l) => l.map((x) => (x === 'Chain ID: 1' ? 'Chain ID: 0x1' : x))));
    malformed(message(undefined, (l) => l.map((x) => (x.startsWith('URI') ? 'URI: not a uri' : x))));
    // Nonce before Chain ID.
    malformed(message(undefined, (l) => [...l.slice(0, 7), l[8]!, l[7]!, ...l.slice(9)]));
    // Not Before before Expiration Time.
    malformed(message(undefined, (l) => [...l.slice(0, 10), 'Not Before: 2021-09-30T16:25:24Z', 'Expiration Time: 2021-10-30T16:25:24Z', ...l.slice(10)]));
    // Anything after the resources, a trailing newline, CRLF line ends, no blank line after the address.
    malformed(message() + '\nsomething else');
    malformed(message() + '\n');
    malformed(message().replace(/\n/g, '\r\n'));
    malformed(message(undefined, (l) => [...l.slice(0, 2), ...l.slice(3)]));
    // A statement over two lines; a statement with characters the ABNF excludes.
    malformed(message(undefined, (l) => [...l.slice(0, 4), 'a second line', ...l.slice(4)]));
    malformed(message(undefined, (l) => l.map((x, i) => (i === 3 ? 'Send "all" your <b>tokens</b> 100%' : x))));
    // A mixed-case address with a wrong checksum.
    malformed(message(undefined, (l) => l.map((x) => (x === ADDRESS ? ADDRESS.replace('C02a', 'c02A') : x))));
    // A unicode (look-alike) domain is no RFC 3986 authority: Cyrillic а in "exаmple.com".
    malformed(message('ex\u0430mple.com'));
    malformed(message('example.com/path'));
    malformed(message(' example.com'));
  });

  it('parses RFC 3339 times, offsets and leap seconds, and refuses impossible ones', () => {
    expect(dateTimeMs('2021-09-30T16:25:24Z')).toBe(Date.UTC(2021, 8, 30, 16, 25, 24));
    expect(dateTimeMs('2021-09-30t18:25:24.5+02:00')).toBe(Date.UTC(2021, 8, 30, 16, 25, 24, 500));
    expect(dateTimeMs('2016-12-31T23:59:60Z')).toBe(Date.UTC(2016, 11, 31, 23, 59, 59, 999));
    expect(dateTimeMs('2024-02-29T00:00:00Z')).toBeDefined();
    for (const bad of ['2023-02-29T00:00:00Z', '2021-13-01T00:00:00Z', '2021-01-01T24:00:00Z', '2021-01-01T00:00:00', '2021-01-01T00:00:00+24:00', '2021-1-01T00:00:00Z']) expect(dateTimeMs(bad), bad).toBeUndefined();
  });

  it('binds the message to the page: look-alike hosts, subdomains, userinfo, ports and schemes are refused', () => {
    const mismatch = (header: string, origin: string) => siweOriginMismatch(parseSiweMessage(message(header)), origin);
    expect(mismatch('example.com', 'https://example.com')).toBeUndefined();
    expect(mismatch('EXAMPLE.com', 'https://example.com')).toBeUndefined();
    expect(mismatch('example.com:443', 'https://example.com')).toBeUndefined();
    expect(mismatch('https://example.com', 'https://example.com')).toBeUndefined();
    expect(mismatch('HTTPS://example.com', 'https://example.com')).toBeUndefined();
    for (const header of ['example.com.evil.io', 'evil-example.com', 'examp1e.com', 'example.co', 'www.example.com', 'xn--exmple-cua.com', 'example.com@evil.io', 'evil.io@example.com', 'user:pass@example.com', '%65xample.com']) {
      expect(mismatch(header, 'https://example.com'), header).toBeDefined();
    }
    expect(mismatch('example.com', 'https://www.example.com')).toMatch(/www\.example\.com/);
    // Ports: explicit or the scheme's default, against the page's.
    expect(mismatch('example.com:8443', 'https://example.com')).toMatch(/port 8443/);
    expect(mismatch('example.com', 'https://example.com:8443')).toMatch(/port 443/);
    malformed(message('example.com:'));
    expect(mismatch('example.com:99999', 'https://example.com:8443')).toBeDefined();
    // Schemes: https by default; http only when written, or for a loopback page.
    expect(mismatch('example.com', 'http://example.com')).toMatch(/https:\/\//);
    expect(mismatch('http://example.com', 'https://example.com')).toBeDefined();
    expect(mismatch('http://example.com', 'http://example.com')).toBeUndefined();
    expect(mismatch('localhost:3000', 'http://localhost:3000')).toBeUndefined();
    expect(mismatch('127.0.0.1:3000', 'http://127.0.0.1:3000')).toBeUndefined();
    expect(mismatch('localhost', 'http://localhost:3000')).toBeDefined();
    expect(mismatch('localhost:3001', 'http://localhost:3000')).toBeDefined();
    expect(mismatch('https://localhost:3000', 'http://localhost:3000')).toBeDefined();
    expect(mismatch('127.1:3000', 'http://127.0.0.1:3000')).toBeDefined();
    expect(mismatch('[::1]:3000', 'http://[::1]:3000')).toBeUndefined();
    expect(mismatch('[0:0::1]:3000', 'http://[::1]:3000')).toBeUndefined();
    expect(mismatch('[::2]:3000', 'http://[::1]:3000')).toBeDefined();
    // A punycode page host: the message must name it as the browser does.
    expect(mismatch('xn--mnchen-3ya.example', 'https://xn--mnchen-3ya.example')).toBeUndefined();
    // A label that is not valid punycode names no host a browser can be on: refused in words, never thrown.
    expect(() => new URL('https://xn--a.aa')).toThrow();
    expect(mismatch('xn--a.aa', 'https://xn--a.aa')).toBe('the request comes from no web origin');
    expect(mismatch('xn--a.aa', 'https://a.aa')).toMatch(/xn--a\.aa/);
    expect(mismatch('example.com', 'vigil')).toBeDefined();
  });

  it('refuses a message for another account, with the code', () => {
    const m = parseSiweMessage(message());
    expect(() => assertSiweFor(m, 'https://example.com', ADDRESS.toLowerCase())).not.toThrow();
    expect(() => assertSiweFor(m, 'https://example.com', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8')).toThrow(expect.objectContaining({ code: 'SIWE_ADDRESS_MISMATCH' }));
    expect(() => assertSiweFor(m, 'https://evil.io', ADDRESS)).toThrow(expect.objectContaining({ code: 'SIWE_DOMAIN_MISMATCH' }));
  });

  it('finds the sign-in a personal message claims to be, in text or 0x bytes; a claim that does not parse is refused', () => {
    const claim = (m: string) => signInClaim(parsePersonalMessage(m));
    expect(claim('hello')).toBeUndefined();
    expect(checkSignInClaim(claim(message())!, 'https://example.com', ADDRESS).domain).toBe('example.com');
    expect(checkSignInClaim(claim('0x' + Buffer.from(message()).toString('hex'))!, 'https://example.com', ADDRESS).nonce).toBe('32891756');
    // The phrase in a text that is not a sign-in, or in bytes that are not text: refused.
    expect(() => checkSignInClaim(claim('Welcome! evil.io wants you to sign in with your Ethereum account: click')!, 'https://evil.io', ADDRESS)).toThrow(expect.objectContaining({ code: 'SIWE_MALFORMED' }));
    expect(claim('0x00' + Buffer.from(message()).toString('hex'))).toMatchObject({ isText: false });
    expect(() => checkSignInClaim(claim('0x00' + Buffer.from(message()).toString('hex'))!, 'https://example.com', ADDRESS)).toThrow(expect.objectContaining({ code: 'SIWE_MALFORMED' }));
  });
});
