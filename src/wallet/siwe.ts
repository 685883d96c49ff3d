/**
 * Sign-In with Ethereum (ERC-4361, https://eips.ethereum.org/EIPS/eip-4361): the message a site
 * asks to be personal_signed as a login, parsed strictly by the ERC's ABNF, and bound to the
 * origin that asks for it.
 *
 * - A personal message that carries the phrase "wants you to sign in with your Ethereum account"
 *   anywhere must be a whole, well-formed SIWE message, or it is refused (`SIWE_MALFORMED`): the
 *   ERC asks wallets to warn; Vigil has no "sign anyway", so a look-alike is refused rather than
 *   signed as plain text that a lax relying party would take as a login.
 * - Its `scheme`, `domain` (host and port) must be the requesting origin's (`SIWE_DOMAIN_MISMATCH`),
 *   following the ERC's "Verifying the Request Origin" with no developer-mode warnings: the scheme
 *   defaults to https (DIFF FROM ERC: for a loopback origin, 127.0.0.0/8, [::1] or localhost, an
 *   omitted scheme means the origin's own, which the ERC allows as a warning); the host must be equal
 *   (subdomains differ); the port, explicit or the scheme's default, must be the origin's. A domain
 *   with userinfo (`bank.example@evil.example`) is no origin and never matches.
 * - Its `address` must be the account asked to sign (`SIWE_ADDRESS_MISMATCH`).
 *
 * Pure: no clock (the caller compares the times), the URL API only to read the origin.
 * @module
 */
import { WalletError } from './errors.ts';
import { toChecksumAddress } from './keys.ts';
import type { PersonalMessage } from './personal-message.ts';

/** The phrase that makes a message claim to be a sign-in (the ERC's own test for "looks like SIWE"). */
export const SIWE_PHRASE = 'wants you to sign in with your Ethereum account';
const HEADER_SUFFIX = ` ${SIWE_PHRASE}:`;

/** A parsed SIWE message: its fields as written (times also as ms since the epoch). */
export interface SiweMessage {
  /** As written, when the message names one. */
  scheme?: string;
  /** The RFC 3986 authority as written: host, and port when written. */
  domain: string;
  address: string;
  statement?: string;
  uri: string;
  version: '1';
  chainId: bigint;
  nonce: string;
  issuedAt: string;
  issuedAtMs: number;
  expirationTime?: string;
  expirationTimeMs?: number;
  notBefore?: string;
  notBeforeMs?: number;
  requestId?: string;
  resources: string[];
}

/** A field longer than this is refused (the ERC leaves maximum lengths to implementers). */
export const MAX_SIWE_FIELD = 4096;
/** At most this many resources. */
export const MAX_SIWE_RESOURCES = 64;

// RFC 3986 character classes (ASCII only: an authority, URI or statement has no other characters).
const UNRESERVED = "A-Za-z0-9\\-._~";
const SUB_DELIMS = "!$&'()*+,;=";
const GEN_DELIMS = ':/?#\\[\\]@';
const PCT = '%[0-9A-Fa-f]{2}';
const SCHEME_RE = /^[A-Za-z][A-Za-z0-9+.-]*$/;
/** authority = [ userinfo "@" ] host [ ":" port ]; host = IP-literal / IPv4address / reg-name. */
const AUTHORITY_RE = new RegExp(`^(?:((?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT})*)@)?(\\[[0-9A-Fa-f:.]+\\]|(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT})*)(?::([0-9]*))?$`);
const URI_RE = new RegExp(`^[A-Za-z][A-Za-z0-9+.-]*:(?:[${UNRESERVED}${SUB_DELIMS}${GEN_DELIMS}]|${PCT})*$`);
const STATEMENT_RE = new RegExp(`^[${UNRESERVED}${SUB_DELIMS}${GEN_DELIMS} ]*$`);
const PCHARS_RE = new RegExp(`^(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT})*$`);
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
const NONCE_RE = /^[A-Za-z0-9]{8,}$/;
const CHAIN_ID_RE = /^[0-9]{1,78}$/;
/** RFC 3339 date-time (full-date "T" full-time; T and Z in either case, as RFC 3339 § 5.6 allows). */
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
/** A DNS name or IPv4 address as a browser serializes it: the only hosts an origin can have. */
const PLAIN_HOST_RE = /^[A-Za-z0-9.-]+$/;

/** Does this text claim to be a sign-in (the phrase anywhere)? Such a text must parse. */
export function claimsSiwe(text: string): boolean {
  return text.includes(SIWE_PHRASE);
}

/**
 * Parses a SIWE message by the ERC's ABNF: every required field in its order, the optional ones in
 * theirs, LF line ends, nothing after the resources.
 * @throws WalletError SIWE_MALFORMED naming the line and what it expected.
 * @example parseSiweMessage('example.com wants you to sign in with your Ethereum account:\n0x…').domain // 'example.com'
 */
export function parseSiweMessage(text: string): SiweMessage {
  const lines = text.split('\n');
  let at = 0;
  const line = (): string | undefined => lines[at];
  const bad = (expected: string): WalletError => {
    const got = lines[at];
    return new WalletError('SIWE_MALFORMED', `this sign-in message does not follow ERC-4361 at line ${at + 1}`, {
      expected,
      got: got === undefined ? 'the end of the message' : JSON.stringify(got.length > 80 ? got.slice(0, 80) + '…' : got),
    });
  };
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.length > MAX_SIWE_FIELD) {
      at = i;
      throw bad(`a line of at most ${MAX_SIWE_FIELD} characters`);
    }
  }

  // [ scheme "://" ] domain " wants you to sign in with your Ethereum account:"
  const header = line() ?? '';
  if (!header.endsWith(HEADER_SUFFIX)) throw bad(`"<domain>${HEADER_SUFFIX}"`);
  const origin = header.slice(0, -HEADER_SUFFIX.length);
  const sep = origin.indexOf('://');
  const scheme = sep >= 0 ? origin.slice(0, sep) : undefined;
  const domain = sep >= 0 ? origin.slice(sep + 3) : origin;
  if (scheme !== undefined && !SCHEME_RE.test(scheme)) throw bad('an RFC 3986 scheme before "://"');
  if (domain === '' || !AUTHORITY_RE.test(domain)) throw bad('an RFC 3986 authority (host[:port]) as the domain');
  at++;

  const address = line() ?? '';
  if (!ADDRESS_RE.test(address)) throw bad('the address: 0x and 40 hex digits');
  const digits = address.slice(2);
  if (digits !== digits.toLowerCase() && digits !== digits.toUpperCase() && toChecksumAddress(address) !== address) throw bad('a mixed-case address with a valid EIP-55 checksum');
  at++;

  if (line() !== '') throw bad('an empty line after the address');
  at++;
  // [ statement LF ] LF: one line of statement then an empty one, or the empty one alone.
  let statement: string | undefined;
  if (line() !== '') {
    statement = line();
    if (statement === undefined || !STATEMENT_RE.test(statement)) throw bad('a statement of RFC 3986 reserved and unreserved characters and spaces');
    at++;
  }
  if (line() !== '') throw bad(statement === undefined ? 'an empty line before "URI: "' : 'an empty line after the statement');
  at++;
  // An empty statement ("[ statement LF ]" with nothing in it) is a second empty line.
  if (statement === undefined && line() === '') at++;

  const field = (name: string, check: (v: string) => boolean, what: string): string => {
    const l = line();
    if (l === undefined || !l.startsWith(`${name}: `)) throw bad(`"${name}: <${what}>"`);
    const value = l.slice(name.length + 2);
    if (!check(value)) throw bad(`"${name}: <${what}>"`);
    at++;
    return value;
  };
  const optional = (name: string, check: (v: string) => boolean, what: string): string | undefined =>
    line()?.startsWith(`${name}: `) ? field(name, check, what) : undefined;

  const uri = field('URI', (v) => URI_RE.test(v), 'an RFC 3986 URI');
  field('Version', (v) => v === '1', '1');
  const chainId = BigInt(field('Chain ID', (v) => CHAIN_ID_RE.test(v), 'a decimal chain id'));
  const nonce = field('Nonce', (v) => NONCE_RE.test(v), 'at least 8 letters and digits');
  const issuedAt = field('Issued At', (v) => dateTimeMs(v) !== undefined, 'an RFC 3339 date-time');
  const expirationTime = optional('Expiration Time', (v) => dateTimeMs(v) !== undefined, 'an RFC 3339 date-time');
  const notBefore = optional('Not Before', (v) => dateTimeMs(v) !== undefined, 'an RFC 3339 date-time');
  const requestId = optional('Request ID', (v) => PCHARS_RE.test(v), 'RFC 3986 path characters');
  const resources: string[] = [];
  if (line() === 'Resources:') {
    at++;
    while (line() !== undefined) {
      const l = line()!;
      if (!l.startsWith('- ') || !URI_RE.test(l.slice(2))) throw bad('"- <an RFC 3986 URI>"');
      if (resources.length === MAX_SIWE_RESOURCES) throw bad(`at most ${MAX_SIWE_RESOURCES} resources`);
      resources.push(l.slice(2));
      at++;
    }
  }
  if (line() !== undefined) throw bad('the end of the message (or the next optional field in its order)');

  return {
    ...(scheme !== undefined ? { scheme } : {}),
    domain,
    address,
    ...(statement !== undefined ? { statement } : {}),
    uri,
    version: '1',
    chainId,
    nonce,
    issuedAt,
    issuedAtMs: dateTimeMs(issuedAt)!,
    ...(expirationTime !== undefined ? { expirationTime, expirationTimeMs: dateTimeMs(expirationTime)! } : {}),
    ...(notBefore !== undefined ? { notBefore, notBeforeMs: dateTimeMs(notBefore)! } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    resources,
  };
}

/**
 * Why `message` may not be signed for `origin` (a serialized http(s) origin, as the browser gave
 * it), or undefined when its scheme, host and port are the origin's.
 * @example siweOriginMismatch(parseSiweMessage(m), 'https://example.com') // undefined for "example.com wants you…"
 */
export function siweOriginMismatch(message: Pick<SiweMessage, 'scheme' | 'domain'>, origin: string): string | undefined {
  let page: URL;
  try {
    page = new URL(origin);
  } catch {
    return `the request comes from no web origin (${origin.slice(0, 80)})`;
  }
  const pageScheme = page.protocol.slice(0, -1);
  const parts = AUTHORITY_RE.exec(message.domain);
  if (!parts) return `the message's domain ${message.domain.slice(0, 80)} is no RFC 3986 authority`;
  const [, userinfo, host = '', port] = parts;
  if (userinfo !== undefined) return `the message's domain names a user (${message.domain.slice(0, 80)}): a page's origin never does`;
  const scheme = message.scheme?.toLowerCase() ?? (isLoopback(page.hostname) ? pageScheme : 'https');
  if (scheme !== pageScheme) return `the message is for ${scheme}:// but the page is ${pageScheme}://`;
  if (!sameHost(host, page.hostname)) return `the message is for ${host.slice(0, 80)} but the page is ${page.hostname}`;
  const asked = port === undefined || port === '' ? defaultPort(scheme) : Number(port);
  const actual = page.port === '' ? defaultPort(pageScheme) : Number(page.port);
  if (asked !== actual) return `the message is for port ${port === undefined || port === '' ? `${asked} (${scheme}'s default)` : port} but the page is on port ${actual}`;
  return undefined;
}

/**
 * Refuses a sign-in message that is not for `origin` or not for `address` (the account asked to
 * sign), with the reason.
 * @throws WalletError SIWE_DOMAIN_MISMATCH, SIWE_ADDRESS_MISMATCH
 */
export function assertSiweFor(message: SiweMessage, origin: string, address: string): void {
  const mismatch = siweOriginMismatch(message, origin);
  if (mismatch !== undefined) {
    throw new WalletError('SIWE_DOMAIN_MISMATCH', `this sign-in message is for another site than the one asking: ${mismatch}`, { expected: origin, got: `${message.scheme !== undefined ? `${message.scheme}://` : ''}${message.domain}`.slice(0, 120) });
  }
  if (message.address.toLowerCase() !== address.toLowerCase()) {
    throw new WalletError('SIWE_ADDRESS_MISMATCH', 'this sign-in message names another account than the one asked to sign it', { expected: address, got: message.address });
  }
}

/** ms since the epoch of an RFC 3339 date-time, or undefined when it is not one (out-of-range fields too). */
export function dateTimeMs(value: string): number | undefined {
  const m = DATE_TIME_RE.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = m[7] ? Number(m[7]) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) return undefined;
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // A leap second (:60) counts as the end of its minute.
  return Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)) + Math.floor(fraction * 1000) + (second === 60 ? 999 : 0) - offsetMinutes * 60_000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function defaultPort(scheme: string): number | undefined {
  return scheme === 'https' ? 443 : scheme === 'http' ? 80 : undefined;
}

/** A host as written in the message against the page's (lower case, punycode, as the browser serializes it). */
function sameHost(host: string, pageHost: string): boolean {
  if (host.startsWith('[')) {
    // IPv6 literals have many spellings; the URL parser writes the one the browser does.
    try {
      return new URL(`http://${host}`).hostname === pageHost;
    } catch {
      return false;
    }
  }
  return PLAIN_HOST_RE.test(host) && host.toLowerCase() === pageHost;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * The sign-in a personal message is, or undefined when it claims none (no phrase). Bytes that are
 * not readable text but carry the phrase are refused too.
 * @throws WalletError SIWE_MALFORMED
 */
export function siweOfPersonalMessage(message: Pick<PersonalMessage, 'bytes' | 'preview'>): SiweMessage | undefined {
  const text = message.preview.kind === 'text' ? message.preview.text : new TextDecoder().decode(message.bytes);
  if (!claimsSiwe(text)) return undefined;
  if (message.preview.kind !== 'text') {
    throw new WalletError('SIWE_MALFORMED', 'this message carries the sign-in phrase but is not readable text', { expected: 'an ERC-4361 message in UTF-8 without control characters', got: 'bytes' });
  }
  return parseSiweMessage(text);
}
