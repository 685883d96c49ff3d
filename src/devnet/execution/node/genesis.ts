/**
 * The devnet chain's rules and first block: a Common with every hardfork up to the devnet's fork at
 * genesis (and Amsterdam at a later time when the beacon devnet forks to Gloas), the state at
 * genesis (the four system contracts and the funded dev accounts) in a trie that is never pruned,
 * and the genesis block with today's Hardhat node's fields (base fee 1 gwei, gas limit 30 M), so
 * tests keep their expectations.
 * @module
 */
import { type Common, createCustomCommon, type HardforkTransitionConfig, Mainnet } from '@ethereumjs/common';
import { type Block, createBlock } from '@ethereumjs/block';
import { MerklePatriciaTrie } from '@ethereumjs/mpt';
import { Caches, MerkleStateManager } from '@ethereumjs/statemanager';
import { Account, Address, KECCAK256_RLP, KECCAK256_RLP_ARRAY, type KZG, MapDB, ValueEncoding } from '@ethereumjs/util';
import { hexToBytes } from '../../../core/bytes.ts';
import { keccak256 } from '../../../crypto/keccak.ts';
import { sha256 } from '../../../crypto/sha256.ts';
import { deriveAccounts } from '../../../wallet/hd.ts';
import { mnemonicToSeedSync } from '../../../wallet/mnemonic.ts';
import { devnetKzg } from '../../kzg.ts';
import { SYSTEM_CONTRACTS } from './system-contracts.ts';

/** The forks the devnet's chain starts at (Amsterdam comes later, at a time: {@link devCommon}). */
export type DevFork = 'cancun' | 'prague' | 'osaka';

/** Hardhat's defaults the tests were written against. */
export const GENESIS_BASE_FEE = 1_000_000_000n;
export const DEFAULT_GAS_LIMIT = 30_000_000n;

const BLOCK_FORKS = ['chainstart', 'homestead', 'tangerineWhistle', 'spuriousDragon', 'byzantium', 'constantinople', 'petersburg', 'istanbul', 'muirGlacier', 'berlin', 'london', 'arrowGlacier', 'grayGlacier', 'paris', 'mergeNetsplitBlock'];
const TIME_FORKS = ['shanghai', 'cancun', 'prague', 'osaka'];

/**
 * The KZG of ./kzg.ts behind @ethereumjs/util's interface, set up on its first use: a chain that
 * never sees a blob transaction never pays the setup.
 */
const lazyKzg: KZG = {
  blobToKzgCommitment: (blob) => devnetKzg().blobToKzgCommitment(blob),
  computeBlobProof: (blob, commitment) => devnetKzg().computeBlobProof(blob, commitment),
  verifyProof: (commitment, z, y, proof) => devnetKzg().verifyProof(commitment, z, y, proof),
  verifyBlobProofBatch: (blobs, commitments, proofs) => devnetKzg().verifyBlobProofBatch(blobs, commitments, proofs),
  computeCells: (blob) => devnetKzg().computeCells(blob),
  computeCellsAndProofs: (blob) => devnetKzg().computeCellsAndProofs(blob),
  recoverCellsAndProofs: (indices, cells) => devnetKzg().recoverCellsAndProofs(indices, cells),
  verifyCellKzgProofBatch: (commitments, indices, cells, proofs) => devnetKzg().verifyCellKzgProofBatch(commitments, indices, cells, proofs),
};

/**
 * The chain's rules: every hardfork through `fork` from genesis, then, in the order of their times,
 * the blob-parameter fork BPO1 at `bpo1Time` (the beacon devnet's blob schedule: EIP-7892) and
 * Amsterdam at `amsterdamTime` when given (a custom list: @ethereumjs/common's geth-genesis reader
 * knows no amsterdamTime). Call `setHardforkBy({ blockNumber, timestamp })` before each block.
 */
export function devCommon(options: { fork: DevFork; bpo1Time?: bigint; amsterdamTime?: bigint; chainId: bigint }): Common {
  const later = (
    [
      ['bpo1', options.bpo1Time],
      ['amsterdam', options.amsterdamTime],
    ] as const
  )
    .flatMap(([name, time]) => (time === undefined ? [] : [{ name, time }]))
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  const hardforks: HardforkTransitionConfig[] = [
    ...BLOCK_FORKS.map((name) => ({ name, block: 0 })),
    ...TIME_FORKS.slice(0, TIME_FORKS.indexOf(options.fork) + 1).map((name) => ({ name, block: null, timestamp: 0 })),
    ...later.map(({ name, time }) => ({ name, block: null, timestamp: time.toString() })),
  ];
  const common = createCustomCommon(
    { chainId: options.chainId.toString(), name: 'vigil-devnet', hardforks, depositContractAddress: '0x0000000000000000000000000000000000000000' },
    Mainnet,
    // Vigil's keccak (its WASM kernel once cryptoReady() has run): the trie hashes every node and key with it.
    { customCrypto: { kzg: lazyKzg, sha256, keccak256 } },
  );
  common.setHardforkBy({ blockNumber: 0n, timestamp: 0n });
  return common;
}

/**
 * A MapDB whose string keys are flattened before the Map keeps them. @ethereumjs builds its hex
 * keys by concatenation, V8 keeps those as rope strings of ~30 heap objects each, and an unpruned
 * trie keeps every key forever: flat keys (and the trie's values as bytes) cut the heap of a
 * 1000-block chain from 315 MB to 18 MB (issue 51's spike).
 */
export class FlatMapDB<V extends Uint8Array | string> extends MapDB<string, V> {
  override get(key: string): Promise<V | undefined> {
    return super.get(flat(key));
  }
  override put(key: string, value: V): Promise<void> {
    return super.put(flat(key), (typeof value === 'string' ? flat(value) : value) as V);
  }
  override del(key: string): Promise<void> {
    return super.del(flat(key));
  }
  override shallowCopy(): FlatMapDB<V> {
    return new FlatMapDB(this._database);
  }
}

function flat(key: string): string;
function flat(key: unknown): unknown;
function flat(key: unknown): unknown {
  return typeof key === 'string' ? Buffer.from(key, 'latin1').toString('latin1') : key;
}

export interface DevAccount {
  address: Uint8Array;
  privateKey: Uint8Array;
}

/** The dev accounts: m/44'/60'/0'/0/i of `mnemonic`, i < count (the repo's own HD derivation). */
export function devAccounts(mnemonic: string, count: number): DevAccount[] {
  const seed = mnemonicToSeedSync(mnemonic);
  const accounts = deriveAccounts(seed, Array.from({ length: count }, (_, i) => i));
  seed.fill(0);
  return accounts.map((a) => ({ address: hexToBytes(a.address, 20, 'address'), privateKey: a.privateKey }));
}

/** An account of the genesis besides the dev accounts and system contracts, as a geth genesis `alloc` entry says it (hex, storage words 32 bytes). */
export interface GenesisAccount {
  address: string;
  balance?: bigint;
  nonce?: bigint;
  code?: string;
  storage?: Readonly<Record<string, string>>;
}

export interface Genesis {
  stateManager: MerkleStateManager;
  block: Block;
}

/**
 * The genesis state (system contracts with nonce 1, as deployed; the dev accounts with `balance`;
 * the `alloc` accounts as given) in a trie over a never-pruned {@link FlatMapDB}, and the genesis block over it. `common` is left
 * at the genesis block's hardfork.
 */
export async function createGenesis(
  common: Common,
  options: { timestamp: bigint; accounts: readonly DevAccount[]; alloc?: readonly GenesisAccount[]; balance: bigint; gasLimit: bigint },
): Promise<Genesis> {
  const trie = new MerklePatriciaTrie({ db: new FlatMapDB<Uint8Array>(), useKeyHashing: true, useKeyHashingFunction: keccak256, common, valueEncoding: ValueEncoding.Bytes });
  // Account, storage and code caches in front of the trie: a block reads the same few accounts and slots again and again.
  const stateManager = new MerkleStateManager({ trie, common, caches: new Caches() });
  for (const contract of SYSTEM_CONTRACTS) {
    const address = new Address(hexToBytes(contract.address));
    await stateManager.putAccount(address, new Account(1n, 0n));
    await stateManager.putCode(address, hexToBytes(contract.code));
  }
  for (const account of options.accounts) await stateManager.putAccount(new Address(account.address), new Account(0n, options.balance));
  for (const a of options.alloc ?? []) {
    const address = new Address(hexToBytes(a.address, 20, 'alloc address'));
    await stateManager.putAccount(address, new Account(a.nonce ?? 0n, a.balance ?? 0n));
    if (a.code !== undefined) await stateManager.putCode(address, hexToBytes(a.code, undefined, 'alloc code'));
    for (const [slot, value] of Object.entries(a.storage ?? {})) await stateManager.putStorage(address, hexToBytes(slot, 32, 'alloc slot'), hexToBytes(value, 32, 'alloc value'));
  }
  await stateManager.checkpoint();
  await stateManager.commit();
  await stateManager.flush();

  common.setHardforkBy({ blockNumber: 0n, timestamp: options.timestamp });
  const block = createBlock(
    {
      header: {
        number: 0n,
        gasLimit: options.gasLimit,
        timestamp: options.timestamp,
        stateRoot: await stateManager.getStateRoot(),
        difficulty: 0n,
        nonce: new Uint8Array(8),
        extraData: new Uint8Array(0),
        baseFeePerGas: GENESIS_BASE_FEE,
        withdrawalsRoot: KECCAK256_RLP,
        blobGasUsed: 0n,
        excessBlobGas: 0n,
        parentBeaconBlockRoot: new Uint8Array(32),
        // EIP-7685: sha256 of no requests.
        ...(common.isActivatedEIP(7685) ? { requestsHash: sha256(new Uint8Array(0)) } : {}),
        ...(common.isActivatedEIP(7928) ? { blockAccessListHash: KECCAK256_RLP_ARRAY, slotNumber: 0n } : {}),
      },
    },
    { common },
  );
  return { stateManager, block };
}

