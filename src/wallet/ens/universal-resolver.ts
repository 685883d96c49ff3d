/**
 * The ENS UniversalResolver as viem 2.57 calls it (ens-contracts
 * contracts/universalResolver/AbstractUniversalResolver.sol): forward resolution is
 * `resolveWithGateways(bytes name, bytes data, string[] gateways)` with `data` the resolver's
 * `addr(bytes32 node)` and `name` DNS-encoded, answering `(bytes result, address resolver)`;
 * reverse resolution is `reverseWithGateways(bytes lookupAddress, uint256 coinType, string[]
 * gateways)` answering `(string primary, address resolver, address reverseResolver)`, the name
 * already checked forward by the contract (ENSIP-19; else it reverts ReverseAddressMismatch).
 * `gateways` is the batch gateway the contract's OffchainLookup names: Vigil, as viem, is its own
 * (`x-batch-gateway:true`, ./ccip.ts). This module builds the calldata and reads the answers and
 * the contract's errors; the calls run on the local EVM (src/client/wallet/ens/names.ts).
 * @module
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { decodeAbi, encodeFunctionCall, functionSelector } from '../../execution/abi.ts';
import { dnsEncode, namehash } from './namehash.ts';

/** The gateway URL that asks the client to act as the batch gateway itself (viem's `localBatchGatewayUrl`). */
export const LOCAL_BATCH_GATEWAY = 'x-batch-gateway:true';

/** ENSIP-9's coin type of Ether (SLIP-44 60): reverse records of Ethereum addresses. */
export const COIN_TYPE_ETH = 60n;

const RESOLVE = 'resolveWithGateways(bytes,bytes,string[])';
const REVERSE = 'reverseWithGateways(bytes,uint256,string[])';

/** The resolver's `addr(bytes32)` for `name` (normalized), as resolveWithGateways forwards it. */
export function addrCalldata(name: string): string {
  return encodeFunctionCall('addr(bytes32)', [namehash(name)]);
}

/** Calldata of resolveWithGateways(dnsEncode(name), addr(namehash(name)), [local batch gateway]). */
export function resolveAddrCalldata(name: string): string {
  return encodeFunctionCall(RESOLVE, [dnsEncode(name), addrCalldata(name), [LOCAL_BATCH_GATEWAY]]);
}

/** Calldata of reverseWithGateways(address, 60, [local batch gateway]). */
export function reverseCalldata(address: string): string {
  return encodeFunctionCall(REVERSE, [hexToBytes(address, 20, 'address'), COIN_TYPE_ETH, [LOCAL_BATCH_GATEWAY]]);
}

/**
 * resolveWithGateways' answer with addr(bytes32) inside: the address, or null for none (an empty
 * answer or the zero address, as viem reads it).
 * @throws VerificationError ABI_MALFORMED when either layer does not decode
 */
export function decodeResolveAddr(returnData: string): { address: string | null; resolver: string } {
  const [result, resolver] = decodeAbi(['bytes', 'address'], returnData) as [string, string];
  if (result === '0x') return { address: null, resolver };
  const [address] = decodeAbi(['address'], result) as [string];
  return { address: /^0x0{40}$/.test(address) ? null : address, resolver };
}

/** reverseWithGateways' answer; `name` '' when the address has no primary name. @throws VerificationError ABI_MALFORMED */
export function decodeReverse(returnData: string): { name: string; resolver: string; reverseResolver: string } {
  const [name, resolver, reverseResolver] = decodeAbi(['string', 'address', 'address'], returnData) as [string, string, string];
  return { name, resolver, reverseResolver };
}

/** The UniversalResolver's errors (IUniversalResolver.sol, CCIPBatcher.sol), by their Solidity signature. */
const UR_ERRORS = [
  'ResolverNotFound(bytes)',
  'ResolverNotContract(bytes,address)',
  'UnsupportedResolverProfile(bytes4)',
  'ResolverError(bytes)',
  'ReverseAddressMismatch(string,bytes)',
  'HttpError(uint16,string)',
  'DNSDecodingFailed(bytes)',
  'DNSEncodingFailed(string)',
  'EmptyAddress()',
  'InvalidBatchGatewayResponse()',
] as const;

export type UniversalResolverErrorName = (typeof UR_ERRORS)[number] extends `${infer N}(${string}` ? N : never;

const BY_SELECTOR = new Map(UR_ERRORS.map((signature) => [functionSelector(signature), signature]));

/** A revert of the UniversalResolver read by name, with its arguments (undefined: not one of its errors, or it does not decode). */
export function universalResolverError(revertData: string): { name: UniversalResolverErrorName; args: unknown[] } | undefined {
  const signature = BY_SELECTOR.get(revertData.slice(0, 10).toLowerCase());
  if (signature === undefined) return undefined;
  const types = signature.slice(signature.indexOf('(') + 1, -1);
  try {
    const args = types === '' ? [] : decodeAbi(types.split(','), bytesToHex(hexToBytes(revertData, undefined, 'revert data').subarray(4)));
    return { name: signature.slice(0, signature.indexOf('(')) as UniversalResolverErrorName, args };
  } catch {
    return undefined;
  }
}

/**
 * The errors that mean "this name (or address) has no answer", as viem's isNullUniversalResolverError
 * reads them (for a reverse lookup, a name whose forward address is not the one asked, too).
 */
export const NO_ANSWER_ERRORS: ReadonlySet<UniversalResolverErrorName> = new Set(['ResolverNotFound', 'ResolverNotContract', 'UnsupportedResolverProfile', 'ReverseAddressMismatch']);
