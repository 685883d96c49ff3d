/**
 * A transaction's network encoding rebuilt from its JSON-RPC fields, for ELs that do not serve
 * raw transactions (hardhat 2 answers `eth_getRawTransactionByHash` with -32004). Types 0
 * (legacy, EIP-155), 1 (EIP-2930), 2 (EIP-1559), 3 (EIP-4844, the block form without blobs),
 * 4 (EIP-7702). The caller checks keccak256(raw) against the transaction's hash, so a field we
 * mis-encode can never pass silently.
 * @module
 */
import { hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { encodeRlp, type RlpInput } from '../../core/rlp.ts';
import { concatBytes } from '../../core/bytes.ts';

type Json = Record<string, unknown>;

const q = (tx: Json, key: string): bigint => {
  if (tx[key] === undefined || tx[key] === null) throw new InputError(`transaction.${key} is missing`);
  return hexToBigInt(tx[key], `transaction.${key}`);
};
const bytes = (tx: Json, key: string): Uint8Array => hexToBytes(tx[key] ?? '0x', undefined, `transaction.${key}`);
/** `to` of a contract creation is null: the empty string in RLP. */
const to = (tx: Json): Uint8Array => (tx.to === null || tx.to === undefined ? new Uint8Array(0) : hexToBytes(tx.to, 20, 'transaction.to'));
/** Typed transactions carry y-parity; some servers give it only as `v`. */
const yParity = (tx: Json): bigint => (tx.yParity !== undefined ? q(tx, 'yParity') : q(tx, 'v'));

function accessList(tx: Json): RlpInput[] {
  const list = tx.accessList ?? [];
  if (!Array.isArray(list)) throw new InputError('transaction.accessList expected an array');
  return list.map((entry, i) => {
    if (!isObject(entry) || !Array.isArray(entry.storageKeys)) throw new InputError(`transaction.accessList[${i}] is malformed`);
    return [
      hexToBytes(entry.address, 20, `transaction.accessList[${i}].address`),
      entry.storageKeys.map((k, j) => hexToBytes(k, 32, `transaction.accessList[${i}].storageKeys[${j}]`)),
    ];
  });
}

function authorizationList(tx: Json): RlpInput[] {
  const list = tx.authorizationList ?? [];
  if (!Array.isArray(list)) throw new InputError('transaction.authorizationList expected an array');
  return list.map((a, i) => {
    if (!isObject(a)) throw new InputError(`transaction.authorizationList[${i}] is malformed`);
    return [q(a, 'chainId'), hexToBytes(a.address, 20, `authorizationList[${i}].address`), q(a, 'nonce'), yParity(a), q(a, 'r'), q(a, 's')];
  });
}

/** The raw bytes of a transaction as `eth_getBlockByNumber(…, true)` lists it. */
export function encodeRawTransaction(tx: unknown): Uint8Array {
  if (!isObject(tx)) throw new InputError('transaction expected an object');
  const type = tx.type === undefined ? 0n : q(tx, 'type');
  const common = () => [q(tx, 'nonce'), q(tx, 'gas'), to(tx), q(tx, 'value'), bytes(tx, 'input')] as const;
  switch (type) {
    case 0n: {
      const [nonce, gas, dest, value, input] = common();
      return encodeRlp([nonce, q(tx, 'gasPrice'), gas, dest, value, input, q(tx, 'v'), q(tx, 'r'), q(tx, 's')]);
    }
    case 1n: {
      const [nonce, gas, dest, value, input] = common();
      const body = [q(tx, 'chainId'), nonce, q(tx, 'gasPrice'), gas, dest, value, input, accessList(tx), yParity(tx), q(tx, 'r'), q(tx, 's')];
      return concatBytes(Uint8Array.of(1), encodeRlp(body));
    }
    case 2n:
    case 3n:
    case 4n: {
      const [nonce, gas, dest, value, input] = common();
      const fees = [q(tx, 'chainId'), nonce, q(tx, 'maxPriorityFeePerGas'), q(tx, 'maxFeePerGas'), gas, dest, value, input, accessList(tx)];
      const extra: RlpInput[] =
        type === 3n
          ? [q(tx, 'maxFeePerBlobGas'), blobHashes(tx)]
          : type === 4n
            ? [authorizationList(tx)]
            : [];
      return concatBytes(Uint8Array.of(Number(type)), encodeRlp([...fees, ...extra, yParity(tx), q(tx, 'r'), q(tx, 's')]));
    }
    default:
      throw new InputError(`transaction type ${type} is not one this devnet can encode`);
  }
}

function blobHashes(tx: Json): RlpInput[] {
  const list = tx.blobVersionedHashes ?? [];
  if (!Array.isArray(list)) throw new InputError('transaction.blobVersionedHashes expected an array');
  return list.map((h, i) => hexToBytes(h, 32, `transaction.blobVersionedHashes[${i}]`));
}
