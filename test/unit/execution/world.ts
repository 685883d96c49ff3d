/**
 * A small Ethereum state for the execution tests: accounts, code and storage put into real
 * Merkle-Patricia tries (@ethereumjs/trie, the reference the proof tests use), so every
 * eth_getProof answer it gives is a real proof against its state root — and so a test can change
 * one byte of one and watch the verifier refuse it.
 */
import { Trie } from '@ethereumjs/trie';
import { bigIntToHex, bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { encodeRlp } from '../../../src/core/rlp.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { type BlockEnv } from '../../../src/execution/block-env.ts';
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT } from '../../../src/proofs/constants.ts';

export interface WorldAccount {
  balance?: bigint;
  nonce?: bigint;
  code?: string;
  /** slot (any hex) → value */
  storage?: Record<string, bigint>;
}

export interface World {
  stateRoot: Uint8Array;
  getProof(address: string, slots: readonly string[]): unknown;
  getCode(address: string): string;
}

const slot32 = (s: string) => '0x' + s.slice(2).padStart(64, '0').toLowerCase();

export async function buildWorld(accounts: Record<string, WorldAccount>): Promise<World> {
  const state = await Trie.create({ useKeyHashing: true });
  const storageTries = new Map<string, Trie>();
  const codes = new Map<string, string>();
  const fields = new Map<string, { balance: bigint; nonce: bigint; codeHash: Uint8Array; storageHash: Uint8Array }>();
  for (const [rawAddress, a] of Object.entries(accounts)) {
    const address = rawAddress.toLowerCase();
    const storage = await Trie.create({ useKeyHashing: true });
    for (const [slot, value] of Object.entries(a.storage ?? {})) {
      if (value !== 0n) await storage.put(hexToBytes(slot32(slot)), encodeRlp(value));
    }
    storageTries.set(address, storage);
    const code = a.code ?? '0x';
    codes.set(address, code);
    const codeHash = code === '0x' ? EMPTY_CODE_HASH : keccak256(hexToBytes(code));
    const storageHash = Object.values(a.storage ?? {}).some((v) => v !== 0n) ? storage.root() : EMPTY_TRIE_ROOT;
    const f = { balance: a.balance ?? 0n, nonce: a.nonce ?? 0n, codeHash, storageHash };
    fields.set(address, f);
    await state.put(hexToBytes(address), encodeRlp([f.nonce, f.balance, f.storageHash, f.codeHash]));
  }
  const stateRoot = state.root();
  return {
    stateRoot,
    async getProof(rawAddress, slots) {
      const address = rawAddress.toLowerCase();
      const f = fields.get(address);
      const accountProof = (await state.createProof(hexToBytes(address))).map(bytesToHex);
      const storage = storageTries.get(address);
      const storageProof = await Promise.all(
        slots.map(async (s) => {
          const key = hexToBytes(slot32(s));
          const value = storage ? await storage.get(key) : null;
          return {
            key: s,
            value: value ? bigIntToHex(BigInt('0x' + Buffer.from(decodeValue(value)).toString('hex') || '0')) : '0x0',
            proof: storage && f ? (await storage.createProof(key)).map(bytesToHex) : [],
          };
        }),
      );
      return {
        address,
        balance: bigIntToHex(f?.balance ?? 0n),
        nonce: bigIntToHex(f?.nonce ?? 0n),
        codeHash: bytesToHex(f?.codeHash ?? EMPTY_CODE_HASH),
        storageHash: bytesToHex(f?.storageHash ?? EMPTY_TRIE_ROOT),
        accountProof,
        storageProof,
      };
    },
    getCode: (address) => codes.get(address.toLowerCase()) ?? '0x',
  };
}

/** The RLP string a storage leaf holds, unwrapped. */
function decodeValue(rlp: Uint8Array): Uint8Array {
  if (rlp.length === 1 && rlp[0]! < 0x80) return rlp;
  return rlp.subarray(1);
}

export function envFor(world: World, overrides: Partial<BlockEnv> = {}): BlockEnv {
  return {
    chainId: 1n,
    fork: 'osaka',
    number: 1000n,
    hash: new Uint8Array(32).fill(0xbb),
    parentHash: new Uint8Array(32).fill(0xaa),
    stateRoot: world.stateRoot,
    timestamp: 1_700_000_000n,
    coinbase: new Uint8Array(20).fill(0xc0),
    prevRandao: new Uint8Array(32).fill(0x77),
    gasLimit: 30_000_000n,
    baseFeePerGas: 7n,
    excessBlobGas: 0n,
    beaconRoot: new Uint8Array(32).fill(0xbe),
    ...overrides,
  };
}
