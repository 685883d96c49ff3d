/**
 * State at a block: balances, nonces, code, storage, EIP-1186 proofs, and calls (eth_call,
 * eth_estimateGas, eth_createAccessList), each at the block a tag, number or hash names.
 * @module
 */
import { getMerkleStateProof } from '@ethereumjs/statemanager';
import { Address } from '@ethereumjs/util';
import { bigIntToBytesPadded, bigIntToHex, bytesToBigInt, bytesToHex, equalBytes } from '../../../core/bytes.ts';
import { InputError } from '../../../core/errors.ts';
import { address, callRequest, type MethodTable, paramsOf, stateBlock, storageKey } from './params.ts';
import { revertError, RpcError, SERVER_ERROR } from './rpc-error.ts';
import type { DevChain } from './types.ts';

/** A bound on the keys of one eth_getProof (go-ethereum has none; a request of this size is a mistake). */
const MAX_PROOF_KEYS = 1024;

/** eth_getBalance, eth_getTransactionCount, eth_getCode, eth_getStorageAt, eth_getProof, eth_call, eth_estimateGas, eth_createAccessList. */
export function stateMethods(chain: DevChain): MethodTable {
  const at = async (params: unknown[], index: number) => chain.stateAt(stateBlock(chain, params[index]));
  const account = async (params: unknown[]) => (await at(params, 1)).getAccount(new Address(address(params[0])));

  return {
    eth_getBalance: async (p) => bigIntToHex((await account(paramsOf(p, 2)))?.balance ?? 0n),

    eth_getTransactionCount: async (p) => {
      const params = paramsOf(p, 2);
      const nonce = (await account(params))?.nonce ?? 0n;
      return bigIntToHex(isPending(params[1]) ? pendingNonce(chain, address(params[0]), nonce) : nonce);
    },

    eth_getCode: async (p) => {
      const params = paramsOf(p, 2);
      return bytesToHex(await (await at(params, 1)).getCode(new Address(address(params[0]))));
    },

    eth_getStorageAt: async (p) => {
      const params = paramsOf(p, 3);
      const state = await at(params, 2);
      const value = await state.getStorage(new Address(address(params[0])), storageKey(params[1]));
      return bytesToHex(bigIntToBytesPadded(bytesToBigInt(value), 32));
    },

    eth_getProof: async (p) => getProof(chain, paramsOf(p, 3)),

    eth_call: async (p) => {
      const params = paramsOf(p, 4);
      refuseOverrides(params);
      const outcome = await chain.call(stateBlock(chain, params[1]), callRequest(params[0], chain.chainId));
      if (outcome.error?.kind === 'revert') throw revertError(outcome.returnValue);
      if (outcome.error) throw new RpcError(SERVER_ERROR, outcome.error.message);
      return bytesToHex(outcome.returnValue);
    },

    eth_estimateGas: async (p) => {
      const params = paramsOf(p, 3);
      refuseOverrides(params);
      return bigIntToHex(await chain.estimateGas(stateBlock(chain, params[1]), callRequest(params[0], chain.chainId)));
    },

    eth_createAccessList: async (p) => {
      const params = paramsOf(p, 3);
      refuseOverrides(params);
      const result = await chain.createAccessList(stateBlock(chain, params[1]), callRequest(params[0], chain.chainId));
      return {
        accessList: result.accessList.map((e) => ({ address: bytesToHex(e.address), storageKeys: e.storageKeys.map(bytesToHex) })),
        ...(result.error !== undefined ? { error: result.error } : {}),
        gasUsed: bigIntToHex(result.gasUsed),
      };
    },
  };
}

const isPending = (tag: unknown): boolean => tag === 'pending' || (typeof tag === 'object' && tag !== null && (tag as { blockNumber?: unknown }).blockNumber === 'pending');

/** The sender's next nonce counting the pool: each of its pending transactions in nonce order. */
function pendingNonce(chain: DevChain, sender: Uint8Array, nonce: bigint): bigint {
  const mine = chain.pending().filter((tx) => equalBytes(tx.getSenderAddress().bytes, sender)).map((tx) => tx.nonce);
  let next = nonce;
  while (mine.includes(next)) next++;
  return next;
}

/** The node runs calls over its own state only: an override set is refused, not ignored. */
function refuseOverrides(params: unknown[]): void {
  for (const extra of params.slice(2)) {
    if (extra !== undefined && extra !== null && !(typeof extra === 'object' && Object.keys(extra).length === 0)) {
      throw new InputError('state and block overrides are not supported by the devnet node');
    }
  }
}

/**
 * eth_getProof as go-ethereum answers it: a key is echoed as 32 bytes when it was asked as 32
 * bytes, else as a quantity; an absent account answers every key with 0 and an empty proof (the
 * account proof already shows the absence), where @ethereumjs lists none.
 */
async function getProof(chain: DevChain, params: unknown[]): Promise<unknown> {
  const who = new Address(address(params[0]));
  const rawKeys = params[1] ?? [];
  if (!Array.isArray(rawKeys)) throw new InputError('"storageKeys" expected an array');
  if (rawKeys.length > MAX_PROOF_KEYS) throw new InputError(`"storageKeys" expected at most ${MAX_PROOF_KEYS} keys`);
  const keys = rawKeys.map((k, i) => storageKey(k, `storageKeys[${i}]`));
  const echo = (i: number): string => ((rawKeys[i] as string).length === 66 ? bytesToHex(keys[i]!) : bigIntToHex(bytesToBigInt(keys[i]!)));
  const state = await chain.stateAt(stateBlock(chain, params[2]));
  const proof = await getMerkleStateProof(state, who, keys);
  const exists = (await state.getAccount(who)) !== undefined;
  return {
    address: bytesToHex(who.bytes),
    accountProof: proof.accountProof,
    balance: bigIntToHex(BigInt(proof.balance)),
    codeHash: proof.codeHash,
    nonce: bigIntToHex(BigInt(proof.nonce)),
    storageHash: proof.storageHash,
    storageProof: keys.map((_, i) => {
      const entry = exists ? proof.storageProof[i]! : undefined;
      return { key: echo(i), value: bigIntToHex(entry === undefined || entry.value === '0x' ? 0n : BigInt(entry.value)), proof: entry?.proof ?? [] };
    }),
  };
}
