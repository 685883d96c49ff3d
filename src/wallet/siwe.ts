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
import { SIWE_PHRASE, type SignInClaim } from './sign-in-claim.ts';

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

/** A longer message is refused (the ERC leaves maximum lengths to implementers). */
export const MAX_SIWE_LENGTH = 16 * 1024;
/** At most this many resources. */
export const MAX_SIWE_RESOURCES = 64;

// The ERC's ABNF as one regular expression over RFC 3986's character classes (ASCII only: an
// authority, URI or statement has no other characters). JS's `$` is the end of the input only.
const UNRESERVED = 'A-Za-z0-9\\-._~';
const SUB_DELIMS = "!$&'()*+,;=";
const GEN_DELIMS = ':/?#\\[\\]@';
const PCT = '%[0-9A-Fa-f]{2}';
/**
 * authority = [ userinfo "@" ] host [ ":" port ]; host = IP-literal / IPv4address / reg-name (`g`:
 * how its three parts are grouped). DIFF FROM RFC 3986: a ":" is followed by at least one digit
 * (`example.com:` is refused, as viem's reader does).
 */
const authority = (g: string) => `(?:${g}(?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT})*)@)?${g}\\[[0-9A-Fa-f:.]+\\]|(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT})*)(?::${g}[0-9]+))?`;
const URI = `[A-Za-z][A-Za-z0-9+.-]*:(?:[${UNRESERVED}${SUB_DELIMS}${GEN_DELIMS}]|${PCT})*`;
/** RFC 3339 date-time (T and Z in either case, as its § 5.6 allows). */
const DATE_TIME = '(\\d{4})-(\\d\\d)-(\\d\\d)[Tt](\\d\\d):(\\d\\d):(\\d\\d)(\\.\\d{1,9})?(?:[Zz]|([+-])(\\d\\d):(\\d\\d))';
const AUTHORITY_RE = new RegExp(`^${authority('(')}$`);
const DATE_TIME_RE = new RegExp(`^${DATE_TIME}$`);
/** Groups: scheme, domain, address, statement, uri, chain id, nonce, issued at, expiration, not before, request id, resources. */
const SIWE_RE = new RegExp(
  `^(?:([A-Za-z][A-Za-z0-9+.-]*)://)?(${authority('(?:')}) ${SIWE_PHRASE}:\\n(0x[0-9a-fA-F]{40})\\n\\n(?:([${UNRESERVED}${SUB_DELIMS}${GEN_DELIMS} ]*)\\n)?\\n` +
    `URI: (${URI})\\nVersion: 1\\nChain ID: (\\d{1,78})\\nNonce: ([A-Za-z0-9]{8,})\\nIssued At: (\\S+)(?:\\nExpiration Time: (\\S+))?(?:\\nNot Before: (\\S+))?` +
    `(?:\\nRequest ID: ((?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT})*))?(?:\\nResources:((?:\\n- ${URI})*))?$`,
);
/** A DNS name or IPv4 address as a browser serializes it: the only hosts an origin can have. */
const PLAIN_HOST_RE = /^[A-Za-z0-9.-]+$/;

/**
 * Parses a SIWE message by the ERC's ABNF: every required field in its order, the optional ones in
 * theirs, LF line ends, nothing after the resources; times that are real RFC 3339 instants; a
 * mixed-case address with a valid EIP-55 checksum.
 * @throws WalletError SIWE_MALFORMED
 * @example parseSiweMessage('example.com wants you to sign in with your Ethereum account:\n0x…').domain // 'example.com'
 */
export function parseSiweMessage(text: string): SiweMessage {
  const m = text.length <= MAX_SIWE_LENGTH ? SIWE_RE.exec(text) : null;
  const [, scheme, domain = '', address = '', statement, uri = '', chainId = '', nonce = '', issuedAt = '', expirationTime, notBefore, requestId, listed] = m ?? [];
  const resources = listed ? listed.split('\n- ').slice(1) : [];
  const digits = address.slice(2);
  // null: not written (the optional ones); undefined: written, but no RFC 3339 instant.
  const times = [issuedAt, expirationTime, notBefore].map((t) => (t === undefined ? null : dateTimeMs(t)));
  const badChecksum = digits !== digits.toLowerCase() && digits !== digits.toUpperCase() && toChecksumAddress(address) !== address;
  if (!m || domain === '' || times.includes(undefined) || resources.length > MAX_SIWE_RESOURCES || badChecksum) {
    throw new WalletError('SIWE_MALFORMED', 'this sign-in message does not follow ERC-4361', { expected: 'its format: the fields in order, LF line ends, RFC 3339 times, a checksummed address', got: JSON.stringify(text.split('\n')[0]!.slice(0, 80)) });
  }
  return {
    ...(scheme !== undefined ? { scheme } : {}),
    domain,
    address,
    ...(statement !== undefined ? { statement } : {}),
    uri,
    version: '1',
    chainId: BigInt(chainId),
    nonce,
    issuedAt,
    issuedAtMs: times[0]!,
    ...(expirationTime !== undefined ? { expirationTime, expirationTimeMs: times[1]! } : {}),
    ...(notBefore !== undefined ? { notBefore, notBeforeMs: times[2]! } : {}),
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
    return 'the request comes from no web origin';
  }
  const pageScheme = page.protocol.slice(0, -1);
  const [, userinfo, host = '', port] = AUTHORITY_RE.exec(message.domain) ?? [];
  const scheme = message.scheme?.toLowerCase() ?? (isLoopback(page.hostname) ? pageScheme : 'https');
  const asked = port ? Number(port) : defaultPort(scheme);
  const actual = page.port ? Number(page.port) : defaultPort(pageScheme);
  // An origin never names a user: `bank.example@evil.example` is evil.example, written to be misread.
  if (userinfo !== undefined) return 'its domain names a user';
  if (scheme !== pageScheme) return `it is for ${scheme}://, the page is ${pageScheme}://`;
  if (!sameHost(host, page.hostname)) return `it is for ${host.slice(0, 80)}, the page is ${page.hostname}`;
  if (asked !== actual) return `it is for port ${asked}, the page is on port ${actual}`;
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
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = [...m.slice(1, 7), m[9] ?? 0, m[10] ?? 0].map(Number) as number[] as [number, number, number, number, number, number, number, number];
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: years 0–99 are themselves; a day past the month's end rolls over and is caught.
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const offset = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  // A leap second (:60) counts as the end of its minute.
  return date.getTime() + ((hour * 60 + minute - offset) * 60 + Math.min(second, 59)) * 1000 + (second === 60 ? 999 : Math.floor(Number(m[7] ?? 0) * 1000));
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
 * The sign-in a claim is, checked for `origin` and `address`.
 * @throws WalletError SIWE_MALFORMED (also for a claim in bytes that are not text), SIWE_DOMAIN_MISMATCH, SIWE_ADDRESS_MISMATCH
 */
export function checkSignInClaim(claim: SignInClaim, origin: string, address: string): SiweMessage {
  if (!claim.isText) throw new WalletError('SIWE_MALFORMED', 'this message carries the sign-in phrase but is not readable text');
  const message = parseSiweMessage(claim.text);
  assertSiweFor(message, origin, address);
  return message;
}
