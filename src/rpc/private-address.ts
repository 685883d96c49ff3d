/**
 * Whether a URL's host names the user's own machine or network rather than the internet: loopback
 * (127.0.0.0/8, ::1, `localhost` and `*.localhost`, RFC 6761), private (10/8, 172.16/12,
 * 192.168/16, RFC 1918; fc00::/7, RFC 4193), link-local (169.254/16, fe80::/10), shared (100.64/10,
 * RFC 6598), "this network" (0/8, ::) and those IPv4 addresses inside IPv6 (::ffff:a.b.c.d,
 * ::a.b.c.d, 64:ff9b::/96). Read from the WHATWG URL's hostname, which has already turned `0x7f.1`
 * or `2130706433` into `127.0.0.1` and any IPv6 literal into lower-case hex groups (a dotted tail
 * too: `[::ffff:7f00:1]`). A DNS name that resolves to such an
 * address cannot be told here (no resolver is asked); only literals and the `localhost` names are.
 * @module
 */

/**
 * @param hostname a WHATWG URL's `hostname` (IPv6 in brackets, as URL gives it)
 * @example isPrivateHost(new URL('http://[::ffff:127.0.0.1]/').hostname) // true
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host.startsWith('[') && host.endsWith(']')) return privateIpv6(host.slice(1, -1));
  const v4 = ipv4(host);
  return v4 !== undefined && privateIpv4(v4);
}

/** The four octets of a dotted-quad literal, or undefined. */
function ipv4(host: string): number[] | undefined {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
  const octets = parts.map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

function privateIpv4([a, b]: number[]): boolean {
  return (
    a === 0 || a === 10 || a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b! >= 16 && b! <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b! >= 64 && b! <= 127)
  );
}

/** The eight 16-bit groups of an IPv6 literal as URL serializes it (hex groups, at most one `::`), or undefined. */
function ipv6Groups(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const read = (part: string) => (part === '' ? [] : part.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = read(halves[0]!);
  const tail = halves.length === 2 ? read(halves[1]!) : [];
  const known = head.length + tail.length;
  if ([...head, ...tail].some(Number.isNaN) || known > 8 || (halves.length === 1 && known !== 8)) return undefined;
  return [...head, ...new Array<number>(8 - known).fill(0), ...tail];
}

function privateIpv6(text: string): boolean {
  const g = ipv6Groups(text);
  // Not a literal as URL writes one: refused as if private rather than guessed at.
  if (g === undefined) return true;
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(8)) return true; // ::
  if (zeroTo(7) && g[7] === 1) return true; // ::1
  if ((g[0]! & 0xfe00) === 0xfc00) return true; // fc00::/7
  if ((g[0]! & 0xffc0) === 0xfe80 || (g[0]! & 0xffc0) === 0xfec0) return true; // fe80::/10, fec0::/10 (old site-local)
  const embedded = (zeroTo(5) && (g[5] === 0xffff || g[5] === 0)) || (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0));
  if (embedded) return privateIpv4([g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff]);
  return false;
}
