/**
 * EIP-7928's block access list RLP rebuilt from its eth_getBlockAccessList JSON, independently of
 * @ethereumjs/vm (which builds the devnet's): what a test hashes to compare with a header's
 * blockAccessListHash.
 */
import type { RlpInput } from '../../src/core/rlp.ts';
import type { AccountAccessJson } from '../../src/devnet/execution/node/bal-json.ts';

/** EIP-7928's RLP of the JSON form, rebuilt independently of ethereumjs: integers minimal, keys and values as integers. */
export function balRlp(bal: AccountAccessJson[]): RlpInput {
  const int = (hex: string) => BigInt(hex);
  const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
  return bal.map((a) => [
    bytes(a.address),
    a.storageChanges.map((s) => [int(s.key), s.changes.map((c) => [int(c.index), int(c.value)])]),
    a.storageReads.map(int),
    a.balanceChanges.map((c) => [int(c.index), int(c.value)]),
    a.nonceChanges.map((c) => [int(c.index), int(c.value)]),
    a.codeChanges.map((c) => [int(c.index), bytes(c.code)]),
  ]);
}
