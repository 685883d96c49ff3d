/**
 * OP Stack unsafe-block gossip messages (src/l2/op-stack/gossip validateBlock), v1 to v4, snappy
 * and not, against a reference written here from the specs: a snappy block decoder written here
 * from google/snappy format_description.txt with Go's checks (snappyjs cannot be the reference: it
 * drops bytes written past the declared length, and never returns on a literal whose 4-byte length
 * has its top bit set, e.g. 10 fc 2c 97 9f ff 41 42 43 44: its 32-bit length turns negative and
 * its read position walks back), the
 * ExecutionPayload containers of each version declared with @chainsafe/ssz (bigint integers, so no
 * uint64 is cut at 2^53), the header's fields in the forks' order hashed with @ethereumjs/rlp and
 * @noble/hashes, the signature recovered with @noble/curves, and the spec's rules.
 * Mutations: bytes of the message (raw or compressed), or one payload field changed and the
 * message sealed (block hash recomputed) and signed again, so that the rules past the hash and the
 * signature are reached.
 */
import { ByteListType, ByteVectorType, ContainerType, ListCompositeType, UintBigintType } from '@chainsafe/ssz';
import { RLP } from '@ethereumjs/rlp';
import { bigIntToUnpaddedBytes } from '@ethereumjs/util';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { sha256 } from '@noble/hashes/sha2.js';
import snappy from 'snappyjs';
import { bigIntToBytesPadded, bytesToHex, concatBytes, hexToBytes } from '../../../src/core/bytes.ts';
import { secp256k1PublicKey } from '../../../src/crypto/secp256k1.ts';
import type { ExecutionPayload, GossipVersion } from '../../../src/l2/op-stack/gossip/payload.ts';
import { sealPayload, signGossipBlock } from '../../../src/l2/op-stack/gossip/sign.ts';
import { validateBlock } from '../../../src/l2/op-stack/gossip/validate.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { againstReference, attempt, type Reference } from '../oracles.ts';
import type { Rng } from '../rng.ts';
import { defineTarget, type Outcome } from '../target.ts';

const KEY = hexToBytes('0x' + '4c'.repeat(32));
const SIGNER = bytesToHex(keccak_256(secp256k1PublicKey(KEY).subarray(1)).subarray(12));
const CHAIN = 10n;
const MAX_GOSSIP = 10 * 2 ** 20;

const u64 = new UintBigintType(8);
const root = new ByteVectorType(32);
const Withdrawal = new ContainerType({ index: u64, validatorIndex: u64, address: new ByteVectorType(20), amount: u64 });
const V1 = {
  parentHash: root, feeRecipient: new ByteVectorType(20), stateRoot: root, receiptsRoot: root, logsBloom: new ByteVectorType(256), prevRandao: root,
  blockNumber: u64, gasLimit: u64, gasUsed: u64, timestamp: u64, extraData: new ByteListType(32), baseFeePerGas: new UintBigintType(32), blockHash: root,
  transactions: new ListCompositeType(new ByteListType(2 ** 30), 2 ** 20),
};
const V2 = { ...V1, withdrawals: new ListCompositeType(Withdrawal, 16) };
const V3 = { ...V2, blobGasUsed: u64, excessBlobGas: u64 };
const V4 = { ...V3, withdrawalsRoot: root };
const CONTAINERS = { 1: new ContainerType(V1), 2: new ContainerType(V2), 3: new ContainerType(V3), 4: new ContainerType(V4) } as const;

interface Answer {
  hash: string;
  signer: string;
  number: bigint;
}

/** The ordered trie root (keys rlp(i)) by @ethereumjs/trie: asynchronous, so computed ahead of each run (load, precompute). */
let trieRoot: (values: readonly Uint8Array[]) => Uint8Array = () => {
  throw new Error('reference trie not loaded');
};

const int = (x: bigint) => bigIntToUnpaddedBytes(x);

/** A snappy block decoded, or undefined: the declared length (a uint32 varint, at most 10 MiB) produced exactly, every copy inside what came before. */
function referenceSnappy(b: Uint8Array): Uint8Array | undefined {
  let i = 0;
  let n = 0;
  for (let mul = 1; ; mul *= 128) {
    if (i >= b.length || i >= 5) return undefined;
    const c = b[i++]!;
    n += (c & 127) * mul;
    if (c < 128) break;
  }
  if (n > MAX_GOSSIP) return undefined;
  const out = new Uint8Array(n);
  let o = 0;
  while (i < b.length) {
    const tag = b[i++]!;
    if ((tag & 3) === 0) {
      let len = tag >> 2;
      if (len >= 60) {
        const k = len - 59;
        if (i + k > b.length) return undefined;
        len = 0;
        for (let j = k - 1; j >= 0; j--) len = len * 256 + b[i + j]!;
        i += k;
      }
      len += 1;
      if (i + len > b.length || o + len > n) return undefined;
      out.set(b.subarray(i, i + len), o);
      i += len;
      o += len;
      continue;
    }
    let len: number;
    let off: number;
    if ((tag & 3) === 1) {
      if (i + 1 > b.length) return undefined;
      len = 4 + ((tag >> 2) & 7);
      off = ((tag & 0xe0) << 3) | b[i]!;
      i += 1;
    } else if ((tag & 3) === 2) {
      if (i + 2 > b.length) return undefined;
      len = 1 + (tag >> 2);
      off = b[i]! | (b[i + 1]! << 8);
      i += 2;
    } else {
      if (i + 4 > b.length) return undefined;
      len = 1 + (tag >> 2);
      off = b[i]! + b[i + 1]! * 256 + b[i + 2]! * 65536 + b[i + 3]! * 16777216;
      i += 4;
    }
    if (off === 0 || off > o || o + len > n) return undefined;
    for (let j = 0; j < len; j++) out[o + j] = out[o + j - off]!;
    o += len;
  }
  return o === n ? out : undefined;
}

/** The reference's verdict on a message of `version`. */
function reference(wire: Uint8Array, version: GossipVersion): Reference<Answer> {
  try {
    if (wire.length > MAX_GOSSIP) return { ok: false };
    // A snappy block is the message decompressed; anything else is the message as it is.
    const data = referenceSnappy(wire) ?? wire;
    if (data.length < 66 + (version >= 3 ? 32 : 0)) return { ok: false };
    const signed = data.subarray(65);
    const pbbr = version >= 3 ? signed.subarray(0, 32) : undefined;
    const p = CONTAINERS[version].deserialize(version >= 3 ? signed.subarray(32) : signed) as any;
    const header: Uint8Array[] = [
      p.parentHash, keccak_256(RLP.encode([])), p.feeRecipient, p.stateRoot, trieRoot(p.transactions), p.receiptsRoot, p.logsBloom,
      int(0n), int(p.blockNumber), int(p.gasLimit), int(p.gasUsed), int(p.timestamp), p.extraData, p.prevRandao, new Uint8Array(8), int(p.baseFeePerGas),
    ];
    if (version >= 2) {
      const wds = (p.withdrawals as any[]).map((w) => RLP.encode([int(w.index), int(w.validatorIndex), w.address, int(w.amount)]));
      header.push(version >= 4 ? p.withdrawalsRoot : trieRoot(wds));
    }
    if (version >= 3) header.push(int(p.blobGasUsed), int(p.excessBlobGas), pbbr!);
    if (version >= 4) header.push(sha256(new Uint8Array()));
    const hash = keccak_256(RLP.encode(header));
    if (bytesToHex(hash) !== bytesToHex(p.blockHash)) return { ok: false };
    if (version >= 2 && p.withdrawals.length > 0) return { ok: false };
    if (version >= 3 && (p.excessBlobGas !== 0n || (version === 3 && p.blobGasUsed !== 0n))) return { ok: false };
    const y = data[64]!;
    if (y > 1) return { ok: false };
    const r = BigInt(bytesToHex(data.subarray(0, 32)));
    const s = BigInt(bytesToHex(data.subarray(32, 64)));
    const digest = keccak_256(concatBytes(new Uint8Array(32), bigIntToBytesPadded(CHAIN, 32), keccak_256(signed)));
    const pub = new secp256k1.Signature(r, s, y).recoverPublicKey(digest).toBytes(false);
    const signer = bytesToHex(keccak_256(pub.subarray(1)).subarray(12));
    if (signer !== SIGNER) return { ok: false };
    return { ok: true, value: { hash: bytesToHex(hash), signer, number: p.blockNumber } };
  } catch {
    return { ok: false };
  }
}

interface Seed {
  version: GossipVersion;
  payload: ExecutionPayload;
  pbbr?: Uint8Array;
  raw: Uint8Array;
}

function basePayload(version: GossipVersion, n: number): ExecutionPayload {
  const fill = (x: number, len = 32) => new Uint8Array(len).fill(x);
  return {
    parentHash: fill(1 + n), feeRecipient: hexToBytes('0x4200000000000000000000000000000000000011'), stateRoot: fill(2 + n), receiptsRoot: fill(3), logsBloom: fill(n, 256), prevRandao: fill(4),
    blockNumber: 1_000_000n + BigInt(n), gasLimit: 30_000_000n, gasUsed: 1_234_567n, timestamp: 1_800_000_000n + BigInt(n), extraData: hexToBytes('0x00000000fa00000006'),
    baseFeePerGas: 252n, blockHash: new Uint8Array(32),
    transactions: n === 0 ? [] : [hexToBytes('0x7ef8f8a0' + 'ab'.repeat(60)), hexToBytes('0x02f87083' + 'cd'.repeat(100))],
    ...(version >= 2 ? { withdrawals: [] } : {}),
    ...(version >= 3 ? { blobGasUsed: 0n, excessBlobGas: 0n } : {}),
    ...(version >= 4 ? { withdrawalsRoot: fill(0x77) } : {}),
  };
}

function sign(version: GossipVersion, payload: ExecutionPayload, pbbr: Uint8Array | undefined, seal: boolean): Uint8Array {
  return signGossipBlock(seal ? sealPayload(payload, version, pbbr) : payload, version, CHAIN, KEY, pbbr);
}

const BOUNDARY_INTS = [0n, 1n, 2n ** 32n - 1n, 2n ** 53n + 1n, 2n ** 64n - 1n];

/** One payload field changed (to a boundary or a random value, bytes of another length at times). */
function fieldMutation(rng: Rng, version: GossipVersion, p: ExecutionPayload): { payload: ExecutionPayload; name: string } {
  const fields = Object.keys(p).filter((k) => k !== 'blockHash') as (keyof ExecutionPayload)[];
  const name = rng.pick(fields);
  const value = p[name];
  let next: unknown;
  if (typeof value === 'bigint') {
    next = rng.chance(0.5) ? rng.pick(BOUNDARY_INTS) : rng.bigint(name === 'baseFeePerGas' ? 256 : 64);
  } else if (value instanceof Uint8Array) {
    next = rng.chance(0.8) ? rng.bytes(value.length) : rng.bytes(rng.int(40));
  } else if (name === 'transactions') {
    next = rng.chance(0.5) ? [...(value as Uint8Array[]), rng.bytes(rng.int(64))] : (value as Uint8Array[]).slice(0, rng.int((value as Uint8Array[]).length + 1));
  } else {
    next = [{ index: rng.bigint(64), validatorIndex: rng.bigint(64), address: rng.bytes(20), amount: rng.bigint(64) }];
  }
  return { payload: { ...p, [name]: next }, name: `field:${name}` };
}

export const opGossipTarget = defineTarget({
  name: 'op-gossip',
  subject: 'validateBlock: an OP Stack unsafe-block gossip message, v1 (Bedrock) to v4 (Isthmus), snappy or not, by the spec\'s rules (no time window)',
  reference: 'snappyjs; the payload containers declared with @chainsafe/ssz; the header fields in the forks\' order through @ethereumjs/rlp, @ethereumjs/trie and @noble/hashes; @noble/curves recovery; the rules of specs rollup-node-p2p.md',
  seeds: 'two sealed payloads per version (one without transactions), signed by a test key, raw and snappy-compressed',
  slice: 200,
  async load() {
    const { Trie } = await import('@ethereumjs/trie');
    // @ethereumjs/trie is asynchronous; the reference is not: roots are computed ahead for the lists met.
    const cache = new Map<string, Uint8Array>();
    const key = (values: readonly Uint8Array[]) => values.map(bytesToHex).join(',');
    const compute = async (values: readonly Uint8Array[]) => {
      const trie = new Trie();
      for (const [i, v] of values.entries()) await trie.put(RLP.encode(i), v);
      cache.set(key(values), trie.root());
    };
    trieRoot = (values) => {
      const hit = cache.get(key(values));
      if (hit === undefined) throw new Error('root not computed ahead');
      return hit;
    };
    const seeds: Seed[] = [];
    for (const version of [1, 2, 3, 4] as const) {
      for (const n of [0, 1]) {
        const payload = basePayload(version, n);
        const pbbr = version >= 3 ? new Uint8Array(32).fill(0xbe) : undefined;
        await compute(payload.transactions);
        await compute([]);
        const raw = sign(version, payload, pbbr, true);
        seeds.push({ version, payload, raw, ...(pbbr ? { pbbr } : {}) });
        if (reference(raw, version).ok !== true) throw new Error(`the reference refuses the v${version} seed`);
        validateBlock(raw, version, { chainId: CHAIN, signer: SIGNER });
      }
    }
    return { seeds, compute };
  },
  async run(ctx: { seeds: Seed[]; compute: (values: readonly Uint8Array[]) => Promise<void> }, rng): Promise<Outcome> {
    const seed = rng.pick(ctx.seeds);
    let wire: Uint8Array;
    let op: string;
    if (rng.chance(0.5)) {
      const form = rng.chance(0.5) ? snappy.compress(seed.raw) : seed.raw;
      const m = mutateBytes(rng, form, { donors: ctx.seeds.map((s) => s.raw) });
      wire = m.value;
      op = m.op;
    } else {
      const m = fieldMutation(rng, seed.version, seed.payload);
      const seal = rng.chance(0.8);
      op = seal ? `${m.name}+seal` : m.name;
      try {
        wire = sign(seed.version, m.payload, seed.pbbr, seal);
      } catch {
        // A value the encoding cannot hold (extraData over 32 bytes): the seed, unchanged.
        wire = seed.raw;
        op = `${m.name}:unencodable`;
      }
      if (rng.chance(0.3)) wire = snappy.compress(wire);
    }
    const version = rng.chance(0.9) ? seed.version : rng.pick([1, 2, 3, 4] as const);
    // The reference's trie roots of whatever lists the message holds, computed ahead (refusals need none).
    await precompute(ctx.compute, wire, version);
    const ours = attempt(() => {
      const b = validateBlock(wire, version, { chainId: CHAIN, signer: SIGNER });
      return { hash: bytesToHex(b.hash), signer: b.signer, number: b.number };
    });
    return { ...againstReference(op, ours, reference(wire, version)), input: { version, wire: bytesToHex(wire) } };
  },
});

/** Decodes what the reference will, to compute @ethereumjs/trie roots of its transactions and withdrawals first. */
async function precompute(compute: (values: readonly Uint8Array[]) => Promise<void>, wire: Uint8Array, version: GossipVersion): Promise<void> {
  const forms: Uint8Array[] = [wire];
  const decoded = referenceSnappy(wire);
  if (decoded !== undefined) forms.push(decoded);
  for (const data of forms) {
    if (data.length < 66 + 32) continue;
    try {
      const p = CONTAINERS[version].deserialize(data.subarray(65 + (version >= 3 ? 32 : 0))) as any;
      await compute(p.transactions);
      if (version >= 2) await compute((p.withdrawals as any[]).map((w) => RLP.encode([int(w.index), int(w.validatorIndex), w.address, int(w.amount)])));
    } catch {
      // the reference refuses it without a root
    }
  }
}
