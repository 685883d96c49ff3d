/**
 * The devnet's execution blocks are built as a client builds them (issue 51): each block's EIP-4788
 * system call writes the root of the beacon block before it, the devnet beacon chain's own, and
 * EIP-2935 keeps the parent's hash. A contract's transaction reads both on chain, as any contract
 * can; the test compares what it stored with the block header and with the beacon API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigIntToHex, hexToBigInt } from '../../src/core/bytes.ts';
import { type Devnet, startDevnet } from '../../src/devnet/devnet.ts';
import { sendDeployment, waitForReceipt } from '../../src/devnet/execution/dev-tx.ts';
import { BEACON_ROOTS_ADDRESS, HISTORY_STORAGE_ADDRESS } from '../../src/execution/next-block/system-contracts.ts';
import { rpc } from './helpers.ts';

const BEACON_ROOTS = BEACON_ROOTS_ADDRESS.slice(2);
const HISTORY = HISTORY_STORAGE_ADDRESS.slice(2);
/** STATICCALL(gas, to, 0, 32, 0, 32) of the 32 bytes at memory 0; the flag stored at `flagSlot`, the answer at `slot`. */
const staticGet = (to: string, slot: number, flagSlot: number) => `60205f60205f73${to}5afa60${flagSlot.toString(16).padStart(2, '0')}555f5160${slot.toString(16).padStart(2, '0')}55`;
/**
 * On every call: slot 0 = beaconRoots.get(TIMESTAMP) (slot 1 its success flag), slot 2 =
 * history.get(NUMBER - 1) (slot 3 its flag), slot 4 = TIMESTAMP.
 */
const RUNTIME = `425f52${staticGet(BEACON_ROOTS, 0, 1)}43600190035f52${staticGet(HISTORY, 2, 3)}4260045500`;
const initCode = (runtime: string) => {
  const n = (runtime.length / 2).toString(16).padStart(2, '0');
  return `0x60${n}600a5f3960${n}5ff3${runtime}`;
};

let devnet: Devnet;
const node = (method: string, params: unknown[]) => rpc(devnet.info.nodeRpc, method, params);
const beacon = async (path: string) => (await (await fetch(devnet.info.beaconApi + path)).json()) as { data: { root: string; header: { message: { slot: string; parent_root: string } } } };

beforeAll(async () => {
  devnet = await startDevnet({ secondsPerSlot: 1, historySlots: 4 });
}, 120_000);
afterAll(async () => {
  await devnet?.stop();
});

describe('system calls on the devnet', () => {
  it("a contract reads the beacon root of the slot before its block on chain: the header's, the beacon chain's own; and its parent's hash from EIP-2935", async () => {
    const from = devnet.info.accounts[0]!;
    const deployed = await waitForReceipt(devnet.info.nodeRpc, await sendDeployment(devnet.info.nodeRpc, from, initCode(RUNTIME)), 60_000);
    const to = deployed.contractAddress!;
    const hash = (await node('eth_sendTransaction', [{ from, to, gas: '0x30000' }])) as string;
    const receipt = await waitForReceipt(devnet.info.nodeRpc, hash, 60_000);
    expect(receipt.status).toBe(1);
    const at = bigIntToHex(BigInt(receipt.blockNumber));
    const slot = async (n: number) => (await node('eth_getStorageAt', [to, bigIntToHex(BigInt(n)), at])) as string;
    const block = (await node('eth_getBlockByNumber', [at, false])) as { parentBeaconBlockRoot: string; parentHash: string; timestamp: string };
    const parent = (await node('eth_getBlockByNumber', [bigIntToHex(hexToBigInt(at) - 1n), false])) as { hash: string };

    expect(hexToBigInt(await slot(1))).toBe(1n);
    expect(hexToBigInt(await slot(4))).toBe(hexToBigInt(block.timestamp));
    expect(await slot(0)).toBe(block.parentBeaconBlockRoot);
    // The beacon block that carries this payload, and the one before it: the root is the latter's.
    const beaconSlot = (hexToBigInt(block.timestamp) - BigInt(devnet.info.network.GENESIS_TIME as number)) / BigInt(devnet.info.network.SECONDS_PER_SLOT as number);
    const carrier = await beacon(`/eth/v1/beacon/headers/${beaconSlot}`);
    expect(carrier.data.header.message.parent_root).toBe(block.parentBeaconBlockRoot);
    const before = await beacon(`/eth/v1/beacon/headers/${beaconSlot - 1n}`);
    expect(before.data.root).toBe(block.parentBeaconBlockRoot);
    expect(block.parentBeaconBlockRoot).not.toBe('0x' + '00'.repeat(32));

    expect(hexToBigInt(await slot(3))).toBe(1n);
    expect(await slot(2)).toBe(parent.hash);
    expect(parent.hash).toBe(block.parentHash);
  }, 120_000);
});
