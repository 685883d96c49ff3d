/**
 * OP Stack unsafe-block gossip (src/l2/op-stack/gossip): the OP clients' vectors, a real block's
 * hash, the SSZ and the header against independent implementations, every rule, hostile bytes.
 *
 * Vectors and their sources:
 * - alloy-rs/op-alloy crates/rpc-types-engine/src/envelope.rs @ a93a08a0 (the research notes' pin):
 *   `test_roundtrip_encode_envelope_v1…v4` (snappy messages of each version and their timestamps)
 *   and `test_signature_message` (payload hash of 0x99…99 for chain 10 → 0x44a0e2b1…f206);
 * - the same file's `test_from_flashblocks_unichain_sepolia_block`: Unichain Sepolia block
 *   35,535,698, a real Isthmus block (its 5 flashblocks joined), hash 0xc463a312…1196.
 */
import { ContainerType } from '@chainsafe/ssz';
import { createBlockHeader } from '@ethereumjs/block';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { RLP } from '@ethereumjs/rlp';
import { Trie } from '@ethereumjs/trie';
import { ssz } from '@lodestar/types';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import snappy from 'snappyjs';
import { opBlockEnv } from '../../../../src/l2/op-stack/forks/block-env.ts';
import { OP_CHAIN_RULES } from '../../../../src/l2/op-stack/forks/chains.ts';
import { gossipVersionOnChain } from '../../../../src/l2/op-stack/gossip/version.ts';
import { describe, expect, it } from 'vitest';
import { bigIntToBytesPadded, bytesToHex, concatBytes, hexToBytes } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError, VigilError } from '../../../../src/core/errors.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { SECP256K1_N, secp256k1PublicKey } from '../../../../src/crypto/secp256k1.ts';
import { headerHash } from '../../../../src/execution/header.ts';
import { outputRootConflict, twoBlocksAtOneHeight, verifyEquivocation } from '../../../../src/l2/op-stack/gossip/equivocation.ts';
import { blockSigningHash, decodeGossipBlock, encodeGossipMessage, gossipVersionsOf, MAX_GOSSIP_SIZE, recoverBlockSigner } from '../../../../src/l2/op-stack/gossip/message.ts';
import { checkBlockHash, decodeExecutionPayload, EMPTY_REQUESTS_HASH, encodeExecutionPayload, type ExecutionPayload, type GossipVersion, payloadHeader } from '../../../../src/l2/op-stack/gossip/payload.ts';
import { markSeen, NO_BLOCKS_SEEN, seenBefore, type SeenBlocks } from '../../../../src/l2/op-stack/gossip/seen.ts';
import { sealPayload, signGossipBlock } from '../../../../src/l2/op-stack/gossip/sign.ts';
import { provenUnsafeBlockSigner, UNSAFE_BLOCK_SIGNER_SLOT, unsafeBlockSignerOfWord, unsafeBlockSignerRequest } from '../../../../src/l2/op-stack/gossip/signer-slot.ts';
import { snappyBlockDecode, snappyBlockLength } from '../../../../src/core/snappy.ts';
import { readSignedBlock, validateBlock } from '../../../../src/l2/op-stack/gossip/validate.ts';

const OP_ALLOY = 'alloy-rs/op-alloy crates/rpc-types-engine/src/envelope.rs @ a93a08a0';
const OP_ALLOY_VECTORS: readonly { version: GossipVersion; hex: string; timestamp: bigint }[] = [
  {
    version: 1,
    timestamp: 1725271882n,
    hex: '0xbd04f043128457c6ccf35128497167442bcc0f8cce78cda8b366e6a12e526d938d1e4c1046acffffbfc542a7e212bb7d80d3a4b2f84f7b196d935398a24eb84c519789b401000000fe0300fe0300fe0300fe0300fe0300fe0300a203000c4a8fd56621ad04fc0101067601008ce60be0005b220117c32c0f3b394b346c2aa42cfa8157cd41f891aa0bec485a62fc010000',
  },
  {
    version: 2,
    timestamp: 1708427627n,
    hex: '0xc104f0433805080eb36c0b130a7cc1dc74c3f721af4e249aa6f61bb89d1557143e971bb738a3f3b98df7c457e74048e9d2d7e5cd82bb45e3760467e2270e9db86d1271a700000000fe0300fe0300fe0300fe0300fe0300fe0300a203000c6b89d46525ad000205067201009cda69cb5b9b73fc4eb2458b37d37f04ff507fe6c9cd2ab704a05ea9dae3cd61760002000000020000',
  },
  {
    version: 3,
    timestamp: 1708427461n,
    hex: '0xf104f0434442b9eb38b259f5b23826e6b623e829d2fb878dac70187a1aecf42a3f9bedfd29793d1fcb5822324be0d3e12340a95855553a65d64b83e5579dffb31470df5d010000006a03000412346a1d00fe0100fe0100fe0100fe0100fe0100fe01004201000cc588d465219504100201067601007cfece77b89685f60e3663b6e0faf2de0734674eb91339700c4858c773a8ff921e014401043e0100',
  },
  {
    version: 4,
    timestamp: 1741842007n,
    hex: '0x9105f043cee25401b6853202950d1d8a082f31a80c4fef5782c049a731f5d104b1b9b9aa7618605b420438ae98b44c8aaaebd482854473c2ae57c079286bb634bece5210000000006a03000412346a1d00fe0100fe0100fe0100fe0100fe0100fe01004201000c5766d26721950430020106f6010001440104b60100049876',
  },
];

/** Unichain Sepolia block 35,535,698 (op-alloy's flashblocks test): base fields, then the last flashblock's, and the 6 transactions in order. */
const UNICHAIN_SEPOLIA = {
  hash: '0xc463a3120c35268f610d969f5608b479332ef10953af77c7a6be806195831196',
  parentBeaconBlockRoot: '0xf6d335a6b2b4fd8fb539cd51a49769df4d53c31a90c54dd270e54542638ff101',
  parentHash: '0x06ff95a9cd23b0328da74a984aa986b2e01d377dab1825f1029e39ece6c4a3ea',
  feeRecipient: '0x4200000000000000000000000000000000000011',
  prevRandao: '0x8beee738d20a9d77c5f27e9cb799ebe5b536f0985efad5f7d77ebff47f092c4a',
  blockNumber: 0x21e3b52n,
  gasLimit: 0x3938700n,
  timestamp: 0x690be89en,
  extraData: '0x00000000320000000c',
  baseFeePerGas: 0x33n,
  stateRoot: '0x5615e4342d231c352438f0ba6a8f0f641459f67961961764b781a909969b28ad',
  receiptsRoot: '0x588e1d47b0618d7e935b20c3945cba3b7b8c00141904f79ceed20312ea502e63',
  gasUsed: 0x32138n,
  withdrawalsRoot: '0x62ed62e0391b081bf172f287fbbe75e87d8a6c22f1d3b1f1aef4788c134633d2',
};

const KEY = hexToBytes('0x' + '4c'.repeat(32));
const SIGNER = bytesToHex(keccak256(secp256k1PublicKey(KEY).subarray(1)).subarray(12));
const OTHER_KEY = hexToBytes('0x' + '5d'.repeat(32));
const PBBR = hexToBytes('0x' + 'be'.repeat(32));
const CHAIN = 10n;

/** A small deterministic generator (xorshift32), so the random cases replay. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
  return {
    int: (n: number) => next() % n,
    bytes: (n: number) => Uint8Array.from({ length: n }, () => next() & 0xff),
    big: (bits: number) => {
      let v = 0n;
      for (let i = 0; i < bits; i += 32) v = (v << 32n) | BigInt(next());
      return v & ((1n << BigInt(bits)) - 1n);
    },
  };
}

/** An unsealed payload of `version`'s fields; `over` replaces any. */
function payload(version: GossipVersion, over: Partial<ExecutionPayload> = {}): ExecutionPayload {
  const p: ExecutionPayload = {
    parentHash: hexToBytes('0x' + '11'.repeat(32)),
    feeRecipient: hexToBytes('0x4200000000000000000000000000000000000011'),
    stateRoot: hexToBytes('0x' + '22'.repeat(32)),
    receiptsRoot: hexToBytes('0x' + '33'.repeat(32)),
    logsBloom: new Uint8Array(256),
    prevRandao: hexToBytes('0x' + '44'.repeat(32)),
    blockNumber: 1_000n,
    gasLimit: 30_000_000n,
    gasUsed: 21_000n,
    timestamp: 1_800_000_000n,
    extraData: hexToBytes('0x00000000fa00000006'),
    baseFeePerGas: 1_000_000n,
    blockHash: new Uint8Array(32),
    transactions: [hexToBytes('0x7e01'), hexToBytes('0x02c0ffee')],
  };
  if (version >= 2) p.withdrawals = [];
  if (version >= 3) Object.assign(p, { blobGasUsed: 0n, excessBlobGas: 0n });
  if (version >= 4) p.withdrawalsRoot = hexToBytes('0x' + '55'.repeat(32));
  return { ...p, ...over };
}

/** A signed, sealed message (uncompressed unless `compress`). */
function message(version: GossipVersion, over: Partial<ExecutionPayload> = {}, opts: { key?: Uint8Array; chainId?: bigint; compress?: boolean; seal?: boolean } = {}): Uint8Array {
  const pbbr = version >= 3 ? PBBR : undefined;
  const p = opts.seal === false ? payload(version, over) : sealPayload(payload(version, over), version, pbbr);
  const wire = signGossipBlock(p, version, opts.chainId ?? CHAIN, opts.key ?? KEY, pbbr);
  return opts.compress ? snappy.compress(wire) : wire;
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof VigilError) return String(err.code);
    throw err;
  }
  return 'accepted';
}

const unichainPayload = (transactions: Uint8Array[]): ExecutionPayload => {
  const u = UNICHAIN_SEPOLIA;
  return {
    parentHash: hexToBytes(u.parentHash),
    feeRecipient: hexToBytes(u.feeRecipient),
    stateRoot: hexToBytes(u.stateRoot),
    receiptsRoot: hexToBytes(u.receiptsRoot),
    logsBloom: hexToBytes(UNICHAIN_BLOOM),
    prevRandao: hexToBytes(u.prevRandao),
    blockNumber: u.blockNumber,
    gasLimit: u.gasLimit,
    gasUsed: u.gasUsed,
    timestamp: u.timestamp,
    extraData: hexToBytes(u.extraData),
    baseFeePerGas: u.baseFeePerGas,
    blockHash: hexToBytes(u.hash),
    transactions,
    withdrawals: [],
    blobGasUsed: 0n,
    excessBlobGas: 0n,
    withdrawalsRoot: hexToBytes(u.withdrawalsRoot),
  };
};

describe('the OP clients\' gossip vectors', () => {
  it(`${OP_ALLOY}: the four versions decode, each fits its version only, and v1–v3 hash to their blockHash`, () => {
    for (const v of OP_ALLOY_VECTORS) {
      const wire = hexToBytes(v.hex);
      expect(gossipVersionsOf(wire)).toEqual([v.version]);
      const block = decodeGossipBlock(wire, v.version);
      expect(block.compressed).toBe(true);
      expect(block.payload.timestamp).toBe(v.timestamp);
      if (v.version < 4) expect(bytesToHex(checkBlockHash(block.payload, v.version, block.parentBeaconBlockRoot).hash)).toBe(bytesToHex(block.payload.blockHash));
    }
  });

  it(`${OP_ALLOY}: v3/v4 carry the parent beacon block root before the payload, v4 its withdrawalsRoot; v4's zero blockHash does not recompute`, () => {
    const v3 = decodeGossipBlock(hexToBytes(OP_ALLOY_VECTORS[2]!.hex), 3);
    const v4 = decodeGossipBlock(hexToBytes(OP_ALLOY_VECTORS[3]!.hex), 4);
    expect(bytesToHex(v3.parentBeaconBlockRoot!)).toBe('0x' + '0'.repeat(60) + '1234');
    expect(bytesToHex(v4.parentBeaconBlockRoot!)).toBe('0x' + '0'.repeat(60) + '1234');
    expect(bytesToHex(v4.payload.withdrawalsRoot!)).toBe('0x' + '0'.repeat(60) + '9876');
    expect(bytesToHex(v4.signedBytes.subarray(0, 32))).toBe(bytesToHex(v4.parentBeaconBlockRoot!));
    expect(codeOf(() => checkBlockHash(v4.payload, 4, v4.parentBeaconBlockRoot))).toBe('OP_GOSSIP_BLOCK_HASH_MISMATCH');
  });

  it(`${OP_ALLOY}: the signer recovers as @noble/curves recovers it from the same signing hash`, () => {
    for (const v of OP_ALLOY_VECTORS) {
      const block = decodeGossipBlock(hexToBytes(v.hex), v.version);
      const digest = keccak_256(concatBytes(new Uint8Array(32), bigIntToBytesPadded(CHAIN, 32), keccak_256(block.signedBytes)));
      const { r, s, yParity } = block.signature;
      const pub = new secp256k1.Signature(r, s, yParity).recoverPublicKey(digest).toBytes(false);
      expect(recoverBlockSigner(block, CHAIN)).toBe(bytesToHex(keccak_256(pub.subarray(1)).subarray(12)));
    }
  });

  it(`${OP_ALLOY} test_signature_message: keccak256(0^32 ‖ uint256(10) ‖ keccak256(0x99…99))`, () => {
    expect(bytesToHex(blockSigningHash(10n, hexToBytes('0x' + '99'.repeat(32))))).toBe('0x44a0e2b1aba1aae1771eddae1dcd2ad18a8cdac8891517153f03253e49d3f206');
  });

  it(`${OP_ALLOY}, Unichain Sepolia block 35,535,698: the v4 header (pbbr, the payload's withdrawalsRoot, requestsHash = sha256("")) hashes to the block`, () => {
    const p = unichainPayload(UNICHAIN_TRANSACTIONS.map((t) => hexToBytes(t)));
    const { header, hash } = checkBlockHash(p, 4, hexToBytes(UNICHAIN_SEPOLIA.parentBeaconBlockRoot));
    expect(bytesToHex(hash)).toBe(UNICHAIN_SEPOLIA.hash);
    expect(bytesToHex(header.requestsHash!)).toBe('0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(bytesToHex(header.withdrawalsRoot!)).toBe(UNICHAIN_SEPOLIA.withdrawalsRoot);
    // Signed (by a test key: the flashblocks carry no signature) and gossiped, it checks, with its output root.
    const wire = snappy.compress(signGossipBlock(p, 4, 1301n, KEY, hexToBytes(UNICHAIN_SEPOLIA.parentBeaconBlockRoot)));
    const block = validateBlock(wire, 4, { chainId: 1301n, signer: SIGNER, now: UNICHAIN_SEPOLIA.timestamp + 2n });
    expect(bytesToHex(block.hash)).toBe(UNICHAIN_SEPOLIA.hash);
    expect(bytesToHex(block.outputRoot!)).toBe(bytesToHex(keccak_256(concatBytes(new Uint8Array(32), p.stateRoot, p.withdrawalsRoot!, hexToBytes(UNICHAIN_SEPOLIA.hash)))));
    // The fork table puts it in Isthmus on Unichain Sepolia: gossiped as v4, run by Prague with Isthmus's rules.
    const unichainSepolia = OP_CHAIN_RULES.get(1301)!;
    expect(gossipVersionOnChain(wire, unichainSepolia.forks)).toBe(4);
    const env = opBlockEnv(header, hash, unichainSepolia);
    expect([env.fork, env.rollup?.id, env.number]).toEqual(['prague', 'op-stack:isthmus', UNICHAIN_SEPOLIA.blockNumber]);
    // One transaction fewer: another transactions root, another hash.
    expect(codeOf(() => checkBlockHash(unichainPayload(UNICHAIN_TRANSACTIONS.slice(1).map((t) => hexToBytes(t))), 4, hexToBytes(UNICHAIN_SEPOLIA.parentBeaconBlockRoot)))).toBe('OP_GOSSIP_BLOCK_HASH_MISMATCH');
  });
});

describe('the payload against independent implementations', () => {
  const V4 = new ContainerType({ ...ssz.deneb.ExecutionPayload.fields, withdrawalsRoot: ssz.Root }, { typeName: 'OpExecutionPayloadV4' });
  const lodestar = { 1: ssz.bellatrix.ExecutionPayload, 2: ssz.capella.ExecutionPayload, 3: ssz.deneb.ExecutionPayload, 4: V4 } as const;

  function randomPayload(version: GossipVersion, r: ReturnType<typeof rng>): ExecutionPayload {
    const txs = Array.from({ length: r.int(5) }, () => r.bytes(r.int(200)));
    return payload(version, {
      parentHash: r.bytes(32), feeRecipient: r.bytes(20), stateRoot: r.bytes(32), receiptsRoot: r.bytes(32), logsBloom: r.bytes(256), prevRandao: r.bytes(32),
      blockNumber: r.big(48), gasLimit: 1n << 47n, gasUsed: r.big(46), timestamp: r.big(48), extraData: r.bytes(r.int(33)), baseFeePerGas: r.big(256), blockHash: r.bytes(32),
      transactions: txs,
      ...(version >= 2 ? { withdrawals: Array.from({ length: r.int(3) }, () => ({ index: r.big(48), validatorIndex: r.big(48), address: r.bytes(20), amount: r.big(48) })) } : {}),
      ...(version >= 3 ? { blobGasUsed: r.big(48), excessBlobGas: r.big(48) } : {}),
      ...(version >= 4 ? { withdrawalsRoot: r.bytes(32) } : {}),
    });
  }

  function lodestarValue(p: ExecutionPayload, version: GossipVersion): any {
    return {
      ...p,
      blockNumber: Number(p.blockNumber), gasLimit: Number(p.gasLimit), gasUsed: Number(p.gasUsed), timestamp: Number(p.timestamp),
      ...(version >= 2 ? { withdrawals: p.withdrawals!.map((w) => ({ index: Number(w.index), validatorIndex: Number(w.validatorIndex), address: w.address, amount: w.amount })) } : {}),
    };
  }

  it('@lodestar/types (Bellatrix, Capella, Deneb; + withdrawalsRoot for v4) serializes each version as Vigil does, and Vigil reads it back', () => {
    const r = rng(70);
    for (const version of [1, 2, 3, 4] as const) {
      for (let i = 0; i < 12; i++) {
        const p = randomPayload(version, r);
        const theirs = (lodestar[version] as any).serialize(lodestarValue(p, version)) as Uint8Array;
        expect(bytesToHex(encodeExecutionPayload(p, version))).toBe(bytesToHex(theirs));
        expect(decodeExecutionPayload(theirs, version)).toEqual(p);
      }
    }
  });

  it('@lodestar/types refuses what Vigil refuses among truncations and offset changes', () => {
    const r = rng(71);
    for (const version of [1, 2, 3, 4] as const) {
      const bytes = encodeExecutionPayload(randomPayload(version, r), version);
      for (let i = 0; i < 40; i++) {
        const m = bytes.slice(0, r.int(bytes.length + 1));
        if (m.length > 440 && r.int(2) === 0) m[436 + r.int(4)]! ^= 1 << r.int(8);
        let theirs = true;
        try {
          (lodestar[version] as any).deserialize(m);
        } catch {
          theirs = false;
        }
        const ours = codeOf(() => decodeExecutionPayload(m, version));
        // Vigil accepts exactly what Lodestar accepts (both strict SSZ).
        expect(ours === 'accepted').toBe(theirs);
      }
    }
  });

  it('@ethereumjs/block builds the same header hash for each version (transactions root by @ethereumjs/trie)', async () => {
    const forks = { 1: Hardfork.Paris, 2: Hardfork.Shanghai, 3: Hardfork.Cancun, 4: Hardfork.Prague } as const;
    const r = rng(72);
    for (const version of [1, 2, 3, 4] as const) {
      for (let i = 0; i < 4; i++) {
        const p = randomPayload(version, r);
        const trie = new Trie();
        for (const [j, tx] of p.transactions.entries()) await trie.put(RLP.encode(j), tx);
        const withdrawals = new Trie();
        for (const [j, w] of (p.withdrawals ?? []).entries()) await withdrawals.put(RLP.encode(j), RLP.encode([w.index, w.validatorIndex, w.address, w.amount]));
        const theirs = createBlockHeader(
          {
            parentHash: p.parentHash, coinbase: p.feeRecipient, stateRoot: p.stateRoot, transactionsTrie: trie.root(), receiptTrie: p.receiptsRoot, logsBloom: p.logsBloom,
            difficulty: 0n, number: p.blockNumber, gasLimit: p.gasLimit, gasUsed: p.gasUsed, timestamp: p.timestamp, extraData: p.extraData, mixHash: p.prevRandao,
            nonce: new Uint8Array(8), baseFeePerGas: p.baseFeePerGas,
            ...(version >= 2 ? { withdrawalsRoot: version === 4 ? p.withdrawalsRoot : withdrawals.root() } : {}),
            ...(version >= 3 ? { blobGasUsed: p.blobGasUsed, excessBlobGas: p.excessBlobGas, parentBeaconBlockRoot: PBBR } : {}),
            ...(version >= 4 ? { requestsHash: EMPTY_REQUESTS_HASH } : {}),
          },
          { common: new Common({ chain: Mainnet, hardfork: forks[version] }), skipConsensusFormatValidation: true },
        );
        expect(bytesToHex(headerHash(payloadHeader(p, version, PBBR)))).toBe(bytesToHex(theirs.hash()));
      }
    }
  });
});

describe('validateBlock: the spec\'s rules, each by its code', () => {
  for (const version of [1, 2, 3, 4] as const) {
    it(`v${version}: a sealed, signed message checks, snappy or not, and its facts are the payload's`, () => {
      for (const compress of [false, true]) {
        const block = validateBlock(message(version, {}, { compress }), version, { chainId: CHAIN, signer: SIGNER.toUpperCase().replace('0X', '0x'), now: 1_800_000_000n });
        expect(block.block.compressed).toBe(compress);
        expect(block).toMatchObject({ version, number: 1_000n, timestamp: 1_800_000_000n, signer: SIGNER, alreadySeen: false });
        expect(bytesToHex(block.hash)).toBe(bytesToHex(headerHash(block.header)));
        expect(block.outputRoot === undefined).toBe(version < 4);
      }
    });
  }

  it('the time window: −60 s and +5 s pass, one second more refuses; without now no window', () => {
    const wire = message(4);
    const at = (now: bigint) => codeOf(() => validateBlock(wire, 4, { chainId: CHAIN, signer: SIGNER, now }));
    expect(at(1_800_000_060n)).toBe('accepted');
    expect(at(1_800_000_061n)).toBe('OP_GOSSIP_TIMESTAMP_TOO_OLD');
    expect(at(1_799_999_995n)).toBe('accepted');
    expect(at(1_799_999_994n)).toBe('OP_GOSSIP_TIMESTAMP_TOO_NEW');
    expect(codeOf(() => validateBlock(wire, 4, { chainId: CHAIN, signer: SIGNER }))).toBe('accepted');
  });

  it('another signer, another chain id: OP_GOSSIP_SIGNER_MISMATCH naming both addresses', () => {
    const err = (() => {
      try {
        validateBlock(message(3, {}, { key: OTHER_KEY }), 3, { chainId: CHAIN, signer: SIGNER });
      } catch (e) {
        return e as VerificationError;
      }
      throw new Error('accepted');
    })();
    expect(err.code).toBe('OP_GOSSIP_SIGNER_MISMATCH');
    expect(err.expected).toBe(SIGNER);
    expect(err.got).toBe(bytesToHex(keccak256(secp256k1PublicKey(OTHER_KEY).subarray(1)).subarray(12)));
    expect(codeOf(() => validateBlock(message(3, {}, { chainId: 11n }), 3, { chainId: CHAIN, signer: SIGNER }))).toBe('OP_GOSSIP_SIGNER_MISMATCH');
  });

  it('a signature without a signer: y_parity other than 0/1, r or s out of range, or no point: OP_GOSSIP_SIGNATURE_INVALID; a high s recovers as op-node\'s does', () => {
    const wire = message(2);
    const withSig = (r: bigint, s: bigint, y: number) => concatBytes(bigIntToBytesPadded(r, 32), bigIntToBytesPadded(s, 32), Uint8Array.of(y), wire.subarray(65));
    const block = decodeGossipBlock(wire, 2);
    const { r, s, yParity } = block.signature;
    const check = (m: Uint8Array) => codeOf(() => validateBlock(m, 2, { chainId: CHAIN, signer: SIGNER }));
    for (const y of [2, 27, 28, 255]) expect(check(withSig(r, s, y))).toBe('OP_GOSSIP_SIGNATURE_INVALID');
    expect(check(withSig(0n, s, yParity))).toBe('OP_GOSSIP_SIGNATURE_INVALID');
    expect(check(withSig(SECP256K1_N, s, yParity))).toBe('OP_GOSSIP_SIGNATURE_INVALID');
    expect(check(withSig(r, 0n, yParity))).toBe('OP_GOSSIP_SIGNATURE_INVALID');
    expect(check(withSig(r, SECP256K1_N, yParity))).toBe('OP_GOSSIP_SIGNATURE_INVALID');
    // r = 5 is no x of a curve point: nothing recovers.
    expect(check(withSig(5n, s, yParity))).toBe('OP_GOSSIP_SIGNATURE_INVALID');
    expect(check(withSig(r, SECP256K1_N - s, 1 - yParity))).toBe('accepted');
    expect(check(withSig(r, s, 1 - yParity))).toBe('OP_GOSSIP_SIGNER_MISMATCH');
  });

  it('a payload whose blockHash is not its header\'s: OP_GOSSIP_BLOCK_HASH_MISMATCH; v1/v2 hash without a beacon root, so one slipped in breaks the layout', () => {
    for (const version of [1, 2, 3, 4] as const) {
      expect(codeOf(() => validateBlock(message(version, { blockHash: hexToBytes('0x' + 'ab'.repeat(32)) }, { seal: false }), version, { chainId: CHAIN, signer: SIGNER }))).toBe('OP_GOSSIP_BLOCK_HASH_MISMATCH');
    }
    // A v3 message read as v4 (or the reverse) fits neither layout.
    expect(codeOf(() => validateBlock(message(3), 4, { chainId: CHAIN, signer: SIGNER }))).toBe('INVALID_INPUT');
    expect(codeOf(() => validateBlock(message(4), 3, { chainId: CHAIN, signer: SIGNER }))).toBe('INVALID_INPUT');
  });

  it('withdrawals on v2, v3, v4: OP_GOSSIP_WITHDRAWALS_NOT_EMPTY (the hash recomputed with them)', () => {
    const withdrawals = [{ index: 1n, validatorIndex: 1n, address: new Uint8Array(20), amount: 1n }];
    for (const version of [2, 3, 4] as const) {
      expect(codeOf(() => validateBlock(message(version, { withdrawals }), version, { chainId: CHAIN, signer: SIGNER }))).toBe('OP_GOSSIP_WITHDRAWALS_NOT_EMPTY');
    }
  });

  it('blob gas: excessBlobGas ≠ 0 refused on v3 and v4; blobGasUsed ≠ 0 refused on v3, on v4 before jovianTime, accepted from it (the DA footprint) and without it', () => {
    const opts = (jovianTime?: bigint) => ({ chainId: CHAIN, signer: SIGNER, ...(jovianTime === undefined ? {} : { jovianTime }) });
    expect(codeOf(() => validateBlock(message(3, { excessBlobGas: 1n }), 3, opts()))).toBe('OP_GOSSIP_BLOB_GAS_NOT_ZERO');
    expect(codeOf(() => validateBlock(message(4, { excessBlobGas: 1n }), 4, opts(0n)))).toBe('OP_GOSSIP_BLOB_GAS_NOT_ZERO');
    expect(codeOf(() => validateBlock(message(3, { blobGasUsed: 400_000n }), 3, opts()))).toBe('OP_GOSSIP_BLOB_GAS_NOT_ZERO');
    const footprint = message(4, { blobGasUsed: 400_000n });
    expect(codeOf(() => validateBlock(footprint, 4, opts(1_800_000_001n)))).toBe('OP_GOSSIP_BLOB_GAS_NOT_ZERO');
    expect(codeOf(() => validateBlock(footprint, 4, opts(1_800_000_000n)))).toBe('accepted');
    expect(codeOf(() => validateBlock(footprint, 4, opts()))).toBe('accepted');
  });

  it('the blocks seen: six different ones at a height pass, the seventh is refused; one seen again is reported, not refused', () => {
    let seen: SeenBlocks = NO_BLOCKS_SEEN;
    const opts = () => ({ chainId: CHAIN, signer: SIGNER, seen });
    for (let i = 0; i < 6; i++) {
      const wire = message(4, { gasUsed: 21_000n + BigInt(i) });
      const block = validateBlock(wire, 4, opts());
      expect(block.alreadySeen).toBe(false);
      const marked = markSeen(seen, block.number, { version: 4, wire, hash: bytesToHex(block.hash) });
      expect(marked.earlier === undefined).toBe(i === 0);
      seen = marked.seen;
      if (i < 5) expect(validateBlock(wire, 4, opts()).alreadySeen).toBe(true);
    }
    expect(seen.heights.get(1_000n)!.hashes).toHaveLength(6);
    expect(codeOf(() => validateBlock(message(4, { gasUsed: 99n }), 4, opts()))).toBe('OP_GOSSIP_TOO_MANY_AT_HEIGHT');
    // As op-node counts first: past six, even a block seen before is refused rather than ignored.
    expect(codeOf(() => validateBlock(message(4, { gasUsed: 21_000n }), 4, opts()))).toBe('OP_GOSSIP_TOO_MANY_AT_HEIGHT');
    // Other heights are counted apart.
    expect(codeOf(() => validateBlock(message(4, { blockNumber: 1_001n }), 4, opts()))).toBe('accepted');
  });

  it('markSeen keeps the newest heights only, and the first message of each', () => {
    let seen: SeenBlocks = NO_BLOCKS_SEEN;
    for (let n = 0n; n < 10n; n++) seen = markSeen(seen, n, { version: 1, wire: Uint8Array.of(Number(n)), hash: '0x' + n.toString(16).padStart(64, '0') }, 4).seen;
    expect([...seen.heights.keys()].sort()).toEqual([6n, 7n, 8n, 9n]);
    const { seen: next, earlier } = markSeen(seen, 9n, { version: 1, wire: Uint8Array.of(99), hash: '0x' + 'ff'.repeat(32) }, 4);
    expect(earlier!.wire).toEqual(Uint8Array.of(9));
    expect(next.heights.get(9n)!.first.wire).toEqual(Uint8Array.of(9));
    expect(markSeen(next, 9n, { version: 1, wire: Uint8Array.of(100), hash: '0x' + 'FF'.repeat(32) }, 4).earlier).toBeUndefined();
    expect(seenBefore(next, 9n, '0x' + 'FF'.repeat(32))).toBe(true);
  });

  it('readSignedBlock (the evidence\'s check) needs no time, no count, no expected signer', () => {
    const block = readSignedBlock(message(4, { blobGasUsed: 5n }), 4, CHAIN);
    expect(block.signer).toBe(SIGNER);
    expect(block.number).toBe(1_000n);
  });

  it('options: a signer that is no address, a chain id that is no uint256, a version that is none: InputError', () => {
    expect(codeOf(() => validateBlock(message(1), 1, { chainId: CHAIN, signer: '0x1234' }))).toBe('INVALID_INPUT');
    expect(codeOf(() => validateBlock(message(1), 1, { chainId: 1n << 256n, signer: SIGNER }))).toBe('INVALID_INPUT');
    expect(codeOf(() => validateBlock(message(1), 5 as GossipVersion, { chainId: CHAIN, signer: SIGNER }))).toBe('INVALID_INPUT');
  });
});

describe('hostile bytes: every failure typed', () => {
  it('every truncation of each version\'s message (snappy and not) is refused: an InputError, or (a cut inside the last transaction, still SSZ) the block hash', () => {
    for (const version of [1, 2, 3, 4] as const) {
      const raw = message(version);
      const check = (m: Uint8Array) => codeOf(() => validateBlock(m, version, { chainId: CHAIN, signer: SIGNER }));
      const codes = new Set<string>();
      for (let n = 0; n < raw.length; n++) {
        const cut = raw.subarray(0, n);
        codes.add(check(cut));
        codes.add(check(snappy.compress(cut)));
      }
      const zipped = snappy.compress(raw);
      for (let n = 0; n < zipped.length; n++) codes.add(check(zipped.subarray(0, n)));
      expect([...codes].sort()).toEqual(version === 1 ? ['INVALID_INPUT', 'OP_GOSSIP_BLOCK_HASH_MISMATCH'] : ['INVALID_INPUT']);
    }
  });

  it('a byte changed in any field of any version gives a typed refusal: the hash, the signer, the encoding or a rule', () => {
    const allowed = new Set(['INVALID_INPUT', 'OP_GOSSIP_BLOCK_HASH_MISMATCH', 'OP_GOSSIP_SIGNER_MISMATCH', 'OP_GOSSIP_SIGNATURE_INVALID', 'OP_GOSSIP_WITHDRAWALS_NOT_EMPTY', 'OP_GOSSIP_BLOB_GAS_NOT_ZERO']);
    for (const version of [1, 2, 3, 4] as const) {
      const raw = message(version, { withdrawals: version >= 2 ? [] : undefined });
      for (let i = 0; i < raw.length; i++) {
        const m = raw.slice();
        m[i]! ^= 0x41;
        const code = codeOf(() => validateBlock(m, version, { chainId: CHAIN, signer: SIGNER }));
        expect(allowed.has(code), `v${version} byte ${i}: ${code}`).toBe(true);
      }
    }
  });

  it('messages over 10 MiB, and snappy headers declaring more (a zip bomb), are refused before anything is allocated for them', () => {
    expect(codeOf(() => decodeGossipBlock(new Uint8Array(MAX_GOSSIP_SIZE + 1), 1))).toBe('INVALID_INPUT');
    // 0xffffffff0f declares 4 GiB: not taken as snappy, and too short as raw.
    expect(snappyBlockLength(hexToBytes('0xffffffff0f00'), MAX_GOSSIP_SIZE)).toBeUndefined();
    expect(codeOf(() => decodeGossipBlock(concatBytes(hexToBytes('0xffffffff0f'), new Uint8Array(80)), 1))).toBe('INVALID_INPUT');
  });

  it('snappy: blocks whose elements do not produce exactly the declared length, or copy from before the start, are not snappy', () => {
    const data = concatBytes(new Uint8Array(100).fill(7), hexToBytes('0x0102030405'));
    const good = snappy.compress(data);
    expect(snappyBlockDecode(good, 1000)).toEqual(data);
    expect(snappyBlockLength(good, 50)).toBeUndefined();
    // Declared one byte more or fewer than the elements give.
    expect(snappyBlockLength(concatBytes(Uint8Array.of(6), hexToBytes('0x1041424344454647')), 100)).toBeUndefined();
    expect(snappyBlockLength(concatBytes(Uint8Array.of(4), hexToBytes('0x104142434445')), 100)).toBeUndefined();
    expect(snappyBlockLength(concatBytes(Uint8Array.of(5), hexToBytes('0x104142434445')), 100)).toBe(5);
    // A copy at offset 0, or reaching before the output's start.
    expect(snappyBlockLength(hexToBytes('0x0a' + '0041' + '0100'), 100)).toBeUndefined();
    expect(snappyBlockLength(hexToBytes('0x0a' + '0041' + '0102'), 100)).toBeUndefined();
    expect(snappyBlockLength(hexToBytes('0x09' + '0041' + '1101'), 100)).toBe(9);
    // snappyjs 0.7.0 never returns on this block (a 4-byte literal length with its top bit set goes
    // negative and its position walks back): the walk refuses it before snappyjs sees it.
    const hangs = hexToBytes('0x10fc2c979fff41424344');
    expect(snappyBlockLength(hangs, MAX_GOSSIP_SIZE)).toBeUndefined();
    expect(snappyBlockDecode(hangs, MAX_GOSSIP_SIZE)).toBeUndefined();
    expect(codeOf(() => validateBlock(concatBytes(hangs, new Uint8Array(600)), 1, { chainId: CHAIN, signer: SIGNER }))).toBe('INVALID_INPUT');
    // A varint of six bytes, a literal running past the end.
    expect(snappyBlockLength(hexToBytes('0x808080808001'), 100)).toBeUndefined();
    expect(snappyBlockLength(hexToBytes('0x05' + '1041'), 100)).toBeUndefined();
  });
});

describe('the signer\'s place on L1: SystemConfig UNSAFE_BLOCK_SIGNER_SLOT', () => {
  it('is keccak256("systemconfig.unsafeblocksigner"), no −1', () => {
    expect(UNSAFE_BLOCK_SIGNER_SLOT).toBe(bytesToHex(keccak_256(new TextEncoder().encode('systemconfig.unsafeblocksigner'))));
    expect(unsafeBlockSignerRequest('0x229047FED2591DBEC1EF1118D64F7AF3DB9EB290')).toEqual({ address: '0x229047fed2591dbec1ef1118d64f7af3db9eb290', slots: [{ storageKey: UNSAFE_BLOCK_SIGNER_SLOT }] });
  });

  it('a proven word gives its low 20 bytes; high bytes set or zero are refused (OP_UNSAFE_SIGNER_INVALID)', () => {
    expect(unsafeBlockSignerOfWord(0xaaaa45d9549eda09e70937013520214382ffc4a2n)).toBe('0xaaaa45d9549eda09e70937013520214382ffc4a2');
    expect(unsafeBlockSignerOfWord(1n)).toBe('0x0000000000000000000000000000000000000001');
    expect(codeOf(() => unsafeBlockSignerOfWord((1n << 160n) | 0xaaaa45d9549eda09e70937013520214382ffc4a2n))).toBe('OP_UNSAFE_SIGNER_INVALID');
    expect(codeOf(() => unsafeBlockSignerOfWord(1n << 255n))).toBe('OP_UNSAFE_SIGNER_INVALID');
    expect(codeOf(() => unsafeBlockSignerOfWord(0n))).toBe('OP_UNSAFE_SIGNER_INVALID');
  });

  it('from storage proven at an L1 head, as the follower proves it; not proven: L2_STORAGE_NOT_PROVEN', () => {
    const systemConfig = '0x229047fed2591dbec1ef1118d64f7af3db9eb290';
    const proven = (storage: Map<string, bigint>) => ({ blockNumber: 1n, blockHash: '0x' + '00'.repeat(32), timestamp: 0n, accounts: new Map([[systemConfig, { codeHash: '0x' + '00'.repeat(32), storage }]]) });
    const signer = provenUnsafeBlockSigner(proven(new Map([[UNSAFE_BLOCK_SIGNER_SLOT, BigInt(SIGNER)]])), systemConfig.toUpperCase().replace('0X', '0x'));
    expect(signer).toBe(SIGNER);
    // The proven signer is what validateBlock is given.
    expect(codeOf(() => validateBlock(message(4), 4, { chainId: CHAIN, signer }))).toBe('accepted');
    expect(codeOf(() => provenUnsafeBlockSigner(proven(new Map()), systemConfig))).toBe('L2_STORAGE_NOT_PROVEN');
  });
});

describe('encodeGossipMessage and the versions told apart', () => {
  it('each version\'s message fits its own layout only; a message of none fits none', () => {
    for (const version of [1, 2, 3, 4] as const) expect(gossipVersionsOf(message(version, {}, { compress: true }))).toEqual([version]);
    expect(gossipVersionsOf(new Uint8Array(700))).toEqual([]);
  });

  it('the message is r ‖ s ‖ y_parity ‖ what is signed', () => {
    const m = encodeGossipMessage({ r: 1n, s: 2n, yParity: 1 }, Uint8Array.of(9, 9));
    expect(bytesToHex(m)).toBe('0x' + '00'.repeat(31) + '01' + '00'.repeat(31) + '02' + '01' + '0909');
    expect(codeOf(() => encodeExecutionPayload(payload(2, { withdrawals: undefined }), 2))).toBe('INVALID_INPUT');
    expect(() => decodeExecutionPayload(new Uint8Array(10), 1)).toThrow(InputError);
  });
});

const UNICHAIN_BLOOM =
  '0x00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002000000001000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000040000000000000000000000000000000000000000000000000004040000000000000000000000000000000000000000000000000000000000000000000000';
const UNICHAIN_TRANSACTIONS: readonly string[] = [
  '0x7ef90104a035dd2ec802504a143048c7830f8f570e0d6cf5147217af869939c6b4ba710a3694deaddeaddeaddeaddeaddeaddeaddeaddead00019442000000000000000000000000000000000000158080830f424080b8b0098999be000007d0000dbba0000000000000000800000000690be848000000000092042e000000000000000000000000000000000000000000000000000000000000000900000000000000000000000000000000000000000000000000000000000000010ffd7e2fb2c36e5f27c015872ce733a7b4f3fc0f4ee668d7469c557c48f8250f0000000000000000000000004ab3387810ef500bfe05a49dc53a44c222cbab3e000000000000000000000000',
  '0x02f87e8205158401c8ea9180338255789400000000000000000000000000000000000000008096426c6f636b204e756d6265723a203335353335363938c080a091f83058c881d9ad71c179ce680326501702eb68150d20b2bf7786e388f954a2a0180185d83e503f11bf3c265c1f9296ed8d3d7c04031cd8bb30509ad188ce7bbc',
  '0x02f86c8205158401c8ea92803382880994f878f0340bf132c28f3211e8b46c569edf81749580843fd553e8c001a0d73ce313aafea312e0b7244767e45f8b05d50305e0f4e4c3c564ddc751666815a02ee015ce2363311823c0b2e96bfb0e8090fd53c6cdd99be8cf343af123036dfc',
  '0x02f86c8205158401c8ea93803382880994f878f0340bf132c28f3211e8b46c569edf81749580843fd553e8c001a0f8cd94080642e116bc772f36a02d002505227aa542e1c13e5129ab40b8b037fba00608318d3895388e39b218bcb275380cebc566e68f26d3d434e32b8b58366cdf',
  '0x02f86c8205158401c8ea94803382880994f878f0340bf132c28f3211e8b46c569edf81749580843fd553e8c080a04368492ec1d087703aaf6f5fefe4427b3bf382e5cd07133f638bb6701f15fe61a05e28757fbdc7e744118be36d5a1548eb7c009eefcb5dc5c5040e09c2fc6de9d8',
  '0x02f86c8205158401c8ea95803382880994f878f0340bf132c28f3211e8b46c569edf81749580843fd553e8c080a0802ba6d4f37e3b8de96095bd0b216144f276171d16dc62a004f1a89009af5deea00f0c6250cfd1a062a1bc2bc353a5c227a980cac0f233b7be8932f2192342ec4f',
];

describe('equivocation as evidence', () => {
  const twoAtOneHeight = () => [message(4, { stateRoot: hexToBytes('0x' + 'a1'.repeat(32)) }), message(4, { stateRoot: hexToBytes('0x' + 'a2'.repeat(32)) }, { compress: true })] as const;

  it('two blocks signed at one height: the evidence names both hashes and checks itself again from the messages', () => {
    const [a, b] = twoAtOneHeight();
    const e = twoBlocksAtOneHeight(CHAIN, SIGNER, { version: 4, wire: a }, { version: 4, wire: b });
    expect(e).toMatchObject({ kind: 'two-blocks', chainId: CHAIN, signer: SIGNER, number: 1_000n });
    expect(e.hashes[0]).toBe(bytesToHex(readSignedBlock(a, 4, CHAIN).hash));
    expect(e.hashes[1]).toBe(bytesToHex(readSignedBlock(b, 4, CHAIN).hash));
    expect(verifyEquivocation(e)).toBe(e);
    // The evidence keeps its own copies: the caller's buffers may be reused.
    a.fill(0);
    expect(verifyEquivocation(e)).toBe(e);
  });

  it('what markSeen hands back is the other side of the evidence, across versions too', () => {
    const older = message(3, { gasUsed: 1n });
    const newer = message(4, { gasUsed: 2n });
    let seen = markSeen(NO_BLOCKS_SEEN, 1_000n, { version: 3, wire: older, hash: bytesToHex(readSignedBlock(older, 3, CHAIN).hash) }).seen;
    const block = validateBlock(newer, 4, { chainId: CHAIN, signer: SIGNER, seen });
    const marked = markSeen(seen, block.number, { version: 4, wire: newer, hash: bytesToHex(block.hash) });
    seen = marked.seen;
    const e = twoBlocksAtOneHeight(CHAIN, SIGNER, marked.earlier!, { version: 4, wire: newer });
    expect(verifyEquivocation(e).number).toBe(1_000n);
  });

  it('not evidence: the same block twice, other heights, another signer, a message that does not verify (OP_EQUIVOCATION_NOT_PROVEN)', () => {
    const [a, b] = twoAtOneHeight();
    const prove = (x: Uint8Array, y: Uint8Array, signer = SIGNER) => codeOf(() => twoBlocksAtOneHeight(CHAIN, signer, { version: 4, wire: x }, { version: 4, wire: y }));
    expect(prove(a, snappy.compress(a))).toBe('OP_EQUIVOCATION_NOT_PROVEN');
    expect(prove(a, message(4, { blockNumber: 1_001n }))).toBe('OP_EQUIVOCATION_NOT_PROVEN');
    expect(prove(a, message(4, { gasUsed: 5n }, { key: OTHER_KEY }))).toBe('OP_EQUIVOCATION_NOT_PROVEN');
    expect(prove(a, b, bytesToHex(keccak256(secp256k1PublicKey(OTHER_KEY).subarray(1)).subarray(12)))).toBe('OP_EQUIVOCATION_NOT_PROVEN');
    expect(prove(a, message(4, { gasUsed: 5n }, { seal: false }))).toBe('OP_EQUIVOCATION_NOT_PROVEN');
    expect(prove(a, b.subarray(0, 100))).toBe('OP_EQUIVOCATION_NOT_PROVEN');
    expect(codeOf(() => twoBlocksAtOneHeight(CHAIN, '0x12', { version: 4, wire: a }, { version: 4, wire: b }))).toBe('INVALID_INPUT');
  });

  it('evidence whose claims are not its messages\' does not verify', () => {
    const [a, b] = twoAtOneHeight();
    const e = twoBlocksAtOneHeight(CHAIN, SIGNER, { version: 4, wire: a }, { version: 4, wire: b });
    expect(codeOf(() => verifyEquivocation({ ...e, number: 999n }))).toBe('OP_EQUIVOCATION_NOT_PROVEN');
    expect(codeOf(() => verifyEquivocation({ ...e, hashes: [e.hashes[1], e.hashes[0]] }))).toBe('OP_EQUIVOCATION_NOT_PROVEN');
    expect(codeOf(() => verifyEquivocation({ ...e, chainId: 11n }))).toBe('OP_EQUIVOCATION_NOT_PROVEN');
    expect(codeOf(() => verifyEquivocation({ ...e, messages: [e.messages[0], e.messages[0]] }))).toBe('OP_EQUIVOCATION_NOT_PROVEN');
  });

  it('a signed v4 block against L1: its output root differs from the root L1 holds for its number', () => {
    const wire = message(4);
    const block = readSignedBlock(wire, 4, CHAIN);
    const l1 = { blockNumber: 1_000n, outputRoot: hexToBytes('0x' + '0d'.repeat(32)), source: 'root claim of game 0x… at L1 block 22,000,000' };
    const e = outputRootConflict(CHAIN, SIGNER, { version: 4, wire }, l1);
    expect(e).toMatchObject({ kind: 'output-root', number: 1_000n, hash: bytesToHex(block.hash), outputRoot: bytesToHex(block.outputRoot!), l1: { outputRoot: '0x' + '0d'.repeat(32), source: l1.source } });
    expect(verifyEquivocation(e)).toBe(e);
    expect(codeOf(() => outputRootConflict(CHAIN, SIGNER, { version: 4, wire }, { ...l1, outputRoot: block.outputRoot! }))).toBe('OP_EQUIVOCATION_NOT_PROVEN');
    expect(codeOf(() => outputRootConflict(CHAIN, SIGNER, { version: 4, wire }, { ...l1, blockNumber: 1_001n }))).toBe('OP_EQUIVOCATION_NOT_PROVEN');
    expect(codeOf(() => outputRootConflict(CHAIN, SIGNER, { version: 3, wire: message(3) }, l1))).toBe('INVALID_INPUT');
    expect(codeOf(() => verifyEquivocation({ ...e, outputRoot: '0x' + '0d'.repeat(32) }))).toBe('OP_EQUIVOCATION_NOT_PROVEN');
    expect(codeOf(() => verifyEquivocation({ ...e, l1: { ...e.l1, outputRoot: e.outputRoot } }))).toBe('OP_EQUIVOCATION_NOT_PROVEN');
  });
});
