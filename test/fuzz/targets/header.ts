/**
 * The execution header codec (src/execution/header.ts), Frontier to Amsterdam, against an
 * independent reader written here from the sources' field order (@ethereumjs/util conversions,
 * @ethereumjs/rlp, @noble/hashes keccak): block objects as eth_getBlockByHash answers them,
 * bound to the hash proven for them (verifyRpcHeader), and raw RLP headers (decodeHeader).
 * Amsterdam order: execution-specs@00060e7d amsterdam/blocks.py; go-ethereum@02b73d4e
 * core/types/block.go (blockAccessListHash, then slotNumber).
 */
import { RLP } from '@ethereumjs/rlp';
import { bigIntToUnpaddedBytes, bytesToHex as ejsBytesToHex } from '@ethereumjs/util';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { decodeHeader, encodeHeader, verifyRpcHeader } from '../../../src/execution/header.ts';
import { fixture, io, splitRlp, fixtureBytes } from '../../unit/execution/helpers.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { mutateJson } from '../mutators/json.ts';
import { mutateRlp } from '../mutators/rlp.ts';
import { againstReference, attempt, type Reference } from '../oracles.ts';
import { defineTarget, type Outcome } from '../target.ts';

type Kind = 32 | 20 | 256 | 8 | 'bytes' | 64 | 256n;
/** The header's fields in RLP order: a byte length, `bytes` (extraData), or an integer's width in bits. */
const ORDER: [string, Kind][] = [
  ['parentHash', 32], ['sha3Uncles', 32], ['miner', 20], ['stateRoot', 32], ['transactionsRoot', 32], ['receiptsRoot', 32],
  ['logsBloom', 256], ['difficulty', 256n], ['number', 64], ['gasLimit', 64], ['gasUsed', 64], ['timestamp', 64],
  ['extraData', 'bytes'], ['mixHash', 32], ['nonce', 8], ['baseFeePerGas', 256n], ['withdrawalsRoot', 32], ['blobGasUsed', 64],
  ['excessBlobGas', 64], ['parentBeaconBlockRoot', 32], ['requestsHash', 32], ['blockAccessListHash', 32], ['slotNumber', 64],
];
const REQUIRED = 15;
const isInt = (k: Kind): k is 64 | 256n => k === 64 || k === 256n;
const bits = (k: 64 | 256n) => (k === 64 ? 64n : 256n);

/** The reference's RLP items of a block object: the header fields present, in order; throws on anything malformed. */
function referenceItems(json: unknown): Uint8Array[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not an object');
  const o = json as Record<string, unknown>;
  const present = ORDER.filter(([k]) => o[k] !== undefined && o[k] !== null);
  // Fork fields are appended: the present ones must be the first n.
  if (present.length < REQUIRED || present.some(([k], i) => ORDER[i]![0] !== k)) throw new Error('not a prefix of the field order');
  return present.map(([key, kind]) => {
    const v = o[key];
    if (typeof v !== 'string' || !/^0x[0-9a-fA-F]*$/.test(v)) throw new Error(`${key} is not hex`);
    if (isInt(kind)) {
      const n = BigInt(v.length === 2 ? 'x' : v);
      if (n >= 1n << bits(kind)) throw new Error(`${key} out of range`);
      return bigIntToUnpaddedBytes(n);
    }
    if (v.length % 2 !== 0) throw new Error(`${key} has an odd length`);
    const b = Uint8Array.from(Buffer.from(v.slice(2), 'hex'));
    if (kind !== 'bytes' && b.length !== kind) throw new Error(`${key} has the wrong length`);
    return b;
  });
}

/** The reference's verdict on a block object for a proven hash: its header's RLP, when it hashes to it. */
function referenceJson(json: unknown, proven: string): Reference<string> {
  try {
    const rlp = RLP.encode(referenceItems(json));
    const claimed = (json as Record<string, unknown>).hash;
    if (ejsBytesToHex(keccak_256(rlp)) !== proven || (claimed !== undefined && claimed !== null && String(claimed).toLowerCase() !== proven)) return { ok: false };
    return { ok: true, value: ejsBytesToHex(rlp) };
  } catch {
    return { ok: false };
  }
}

/** The reference's verdict on raw header bytes: a list of 15 to 23 strings of the fields' forms. */
function referenceRlp(bytes: Uint8Array): Reference<string> {
  try {
    const items = RLP.decode(bytes);
    if (!Array.isArray(items) || items.length < REQUIRED || items.length > ORDER.length) return { ok: false };
    for (const [i, item] of items.entries()) {
      if (!(item instanceof Uint8Array)) return { ok: false };
      const kind = ORDER[i]![1];
      if (isInt(kind) ? item.length * 8 > Number(bits(kind)) || item[0] === 0 : kind !== 'bytes' && item.length !== kind) return { ok: false };
    }
    return { ok: true, value: ejsBytesToHex(RLP.encode(items as Uint8Array[])) };
  } catch {
    return { ok: false };
  }
}

interface JsonSeed {
  json: Record<string, unknown>;
  proven: string;
}

/** Real block objects of each header shape, and Amsterdam ones built from the Prague block. */
function jsonSeeds(): JsonSeed[] {
  const real: Record<string, unknown>[] = [
    fixture('ethereumjs-blocks/mainnet-2000004.json'),
    fixture('ethereumjs-blocks/mainnet-15571241.json'),
    fixture('mainnet-proofs/block.json'),
    io('eth_getBlockByNumber/get-block-shanghai-fork.io').response.result,
    io('eth_getBlockByNumber/get-block-prague-fork.io').response.result,
    io('eth_getBlockByNumber/get-latest.io').response.result,
  ];
  const { hash: _, ...prague } = real[4]!;
  const amsterdam: Record<string, unknown>[] = [
    { ...prague, blockAccessListHash: '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347' },
    { ...prague, blockAccessListHash: '0x' + '5a'.repeat(32), slotNumber: '0xceff02', size: '0x2a1' },
  ];
  return [...real, ...amsterdam].map((json) => {
    const proven = ejsBytesToHex(keccak_256(RLP.encode(referenceItems(json))));
    // Real blocks carry their node's hash; the constructed ones get the reference's.
    return { json: { ...json, hash: json.hash ?? proven }, proven };
  });
}

const JSON_STRICTER: Record<string, string> = {
  HEADER_FIELD_UNKNOWN: 'A block member that is neither a header field nor a known block member, on a header whose fields do not hash to the proven value: it may be a field of a fork Vigil does not know (named rather than a plain mismatch); the reference ignores it.',
  INVALID_INPUT: 'A quantity with leading zeros or none at all ("0x01", "0x"): execution-apis QUANTITY is minimal hex; the reference reads any hex integer.',
};

export const headerJsonTarget = defineTarget({
  name: 'header-json',
  subject: 'verifyRpcHeader: an eth_getBlockByHash answer bound to the hash proven for it, Frontier to Amsterdam',
  reference: 'the header fields read here in the sources\' order (@ethereumjs/util), @ethereumjs/rlp, @noble/hashes keccak_256 = the proven hash',
  seeds: 'mainnet, Shanghai, Prague and Osaka block objects (ethereumjs, execution-apis fixtures); two constructed Amsterdam blocks',
  stricter: JSON_STRICTER,
  async load() {
    const seeds = jsonSeeds();
    for (const s of seeds) if (bytesToHex(encodeHeader(verifyRpcHeader(s.json, hexToBytes(s.proven)))) !== (referenceJson(s.json, s.proven) as { value: string }).value) throw new Error('a header seed differs from the reference');
    return seeds;
  },
  run(seeds: JsonSeed[], rng): Outcome {
    const seed = rng.pick(seeds);
    const m = mutateJson(rng, seed.json, { keys: ['blockAccessListHash', 'slotNumber', 'requestsHash', 'withdrawalsRoot', 'inclusionListRoot', 'totalDifficulty', 'size'] });
    const ours = attempt(() => bytesToHex(encodeHeader(verifyRpcHeader(m.value, hexToBytes(seed.proven)))));
    return againstReference(m.op, ours, referenceJson(m.value, seed.proven));
  },
});

const RLP_STRICTER: Record<string, string> = {
  RLP_NON_CANONICAL: 'A non-canonical RLP length or single byte that @ethereumjs/rlp decodes: the bytes would not hash to the header\'s hash.',
  RLP_UNEXPECTED_TYPE: 'extraData over 1,024 bytes: a bound on server input (consensus allows 32), which the reference does not set.',
};

export const headerRlpTarget = defineTarget({
  name: 'header-rlp',
  subject: 'decodeHeader: raw headers (debug_getRawHeader, a block\'s first item), Frontier to Amsterdam',
  reference: '@ethereumjs/rlp decode, then 15 to 23 strings of the fields\' lengths and integer forms (checked here); the same bytes back',
  seeds: 'the headers of the execution-apis chain.rlp (54 blocks), and the Amsterdam block objects of header-json encoded',
  stricter: RLP_STRICTER,
  async load() {
    const chain = splitRlp(fixtureBytes('execution-apis/chain.rlp')).map((b) => RLP.encode((RLP.decode(b) as Uint8Array[][])[0]!));
    const amsterdam = jsonSeeds().slice(-2).map((s) => RLP.encode(referenceItems(s.json)));
    const seeds = [...chain.filter((_, i) => i % 6 === 0), ...amsterdam];
    for (const s of seeds) if (bytesToHex(encodeHeader(decodeHeader(s))) !== bytesToHex(s) || !referenceRlp(s).ok) throw new Error('an RLP header seed does not round-trip');
    return seeds;
  },
  run(seeds: Uint8Array[], rng): Outcome {
    const seed = rng.pick(seeds);
    const m = rng.chance(0.6) ? mutateRlp(rng, seed, { donors: seeds }) : mutateBytes(rng, seed, { donors: seeds });
    const ours = attempt(() => bytesToHex(encodeHeader(decodeHeader(m.value))));
    return againstReference(m.op, ours, referenceRlp(m.value));
  },
});
