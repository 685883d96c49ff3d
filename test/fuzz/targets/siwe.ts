/**
 * Sign-In with Ethereum (src/wallet/siwe.ts): personal_sign messages a page asks to be signed as
 * a login, mutated line by line and character by character, parsed by ERC-4361's grammar and
 * bound to the origin that asks.
 *
 * Oracles: only typed errors; a message Vigil lets the origin sign names that origin's host
 * (compared with the URL API) and the account asked, and viem's parseSiweMessage (what a relying
 * party may check the login with) reads every field of it the same; a message viem reads that
 * Vigil refuses to parse is a listed class.
 */
import { createSiweMessage, parseSiweMessage as viemParseSiwe } from 'viem/siwe';
import { assertSiweFor, parseSiweMessage } from '../../../src/wallet/siwe.ts';
import { mutateJson } from '../mutators/json.ts';
import { attempt, verdictOf } from '../oracles.ts';
import type { Rng } from '../rng.ts';
import { defineTarget, type Outcome } from '../target.ts';

interface SiweSeed {
  text: string;
  origin: string;
  address: string;
}

const ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';

function seeds(): SiweSeed[] {
  const base = { address: ADDRESS as `0x${string}`, version: '1' as const, chainId: 1, nonce: 'k2Jr8tZbqQ', issuedAt: new Date('2025-10-09T08:00:00Z') };
  const made = (origin: string, over: Partial<Parameters<typeof createSiweMessage>[0]>) => ({ text: createSiweMessage({ ...base, domain: new URL(origin).host, uri: `${origin}/login`, ...over }), origin, address: ADDRESS });
  return [
    made('https://app.example', {}),
    made('https://app.example', { statement: 'Sign in to the app.', expirationTime: new Date('2025-10-10T08:00:00Z'), notBefore: new Date('2025-10-09T07:00:00Z'), requestId: 'req-17', resources: ['ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/', 'https://app.example/terms'] }),
    made('https://shop.example:8443', { chainId: 11155111, statement: 'Pay at the shop (no unicode: the grammar is ASCII).' }),
    made('http://localhost:3000', { scheme: 'http' }),
    made('https://sub.app.example', { scheme: 'https' }),
  ];
}

/** Edits of a message's lines: dropped, repeated, swapped, CRLF ends, a field's value from another seed. */
function mutateLines(rng: Rng, text: string, all: readonly SiweSeed[]): { value: string; op: string } {
  const lines = text.split('\n');
  const i = rng.int(lines.length);
  const op = rng.pick(['drop', 'dup', 'swap', 'crlf', 'field', 'space']);
  if (op === 'drop') lines.splice(i, 1);
  else if (op === 'dup') lines.splice(i, 0, lines[i]!);
  else if (op === 'swap' && i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!];
  else if (op === 'crlf') return { value: lines.join('\r\n'), op: 'siwe:crlf' };
  else if (op === 'space') lines[i] = rng.chance(0.5) ? lines[i] + ' ' : ' ' + lines[i];
  else {
    // A field's value taken from the same field of another message.
    const other = rng.pick(all).text.split('\n');
    const name = /^([A-Za-z ]+): /.exec(lines[i]!)?.[1];
    const donor = name === undefined ? other[i] : other.find((l) => l.startsWith(`${name}: `));
    if (donor !== undefined) lines[i] = donor;
  }
  return { value: lines.join('\n'), op: `siwe:${op}` };
}

/** viem's reading, when it finds every field ERC-4361 requires. */
function viemRead(text: string) {
  const m = viemParseSiwe(text);
  if (!m.domain || !m.address || !m.uri || !m.version || m.chainId === undefined || !m.nonce || !m.issuedAt) return undefined;
  return m;
}

const SIWE_STRICTER: Record<string, string> = {
  SIWE_MALFORMED:
    'Messages viem\'s parser reads (it looks for each field with its own regular expression, anywhere) that are not ERC-4361\'s grammar: fields out of order or repeated, CRLF line ends, spaces around lines, times that are no RFC 3339 instant, a mixed-case address with a wrong checksum, characters outside the grammar in a statement. Vigil refuses them rather than show one login and sign what a relying party may read as another.',
};

export const pageSiweTarget = defineTarget({
  name: 'page-siwe',
  subject: 'parseSiweMessage (ERC-4361) and assertSiweFor (the origin and the account asked): sign-in messages as pages send them to personal_sign',
  reference: 'a message allowed for an origin names that origin\'s host (URL API) and the account asked, and viem parseSiweMessage reads every field of it the same',
  seeds: 'sign-in messages made with viem createSiweMessage: minimal, with every optional field, a port, a loopback http origin, an explicit scheme',
  stricter: SIWE_STRICTER,
  async load() {
    const all = seeds();
    for (const s of all) assertSiweFor(parseSiweMessage(s.text), s.origin, s.address);
    return all;
  },
  run(all: SiweSeed[], rng): Outcome {
    const seed = rng.pick(all);
    let text: string;
    let op: string;
    if (rng.chance(0.6)) ({ value: text, op } = mutateLines(rng, seed.text, all));
    else {
      const m = mutateJson(rng, seed.text);
      [text, op] = [typeof m.value === 'string' ? m.value : seed.text, `text:${m.op}`];
    }
    const parsed = attempt(() => parseSiweMessage(text));
    const out: Outcome = { op, ...verdictOf(parsed), input: text };
    if (out.wrong) return out;
    const theirs = viemRead(text);
    if (!parsed.ok) return theirs !== undefined ? { ...out, stricter: out.verdict } : out;
    const m = parsed.value;
    // Bound to the origin: a message refused here is refused whatever it reads as.
    const bound = attempt(() => assertSiweFor(m, seed.origin, seed.address));
    const verdict: Outcome = { ...out, ...verdictOf(bound) };
    if (verdict.wrong || !bound.ok) return verdict;
    // What may be signed names the origin's host and the account, and reads the same to a relying party using viem.
    const host = m.domain.replace(/:\d+$/, '').toLowerCase();
    if (host !== new URL(seed.origin).hostname || m.address.toLowerCase() !== seed.address.toLowerCase()) return { ...verdict, wrong: `a sign-in for ${m.domain} as ${m.address} was allowed for ${seed.origin}` };
    if (theirs === undefined) return { ...verdict, wrong: 'a sign-in message Vigil lets the origin sign is one viem finds no required field set in' };
    const diffs = [
      ['domain', m.domain, theirs.domain],
      ['address', m.address.toLowerCase(), theirs.address?.toLowerCase()],
      ['uri', m.uri, theirs.uri],
      ['chainId', Number(m.chainId), theirs.chainId],
      ['nonce', m.nonce, theirs.nonce],
      ['issuedAt', m.issuedAtMs, theirs.issuedAt?.getTime()],
      // An empty statement line is no statement to either (viem leaves it out).
      ['statement', m.statement || undefined, theirs.statement || undefined],
      ['requestId', m.requestId, theirs.requestId],
      ['resources', JSON.stringify(m.resources), JSON.stringify(theirs.resources ?? [])],
    ].filter(([, a, b]) => a !== b);
    if (diffs.length > 0) return { ...verdict, wrong: `a sign-in Vigil lets the origin sign reads otherwise to viem: ${diffs.map(([k, a, b]) => `${k} ${String(a).slice(0, 60)} / ${String(b).slice(0, 60)}`).join('; ')}` };
    return verdict;
  },
});
