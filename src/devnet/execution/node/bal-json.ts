/**
 * An EIP-7928 block access list as eth_getBlockAccessList prints it (execution-apis,
 * src/schemas/block-access-list.yaml): per account its storage changes (32-byte slot keys and
 * values), storage reads (32-byte keys), balance, nonce and code changes, each change with its
 * block access index. Printed from the list's canonical RLP form (the `raw()` that the header's
 * blockAccessListHash commits to), not from ethereumjs's own toJSON, which writes slot 0 as "0x".
 * @module
 */
import type { BlockLevelAccessList } from '@ethereumjs/util';
import { bigIntToHex, bytesToHex, hexToBytes } from '../../../core/bytes.ts';

export interface AccountAccessJson {
  address: string;
  storageChanges: { key: string; changes: { index: string; value: string }[] }[];
  storageReads: string[];
  balanceChanges: { index: string; value: string }[];
  nonceChanges: { index: string; value: string }[];
  codeChanges: { index: string; code: string }[];
}

/** A byte string or hex of at most 32 bytes, as a 32-byte word. */
function word(value: Uint8Array | string): string {
  const bytes = typeof value === 'string' ? (value === '0x' ? new Uint8Array(0) : hexToBytes(value)) : value;
  const out = new Uint8Array(32);
  out.set(bytes, 32 - bytes.length);
  return bytesToHex(out);
}

/** A hex quantity of the RLP form ("0x" for 0, even length) as a JSON-RPC quantity. */
function quantity(value: string | number): string {
  return typeof value === 'number' ? bigIntToHex(value) : bigIntToHex(value === '0x' ? 0n : BigInt(value));
}

/** `bal` in eth_getBlockAccessList's JSON shape, accounts in address order. */
export function blockAccessListJson(bal: BlockLevelAccessList): AccountAccessJson[] {
  return bal.raw().map(([address, storageChanges, storageReads, balanceChanges, nonceChanges, codeChanges]) => ({
    address: String(address).toLowerCase(),
    storageChanges: storageChanges.map(([key, changes]) => ({
      key: word(key),
      changes: changes.map(([index, value]) => ({ index: quantity(index), value: word(value) })),
    })),
    storageReads: storageReads.map((key) => word(key)),
    balanceChanges: balanceChanges.map(([index, value]) => ({ index: quantity(index), value: quantity(value) })),
    nonceChanges: nonceChanges.map(([index, value]) => ({ index: quantity(index), value: quantity(value) })),
    codeChanges: codeChanges.map(([index, code]) => ({ index: quantity(index), code: bytesToHex(code) })),
  }));
}
