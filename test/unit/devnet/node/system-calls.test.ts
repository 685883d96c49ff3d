/**
 * The devnet chain builds blocks as a client does, at every fork it runs: a contract whose
 * transaction asks the EIP-4788 contract for the root at its own TIMESTAMP stores exactly the
 * header's parentBeaconBlockRoot, and from Prague the EIP-2935 contract's get(n - 1) answers the
 * parent's hash (Cancun does not call it: 0). Headers hash as Vigil hashes them (20 fields at
 * Cancun, 21 at Prague and Osaka, 23 at Amsterdam), and an Amsterdam block's access list hashes to
 * the header's blockAccessListHash.
 */
import type { Block } from '@ethereumjs/block';
import { Address } from '@ethereumjs/util';
import { describe, expect, it } from 'vitest';
import { bytesToBigInt, bytesToHex, equalBytes } from '../../../../src/core/bytes.ts';
import { BEACON_ROOTS, HISTORY_STORAGE } from '../../../../src/devnet/execution/node/system-contracts.ts';
import type { AccountAccessJson } from '../../../../src/devnet/execution/node/bal-json.ts';
import type { DevChain } from '../../../../src/devnet/execution/node/types.ts';
import { headerHash, parseRpcHeader } from '../../../../src/execution/header.ts';
import { blockAccessListHash, parseBlockAccessList } from '../../../../src/execution/block/access-list.ts';
import { chainAt, FORKS, initCode, mineNext, rpcHeader, slotKey } from './helpers.ts';

const HISTORY_OFFSET = 0x1000n;
/**
 * Runtime, assembled by hand (one step a line): stores beaconRoots.get(TIMESTAMP) at slot NUMBER
 * and history.get(NUMBER - 1) at slot NUMBER + 0x1000 (a call that reverts leaves 0).
 */
const CODE = [
  '42', '5f', '52', // mstore(0, timestamp)
  '6020', '5f', '6020', '5f', '73' + BEACON_ROOTS.address.slice(2), '5a', 'fa', '50', // staticcall(gas, beaconRoots, 0, 32, 0, 32)
  '5f', '51', '43', '55', // sstore(number, mload(0))
  '5f', '5f', '52', // mstore(0, 0)
  '6001', '43', '03', '5f', '52', // mstore(0, number - 1)
  '6020', '5f', '6020', '5f', '73' + HISTORY_STORAGE.address.slice(2), '5a', 'fa', '50', // staticcall(gas, history, 0, 32, 0, 32)
  '5f', '51', '61' + HISTORY_OFFSET.toString(16).padStart(4, '0'), '43', '01', '55', // sstore(number + 0x1000, mload(0))
  '00',
].join('');

async function deployAndPoke(chain: DevChain, blocks: number): Promise<{ contract: Uint8Array; poked: Block[] }> {
  const [dev] = chain.accounts;
  await chain.sendTransaction({ from: dev!.address, data: initCode(CODE) });
  const deployed = await mineNext(chain);
  const receipt = chain.receipts(deployed.hash())![0]!;
  expect(receipt.status).toBe(1);
  const contract = receipt.contractAddress!;
  const poked: Block[] = [];
  for (let i = 0; i < blocks; i++) {
    // Explicit gas: an estimate at the head sees its slots already written (and EIP-8037 prices new state high).
    await chain.sendTransaction({ from: dev!.address, to: contract, gas: 2_000_000n });
    const block = await mineNext(chain);
    expect(chain.receipts(block.hash())![0]!.status).toBe(1);
    poked.push(block);
  }
  return { contract, poked };
}

const FIELD_COUNT = { cancun: 20, prague: 21, osaka: 21, amsterdam: 23 } as const;

describe.each(FORKS)('devnet chain at %s', (fork) => {
  it('stores the beacon root the header carries, and (from Prague) the parent hash EIP-2935 keeps', async () => {
    const chain = await chainAt(fork);
    const { contract, poked } = await deployAndPoke(chain, 3);
    const head = await chain.stateAt(chain.head());
    const at = new Address(contract);
    for (const block of poked) {
      const root = await head.getStorage(at, slotKey(block.header.number));
      expect(bytesToHex(root)).toBe(bytesToHex(block.header.parentBeaconBlockRoot!));
      const parent = await head.getStorage(at, slotKey(block.header.number + HISTORY_OFFSET));
      if (fork === 'cancun') expect(bytesToBigInt(parent)).toBe(0n);
      else expect(bytesToHex(parent)).toBe(bytesToHex(block.header.parentHash));
    }
  });

  it('hashes every header as Vigil does, with the fork\'s field count', async () => {
    const chain = await chainAt(fork);
    await deployAndPoke(chain, 2);
    for (let n = 1n; n <= chain.head().header.number; n++) {
      const block = chain.blockByNumber(n)!;
      const { header, hash } = parseRpcHeader(rpcHeader(block));
      expect(bytesToHex(headerHash(header))).toBe(bytesToHex(hash!));
      const expected = fork === 'amsterdam' && n < 2n ? 21 : FIELD_COUNT[fork];
      expect(block.header.raw().length).toBe(expected);
      if (expected === 23) expect(header.slotNumber).toBe(n);
    }
  });

  it.runIf(fork === 'amsterdam')('serves the block access list whose RLP hashes to the header\'s blockAccessListHash', async () => {
    const chain = await chainAt(fork);
    await deployAndPoke(chain, 2);
    const block = chain.head();
    const bal = chain.blockAccessList(block.hash()) as AccountAccessJson[];
    expect(bal.length).toBeGreaterThan(0);
    expect(bal.map((a) => a.address)).toEqual([...bal.map((a) => a.address)].sort());
    expect(equalBytes(blockAccessListHash(parseBlockAccessList(bal)), block.header.blockAccessListHash!)).toBe(true);
    // The beacon-roots contract's two writes of the 4788 system call are in it, keys as 32-byte words.
    const roots = bal.find((a) => a.address === BEACON_ROOTS.address)!;
    expect(roots.storageChanges.length).toBe(2);
    for (const change of roots.storageChanges) expect(change.key).toMatch(/^0x[0-9a-f]{64}$/);
    expect(chain.blockAccessList(chain.blockByNumber(1n)!.hash())).toBeUndefined();
  });
});
