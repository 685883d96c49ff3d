/**
 * BIP-32 accounts (https://github.com/bitcoin/bips/blob/master/bip-0032.mediawiki) on Ethereum's
 * BIP-44 path m/44'/60'/0'/0/i, from a BIP-39 seed (./mnemonic.ts).
 *
 * Seeds and private keys are secrets: the intermediate keys of a derivation are wiped here, the
 * results are copies the caller wipes after use.
 *
 * Built on @scure/bip32 (audited, on the same @noble versions as the rest of Vigil).
 * @module
 */
import { HDKey } from '@scure/bip32';
import { abytes, anumber, describe } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { publicKeyToAddress } from './keys.ts';

/** The parent of Ethereum's accounts (BIP-44: purpose 44', coin 60', account 0', external chain 0). */
export const ETH_ACCOUNTS_PATH = "m/44'/60'/0'/0";
/** Account indices are non-hardened BIP-32 indices: 0 … 2^31−1. */
export const MAX_ACCOUNT_INDEX = 0x7fffffff;
const PATH_RE = /^m(\/\d+'?)*$/;

/** A key of the BIP-32 tree. `privateKey` is a secret. */
export interface HdKeyParts {
  privateKey: Uint8Array;
  /** 33 bytes, compressed. */
  publicKey: Uint8Array;
  chainCode: Uint8Array;
}

/** An account derived from the seed. `privateKey` is a secret: never log it; wipe it after use. */
export interface HdAccount {
  index: number;
  /** m/44'/60'/0'/0/index */
  path: string;
  /** EIP-55 checksummed. */
  address: string;
  privateKey: Uint8Array;
}

function aseed(seed: Uint8Array): Uint8Array {
  abytes(seed, undefined, 'seed');
  // BIP-32: a seed is 128 to 512 bits.
  if (seed.length < 16 || seed.length > 64) throw new InputError(`"seed" expected 16 to 64 bytes, got length=${seed.length}`);
  return seed;
}

/** An account index: non-hardened, 0 … {@link MAX_ACCOUNT_INDEX}. */
export function aindex(index: number): number {
  anumber(index, 'index');
  if (index > MAX_ACCOUNT_INDEX) throw new InputError(`"index" expected at most ${MAX_ACCOUNT_INDEX} (non-hardened), got ${index}`);
  return index;
}

/** The node at BIP-32 indices (hardened ones ≥ 2^31), wiping each intermediate private key. */
function nodeAt(seed: Uint8Array, indices: readonly number[]): HDKey {
  let node = HDKey.fromMasterSeed(seed);
  for (const i of indices) {
    const child = node.deriveChild(i);
    node.wipePrivateData();
    node = child;
  }
  return node;
}

/** m/44'/60'/0'/0 as BIP-32 indices. */
const ETH_ACCOUNTS_INDICES = [44 + 0x80000000, 60 + 0x80000000, 0x80000000, 0];

function partsOf(node: HDKey): HdKeyParts {
  // Copies: the caller may wipe them, and wiping the node must not wipe them.
  return { privateKey: Uint8Array.from(node.privateKey!), publicKey: Uint8Array.from(node.publicKey!), chainCode: Uint8Array.from(node.chainCode!) };
}

/**
 * The BIP-32 key at `path` ("m", "m/0'/1", hardened steps marked with an apostrophe) from a
 * 16–64-byte seed. The intermediate private keys are wiped.
 * @example deriveHdKey(seed, "m/44'/60'/0'/0/0").privateKey
 */
export function deriveHdKey(seed: Uint8Array, path: string): HdKeyParts {
  aseed(seed);
  if (typeof path !== 'string' || !PATH_RE.test(path)) {
    throw new InputError(`"path" expected a BIP-32 path such as m/44'/60'/0'/0/0, got ${describe(path)}`);
  }
  const steps = path === 'm' ? [] : path.slice(2).split('/');
  const indices = steps.map((s) => {
    const hardened = s.endsWith("'");
    const i = Number(hardened ? s.slice(0, -1) : s);
    if (i > MAX_ACCOUNT_INDEX) throw new InputError(`"path" step ${s} expected an index below 2^31, got ${describe(path)}`);
    return hardened ? i + 0x80000000 : i;
  });
  const node = nodeAt(seed, indices);
  const parts = partsOf(node);
  node.wipePrivateData();
  return parts;
}

/**
 * Accounts `indices` on m/44'/60'/0'/0/i: the parent is derived once. (A child key that BIP-32
 * declares invalid, probability below 2^-127, throws rather than skipping to the next index.)
 */
export function deriveAccounts(seed: Uint8Array, indices: readonly number[]): HdAccount[] {
  aseed(seed);
  indices.forEach(aindex);
  const parent = nodeAt(seed, ETH_ACCOUNTS_INDICES);
  try {
    return indices.map((index) => {
      const child = parent.deriveChild(index);
      const privateKey = Uint8Array.from(child.privateKey!);
      const address = publicKeyToAddress(child.publicKey!);
      child.wipePrivateData();
      return { index, path: `${ETH_ACCOUNTS_PATH}/${index}`, address, privateKey };
    });
  } finally {
    parent.wipePrivateData();
  }
}

/**
 * Account `index` on m/44'/60'/0'/0/index.
 * @example deriveAccount(mnemonicToSeedSync('test test … junk'), 0).address
 * // '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
 */
export function deriveAccount(seed: Uint8Array, index: number): HdAccount {
  return deriveAccounts(seed, [index])[0]!;
}
