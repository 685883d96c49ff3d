/**
 * Merkle-Patricia proofs (src/proofs) against @ethereumjs/trie: the raw walker on real and built
 * tries (inline nodes, extensions, branch values, absent keys), mainnet and sepolia account
 * proofs decoded as accounts, a mainnet storage proof decoded as a slot value, and whole
 * eth_getProof answers mutated as JSON.
 */
import { RLP } from '@ethereumjs/rlp';
import { Trie } from '@ethereumjs/trie';
import { createAccountFromRLP } from '@ethereumjs/util';
import { bytesToBigInt, bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { verifyAccountProof, verifyStorageProof } from '../../../src/proofs/account.ts';
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT } from '../../../src/proofs/constants.ts';
import { parseGetProofResponse, verifyGetProofResponse } from '../../../src/proofs/eip1186.ts';
import { verifyMptProof } from '../../../src/proofs/mpt.ts';
import { fixture } from '../../unit/proofs/helpers.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { mutateJson } from '../mutators/json.ts';
import { mutateProof } from '../mutators/proof.ts';
import { againstReference, attempt, sameValue, type Verdict } from '../oracles.ts';
import { Rng } from '../rng.ts';
import { defineTarget } from '../target.ts';

/** One proof: of `key` (the trie key itself: keccak of an address or slot) under `root`. */
export interface ProofSeed {
  root: Uint8Array;
  key: Uint8Array;
  proof: Uint8Array[];
}

const MPT_STRICTER: Record<string, string> = {
  PROOF_EXTRA_NODES:
    'Nodes the walk never reaches (repeated, foreign, or left over from another key\'s path): @ethereumjs/trie stores every node by hash and ignores the unused ones. Vigil takes a proof to be exactly one path, so a server cannot pad or reuse it.',
  PROOF_ROOT_MISMATCH:
    'The nodes are out of path order (the first is not the root): @ethereumjs/trie looks nodes up by hash in any order; Vigil walks the list in order, as EIP-1186 defines it.',
  PROOF_NODE_HASH_MISMATCH:
    'The nodes are out of path order below the root: the same as PROOF_ROOT_MISMATCH, one level down.',
  PROOF_INVALID_NODE:
    'Trie shapes no canonical trie has, which @ethereumjs/trie walks: a node under 32 bytes referenced by hash (it must be inlined), an extension whose child is not a branch, an extension with an empty path, a leaf with an empty value, a child reference that is neither 32 bytes nor an inline node. A server could use them to give one key two proofs.',
};

const ACCOUNT_STRICTER: Record<string, string> = {
  ...MPT_STRICTER,
  PROOF_INVALID_ACCOUNT:
    'A leaf that is not an account as the state trie stores it, which @ethereumjs/util reads anyway: more than 4 fields, a nonce or balance with a leading zero byte (not the canonical scalar), a nested list.',
};

const STORAGE_STRICTER: Record<string, string> = {
  ...MPT_STRICTER,
  PROOF_INVALID_NODE:
    MPT_STRICTER.PROOF_INVALID_NODE +
    ' For a storage leaf also: a value that is not the canonical RLP integer (a leading zero byte, a stored zero, more than 32 bytes, a list), which a plain RLP decode reads.',
};

/** @ethereumjs/trie's answer for `key` under `root`: the value, null (absent), or a refusal. */
async function referenceWalk(root: Uint8Array, key: Uint8Array, proof: Uint8Array[]): Promise<Verdict<Uint8Array | null>> {
  // The empty trie proven by its one node, RLP of the empty string (0x80), which hashes to the empty
  // root: @ethereumjs/trie refuses it, alloy-trie's verify reads it as the empty proof
  // (alloy-rs/trie#36), and reth's eth_getProof answered it for empty storage until
  // paradigmxyz/reth#24719 (2026-06). It proves absence as surely as no nodes do.
  if (proof.length === 1 && proof[0]!.length === 1 && proof[0]![0] === 0x80 && bytesToHex(root) === bytesToHex(EMPTY_TRIE_ROOT)) return { ok: true, value: null };
  try {
    return { ok: true, value: await new Trie({ useKeyHashing: false }).verifyProof(root, key, proof) };
  } catch (error) {
    return { ok: false, code: 'REFERENCE', error };
  }
}

/** A key near `key`: a flipped bit, or another seed's key (same proof, another question). */
function otherKey(rng: Rng, key: Uint8Array, seeds: readonly ProofSeed[]): Uint8Array {
  if (rng.chance(0.5)) return rng.pick(seeds).key;
  const out = key.slice();
  out[rng.int(out.length)]! ^= 1 << rng.int(8);
  return out;
}

/** One mutation of a proof seed: the proof (mostly), the key, or the root. */
function mutateProofSeed(rng: Rng, seed: ProofSeed, seeds: readonly ProofSeed[]): { root: Uint8Array; key: Uint8Array; proof: Uint8Array[]; op: string } {
  const pick = rng.weighted<string>([
    [8, 'proof'],
    [1, 'key'],
    [1, 'root'],
  ]);
  if (pick === 'key') return { ...seed, key: otherKey(rng, seed.key, seeds), op: 'key' };
  if (pick === 'root') return { ...seed, root: mutateBytes(rng, seed.root).value, op: 'root' };
  const m = mutateProof(rng, seed.proof, seeds.map((s) => s.proof));
  return { root: m.root ?? seed.root, key: seed.key, proof: m.proof, op: m.op };
}

/** The real proofs: mainnet's deposit contract and two sepolia accounts, and the mainnet slot. */
export function realProofs(): { accounts: (ProofSeed & { address: Uint8Array })[]; storage: ProofSeed[] } {
  const mainnet = fixture('mainnet-proofs/proof.json');
  const block = fixture('mainnet-proofs/block.json');
  const accounts = [{ root: hexToBytes(block.stateRoot), address: hexToBytes(mainnet.address), proof: (mainnet.accountProof as string[]).map((h) => hexToBytes(h)) }];
  for (const name of ['eth_getBalance_eoa', 'eth_getCode']) {
    const f = fixture(`sepolia-proofs/${name}.json`);
    const res = f.dependentRequests.find((r: any) => r.payload.method === 'eth_getProof').response.result;
    accounts.push({ root: hexToBytes(f.beacon.executionPayload.state_root), address: hexToBytes(res.address), proof: (res.accountProof as string[]).map((h) => hexToBytes(h)) });
  }
  const slot = mainnet.storageProof[0];
  return {
    accounts: accounts.map((a) => ({ ...a, key: keccak256(a.address) })),
    storage: [{ root: hexToBytes(mainnet.storageHash), key: keccak256(hexToBytes(slot.key, 32)), proof: (slot.proof as string[]).map((h) => hexToBytes(h)) }],
  };
}

/**
 * Proofs of tries built with @ethereumjs/trie (keys not hashed, of 1 to 33 bytes, so that keys
 * are prefixes of others: branch values; short values: inline nodes), of present and absent keys.
 */
async function builtProofs(): Promise<ProofSeed[]> {
  const rng = new Rng(1186);
  const out: ProofSeed[] = [];
  for (const shape of [
    { entries: 12, keyBytes: [1, 3], valueBytes: [1, 3] },
    { entries: 60, keyBytes: [1, 4], valueBytes: [1, 40] },
    { entries: 300, keyBytes: [32, 32], valueBytes: [1, 80] },
    { entries: 3, keyBytes: [2, 2], valueBytes: [40, 40] },
  ]) {
    const trie = new Trie({ useKeyHashing: false });
    const keys: Uint8Array[] = [];
    for (let i = 0; i < shape.entries; i++) {
      const key = rng.bytes(rng.range(shape.keyBytes[0]!, shape.keyBytes[1]!));
      // Every value non-empty (an empty value deletes).
      await trie.put(key, rng.bytes(rng.range(shape.valueBytes[0]!, shape.valueBytes[1]!)).map((b) => b | 1));
      keys.push(key);
    }
    for (let i = 0; i < 8; i++) {
      const key = i < 5 ? rng.pick(keys) : rng.bytes(rng.range(shape.keyBytes[0]!, shape.keyBytes[1]!));
      out.push({ root: trie.root(), key, proof: await trie.createProof(key) });
    }
  }
  return out;
}

async function checkedSeeds(seeds: ProofSeed[]): Promise<ProofSeed[]> {
  for (const s of seeds) {
    const ref = await referenceWalk(s.root, s.key, s.proof);
    if (!ref.ok || !sameValue(verifyMptProof(s.root, s.key, s.proof), ref.value)) throw new Error('a proof seed does not verify alike in Vigil and @ethereumjs/trie');
  }
  return seeds;
}

export const mptProofTarget = defineTarget({
  name: 'mpt-proof',
  subject: 'verifyMptProof (the one Merkle-Patricia walker) on real and built tries, present and absent keys',
  reference: '@ethereumjs/trie verifyProof: same value, same absence',
  seeds: 'mainnet and sepolia account and storage proofs; tries built with @ethereumjs/trie (inline nodes, extensions, branch values, absent keys)',
  stricter: MPT_STRICTER,
  async load() {
    const real = realProofs();
    return checkedSeeds([...real.accounts.map(({ root, key, proof }) => ({ root, key, proof })), ...real.storage, ...(await builtProofs())]);
  },
  async run(seeds: ProofSeed[], rng) {
    const m = mutateProofSeed(rng, rng.pick(seeds), seeds);
    const input = { root: bytesToHex(m.root), key: bytesToHex(m.key), proof: m.proof.map(bytesToHex) };
    return { ...againstReference(m.op, attempt(() => verifyMptProof(m.root, m.key, m.proof)), await referenceWalk(m.root, m.key, m.proof)), input };
  },
});

interface AccountSeed extends ProofSeed {
  address: Uint8Array;
}

/** The account @ethereumjs/util reads from the reference's leaf (absent: the empty account). */
function referenceAccount(leaf: Uint8Array | null): { exists: boolean; nonce: bigint; balance: bigint; storageHash: string; codeHash: string } {
  if (leaf === null) return { exists: false, nonce: 0n, balance: 0n, storageHash: bytesToHex(EMPTY_TRIE_ROOT), codeHash: bytesToHex(EMPTY_CODE_HASH) };
  const a = createAccountFromRLP(leaf);
  return { exists: true, nonce: a.nonce, balance: a.balance, storageHash: bytesToHex(a.storageRoot), codeHash: bytesToHex(a.codeHash) };
}

export const mptAccountTarget = defineTarget({
  name: 'mpt-account',
  subject: 'verifyAccountProof: an account (or its absence) proven in a state trie, decoded',
  reference: '@ethereumjs/trie verifyProof, the leaf read by @ethereumjs/util createAccountFromRLP: same nonce, balance, storage root, code hash',
  seeds: 'mainnet deposit contract at block 21,925,176; sepolia EOA and contract at block 3,445,383',
  stricter: ACCOUNT_STRICTER,
  async load() {
    const seeds = realProofs().accounts as AccountSeed[];
    await checkedSeeds(seeds);
    return seeds;
  },
  async run(seeds: AccountSeed[], rng) {
    const seed = rng.pick(seeds);
    // The address (not the trie key) is what the caller asks: mutate it, not the key.
    const m = mutateProofSeed(rng, seed, seeds);
    const address = m.op === 'key' ? otherKey(rng, seed.address, seeds.map((s) => ({ ...s, key: s.address }))) : seed.address;
    const ours = attempt(() => {
      const a = verifyAccountProof(m.root, address, m.proof);
      return { exists: a.exists, nonce: a.nonce, balance: a.balance, storageHash: bytesToHex(a.storageHash), codeHash: bytesToHex(a.codeHash) };
    });
    const walked = await referenceWalk(m.root, keccak256(address), m.proof);
    const theirs = walked.ok ? attempt(() => referenceAccount(walked.value)) : walked;
    return againstReference(m.op, ours, theirs);
  },
});

export const mptStorageTarget = defineTarget({
  name: 'mpt-storage',
  subject: 'verifyStorageProof: a storage slot proven in an account\'s storage trie, read as an integer',
  reference: '@ethereumjs/trie verifyProof, the leaf read by @ethereumjs/rlp as a big-endian integer (absent: 0)',
  seeds: 'mainnet deposit contract slot 0x…01 at block 21,925,176; built storage tries (32-byte keys, RLP integer values)',
  stricter: STORAGE_STRICTER,
  async load() {
    const rng = new Rng(2929);
    const trie = new Trie({ useKeyHashing: false });
    const slots: Uint8Array[] = [];
    for (let i = 0; i < 80; i++) {
      const slot = rng.bytes(32);
      slots.push(slot);
      let value = rng.bigint(rng.range(1, 256));
      if (value === 0n) value = 1n;
      await trie.put(keccak256(slot), RLP.encode(value));
    }
    const built: (ProofSeed & { slot: Uint8Array })[] = [];
    for (const slot of [...slots.slice(0, 6), rng.bytes(32), rng.bytes(32)]) built.push({ root: trie.root(), slot, key: keccak256(slot), proof: await trie.createProof(keccak256(slot)) });
    const mainnet = fixture('mainnet-proofs/proof.json');
    const real = realProofs().storage.map((s) => ({ ...s, slot: hexToBytes(mainnet.storageProof[0].key, 32) }));
    const seeds = [...real, ...built];
    await checkedSeeds(seeds);
    return seeds;
  },
  async run(seeds: (ProofSeed & { slot: Uint8Array })[], rng) {
    const seed = rng.pick(seeds);
    const m = mutateProofSeed(rng, seed, seeds);
    const slot = m.op === 'key' ? otherKey(rng, seed.slot, seeds.map((s) => ({ ...s, key: s.slot }))) : seed.slot;
    const ours = attempt(() => verifyStorageProof(m.root, slot, m.proof));
    const walked = await referenceWalk(m.root, keccak256(slot), m.proof);
    const theirs: Verdict<bigint> = walked.ok
      ? attempt(() => {
          if (walked.value === null) return 0n;
          const v = RLP.decode(walked.value);
          if (!(v instanceof Uint8Array)) throw new Error('not a string');
          return bytesToBigInt(v);
        })
      : walked;
    return againstReference(m.op, ours, theirs);
  },
});

const GET_PROOF_STRICTER: Record<string, string> = {
  ...ACCOUNT_STRICTER,
  ...STORAGE_STRICTER,
  INVALID_INPUT:
    'JSON that is not an eth_getProof answer of the form execution-apis specifies (a quantity with leading zeros or without 0x, an odd-length or mixed-prefix hex string, a missing field, a wrong type): the reference check here reads whatever the mutation left as leniently as it can.',
};

interface GetProofSeed {
  stateRoot: Uint8Array;
  json: unknown;
}

/** What @ethereumjs says the answer proves: its claims checked against its own walk, or refused. */
async function referenceGetProof(stateRoot: Uint8Array, json: any): Promise<Verdict<unknown>> {
  try {
    const address = hexToBytes(json.address, 20);
    const walked = await referenceWalk(stateRoot, keccak256(address), json.accountProof.map((h: string) => hexToBytes(h)));
    if (!walked.ok) return walked;
    const account = referenceAccount(walked.value);
    const zero = '0x' + '00'.repeat(32);
    // Hex is read in either case, as JSON-RPC clients do.
    const storageHash = String(json.storageHash).toLowerCase();
    const codeHash = String(json.codeHash).toLowerCase();
    const claimedStorageHash = !account.exists && storageHash === zero ? account.storageHash : storageHash;
    const claimedCodeHash = !account.exists && codeHash === zero ? account.codeHash : codeHash;
    if (BigInt(json.balance) !== account.balance || BigInt(json.nonce) !== account.nonce || claimedStorageHash !== account.storageHash || claimedCodeHash !== account.codeHash) {
      return { ok: false, code: 'REFERENCE', error: 'claims differ' };
    }
    const storage: bigint[] = [];
    for (const entry of json.storageProof) {
      const slot = hexToBytes('0x' + entry.key.slice(2).padStart(64, '0'), 32);
      const w = await referenceWalk(hexToBytes(account.storageHash), keccak256(slot), entry.proof.map((h: string) => hexToBytes(h)));
      if (!w.ok) return w;
      const v = w.value === null ? 0n : bytesToBigInt(RLP.decode(w.value) as Uint8Array);
      if (v !== BigInt(entry.value)) return { ok: false, code: 'REFERENCE', error: 'slot claim differs' };
      storage.push(v);
    }
    return { ok: true, value: { address: bytesToHex(address), balance: account.balance, nonce: account.nonce, storage } };
  } catch (error) {
    return { ok: false, code: 'REFERENCE', error };
  }
}

export const ethGetProofTarget = defineTarget({
  name: 'eth-getproof',
  subject: 'parseGetProofResponse + verifyGetProofResponse: a whole eth_getProof answer as JSON, every claimed field checked',
  reference: '@ethereumjs/trie walks of the account and each slot, the claims compared with what they prove',
  seeds: 'mainnet eth_getProof of the deposit contract with slot 0x…01; sepolia eth_getProof of an EOA and a contract',
  stricter: GET_PROOF_STRICTER,
  async load() {
    const block = fixture('mainnet-proofs/block.json');
    const seeds: GetProofSeed[] = [{ stateRoot: hexToBytes(block.stateRoot), json: fixture('mainnet-proofs/proof.json') }];
    for (const name of ['eth_getBalance_eoa', 'eth_getCode']) {
      const f = fixture(`sepolia-proofs/${name}.json`);
      seeds.push({ stateRoot: hexToBytes(f.beacon.executionPayload.state_root), json: f.dependentRequests.find((r: any) => r.payload.method === 'eth_getProof').response.result });
    }
    for (const s of seeds) {
      verifyGetProofResponse(s.stateRoot, parseGetProofResponse(s.json));
      if (!(await referenceGetProof(s.stateRoot, s.json)).ok) throw new Error('an eth_getProof seed does not verify in the reference');
    }
    return seeds;
  },
  async run(seeds: GetProofSeed[], rng) {
    const seed = rng.pick(seeds);
    const m = mutateJson(rng, seed.json, { keys: ['storageProof', 'balance', 'nonce', 'codeHash', 'storageHash'] });
    const ours = attempt(() => {
      const r = verifyGetProofResponse(seed.stateRoot, parseGetProofResponse(m.value));
      return { address: bytesToHex(r.address), balance: r.account.balance, nonce: r.account.nonce, storage: r.storage.map((s) => s.value) };
    });
    return againstReference(m.op, ours, await referenceGetProof(seed.stateRoot, m.value));
  },
});
