/**
 * Transactions for the devnet's users and tests: transfers and raw deployments from the node's
 * unlocked dev accounts (`eth_sendTransaction`), and waiting for them to be mined (the beacon
 * devnet mines a block every slot).
 * @module
 */
import { bigIntToHex, bytesToHex, concatBytes, bigIntToBytesPadded } from '../../core/bytes.ts';
import { jsonRpcCall } from '../../rpc/http.ts';
import { sleep } from '../../core/sleep.ts';

const RPC = { timeoutMs: 10_000, maxBytes: 4 * 1024 * 1024 };

export interface Receipt {
  transactionHash: string;
  blockNumber: number;
  blockHash: string;
  status: number;
  contractAddress: string | null;
}

/** Sends `value` wei from an unlocked dev account; returns the transaction hash (not yet mined). */
export async function sendTransfer(rpc: string, from: string, to: string, value: bigint): Promise<string> {
  return (await jsonRpcCall(rpc, 'eth_sendTransaction', [{ from, to, value: bigIntToHex(value), gas: '0x5208' }], RPC)) as string;
}

/** Sends a contract creation with `initCode`; returns the transaction hash. */
export async function sendDeployment(rpc: string, from: string, initCode: string): Promise<string> {
  return (await jsonRpcCall(rpc, 'eth_sendTransaction', [{ from, data: initCode, gas: '0x1e8480' }], RPC)) as string;
}

/** Polls until the transaction is mined. */
export async function waitForReceipt(rpc: string, hash: string, timeoutMs = 30_000): Promise<Receipt> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = (await jsonRpcCall(rpc, 'eth_getTransactionReceipt', [hash], RPC)) as Record<string, string> | null;
    if (r) {
      return {
        transactionHash: r.transactionHash!,
        blockNumber: Number(r.blockNumber),
        blockHash: r.blockHash!,
        status: Number(r.status),
        contractAddress: r.contractAddress ?? null,
      };
    }
    if (Date.now() > deadline) throw new Error(`transaction ${hash} not mined within ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** Runtime code of the storage contract: returns slot 0 (PUSH1 0 SLOAD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN). */
export const STORAGE_RUNTIME = '0x60005460005260206000f3';

/**
 * Init code that writes `slots` (slot → value, each SSTORE'd) and deploys {@link STORAGE_RUNTIME}:
 * a contract with real storage and code to prove, without a Solidity compiler.
 * @example storageContractInitCode([[0n, 42n], [1n, 7n]])
 */
export function storageContractInitCode(slots: readonly (readonly [bigint, bigint])[]): string {
  const PUSH32 = Uint8Array.of(0x7f);
  const stores = slots.map(([slot, value]) =>
    concatBytes(PUSH32, bigIntToBytesPadded(value, 32), PUSH32, bigIntToBytesPadded(slot, 32), Uint8Array.of(0x55)),
  );
  const prefix = concatBytes(...stores);
  const runtime = Uint8Array.from(Buffer.from(STORAGE_RUNTIME.slice(2), 'hex'));
  const copyAndReturnLength = 13;
  const offset = prefix.length + copyAndReturnLength;
  if (offset > 0xffff) throw new Error('too many slots for one init code');
  const copyAndReturn = Uint8Array.of(
    0x60, runtime.length, // PUSH1 size
    0x61, offset >> 8, offset & 0xff, // PUSH2 offset
    0x60, 0x00, // PUSH1 destOffset
    0x39, // CODECOPY
    0x60, runtime.length, // PUSH1 size
    0x60, 0x00, // PUSH1 offset
    0xf3, // RETURN
  );
  return bytesToHex(concatBytes(prefix, copyAndReturn, runtime));
}
