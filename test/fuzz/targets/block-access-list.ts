/**
 * EIP-7928 block access lists as eth_getBlockAccessList answers them, bound to the
 * blockAccessListHash of a verified header (src/execution/block/access-list.ts
 * verifyBlockAccessList): what is accepted must be exactly the list the hash commits to.
 * The seeds are built with @ethereumjs/util's BlockLevelAccessList, whose own RLP and hash
 * (`serialize`, `hash`) are the commitment; the reference reads the JSON here from the
 * execution-apis schema and encodes it with @ethereumjs/rlp and @noble/hashes.
 */
import { RLP } from '@ethereumjs/rlp';
import { bigIntToUnpaddedBytes, createBlockLevelAccessList } from '@ethereumjs/util';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bigIntToBytes, bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { encodeBlockAccessList, verifyBlockAccessList } from '../../../src/execution/block/access-list.ts';
import type { BlockHeader } from '../../../src/execution/header.ts';
import { blockAccessListJson } from '../../../src/devnet/execution/node/bal-json.ts';
import { mutateJson } from '../mutators/json.ts';
import { againstReference, attempt, type Reference } from '../oracles.ts';
import { Rng } from '../rng.ts';
import { defineTarget, type Outcome } from '../target.ts';

const HEX = /^0x[0-9a-fA-F]*$/;

/** The reference's RLP of the JSON: the schema's members, all required; throws on anything malformed. */
function referenceRlp(json: unknown): Uint8Array {
  const arr = (v: unknown): unknown[] => {
    if (!Array.isArray(v)) throw new Error('not an array');
    return v;
  };
  const obj = (v: unknown): Record<string, unknown> => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
    return v as Record<string, unknown>;
  };
  const bytes = (v: unknown, length?: number): Uint8Array => {
    if (typeof v !== 'string' || !HEX.test(v) || v.length % 2 !== 0) throw new Error('not even hex');
    const b = Uint8Array.from(Buffer.from(v.slice(2), 'hex'));
    if (length !== undefined && b.length !== length) throw new Error('wrong length');
    return b;
  };
  const int = (v: unknown): Uint8Array => {
    if (typeof v !== 'string' || !HEX.test(v) || v.length === 2) throw new Error('not a quantity');
    return bigIntToUnpaddedBytes(BigInt(v));
  };
  const word = (v: unknown) => bigIntToUnpaddedBytes(BigInt(bytesToHex(bytes(v, 32))));
  return RLP.encode(
    arr(json).map((entry) => {
      const a = obj(entry);
      return [
        bytes(a.address, 20),
        arr(a.storageChanges).map((s) => [word(obj(s).key), arr(obj(s).changes).map((c) => [int(obj(c).index), word(obj(c).value)])]),
        arr(a.storageReads).map(word),
        arr(a.balanceChanges).map((c) => [int(obj(c).index), int(obj(c).value)]),
        arr(a.nonceChanges).map((c) => [int(obj(c).index), int(obj(c).value)]),
        arr(a.codeChanges).map((c) => [int(obj(c).index), bytes(obj(c).code)]),
      ];
    }),
  );
}

function referenceVerdict(json: unknown, proven: string): Reference<string> {
  try {
    const rlp = referenceRlp(json);
    return bytesToHex(keccak_256(rlp)) === proven ? { ok: true, value: bytesToHex(rlp) } : { ok: false };
  } catch {
    return { ok: false };
  }
}

interface Seed {
  json: unknown;
  proven: string;
}

/** Lists ethereumjs builds: every kind of change, several accounts and slots, and the empty list. */
function seeds(): Seed[] {
  const rng = new Rng(7928);
  const addresses = [`0x${'11'.repeat(20)}`, `0x${'ab'.repeat(20)}`, `0x${'00'.repeat(19)}01`, `0x${'ff'.repeat(19)}fe`] as `0x${string}`[];
  const key = (n: bigint) => hexToBytes('0x' + n.toString(16).padStart(64, '0'));
  const out: Seed[] = [];
  for (let s = 0; s < 6; s++) {
    const bal = createBlockLevelAccessList();
    for (let i = 0; i < s * 4; i++) {
      const address = rng.pick(addresses);
      const index = rng.int(8);
      switch (rng.int(6)) {
        case 0: bal.addBalanceChange(address, rng.bigint(96), index); break;
        case 1: bal.addNonceChange(address, rng.bigint(16), index); break;
        case 2: bal.addStorageWrite(address, key(rng.bigint(rng.pick([8, 256]))), bigIntToBytes(rng.bigint(256) | 1n), index, new Uint8Array(0)); break;
        case 3: bal.addStorageRead(address, key(rng.bigint(rng.pick([8, 256])))); break;
        case 4: bal.addCodeChange(address, hexToBytes('0x6000' + '5b'.repeat(rng.int(8))), index); break;
        default: bal.addAddress(address);
      }
    }
    out.push({ json: JSON.parse(JSON.stringify(blockAccessListJson(bal))), proven: bytesToHex(bal.hash()) });
  }
  return out;
}

const STRICTER: Record<string, string> = {
  INVALID_INPUT: 'A quantity with more leading zeros than a bound on server input allows, or above its width (an index over 32 bits, a nonce over 64): no valid list holds one; the reference reads any hex integer.',
};

export const blockAccessListTarget = defineTarget({
  name: 'block-access-list',
  subject: 'verifyBlockAccessList: an eth_getBlockAccessList answer bound to the blockAccessListHash of its verified header',
  reference: 'the JSON read here (execution-apis schema, every member required), @ethereumjs/rlp, @noble/hashes keccak_256 = the hash @ethereumjs/util gave the seed',
  seeds: 'six lists built with @ethereumjs/util BlockLevelAccessList (balance, nonce, code, storage writes and reads, touched accounts; the empty list), printed by the devnet\'s bal-json',
  stricter: STRICTER,
  async load() {
    const all = seeds();
    for (const s of all) {
      const ours = bytesToHex(encodeBlockAccessList(verifyBlockAccessList({ number: 1n, blockAccessListHash: hexToBytes(s.proven) } as BlockHeader, new Uint8Array(32), s.json).accounts));
      if (ours !== (referenceVerdict(s.json, s.proven) as { value?: string }).value) throw new Error('a block access list seed differs from the reference');
    }
    return all;
  },
  run(all: Seed[], rng): Outcome {
    const seed = rng.pick(all);
    const m = mutateJson(rng, seed.json, { keys: ['storageChanges', 'storageReads', 'balanceChanges', 'nonceChanges', 'codeChanges', 'index', 'value', 'code', 'key'] });
    const header = { number: 1n, blockAccessListHash: hexToBytes(seed.proven) } as BlockHeader;
    const ours = attempt(() => bytesToHex(encodeBlockAccessList(verifyBlockAccessList(header, new Uint8Array(32), m.value).accounts)));
    return againstReference(m.op, ours, referenceVerdict(m.value, seed.proven));
  },
});
