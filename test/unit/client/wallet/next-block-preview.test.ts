/**
 * The approval window's simulation as the next block runs it (src/client/wallet/transaction-preview.ts
 * over the real engine and a proven world): the fee on its own line and out of the user's own
 * changes; a transaction without fees priced at the next base fee, never free; a bait that pays
 * only under the head's fee recipient refused before any window with EFFECTS_DEPEND_ON_BLOCK; one
 * that pays only in another block shown with both; code that reads the time and does the same in
 * both blocks (a deadline) shown plainly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { engineChain } from './engine-chain.ts';
import { type PreviewChain, previewTransactions } from '../../../../src/client/wallet/transaction-preview.ts';
import type { WalletHead } from '../../../../src/client/wallet/transactions.ts';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { parseTransactionRequest } from '../../../../src/wallet/transaction-request.ts';
import { asm } from '../../execution/asm.ts';
import { buildWorld, envFor, type World } from '../../execution/world.ts';

const ALICE = '0xa1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const ETH = 10n ** 18n;
const GWEI = 10n ** 9n;
const HEAD_COINBASE = 'c0'.repeat(20);
const PAY = 'PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 0x05 CALLVALUE MUL CALLER GAS CALL STOP';
const BAITS = {
  /** Pays 5× when COINBASE is the head's. */
  coinbase: '0x' + 'cb'.repeat(20),
  /** Pays 5× when COINBASE is not the head's (on chain, not in the block shown). */
  notCoinbase: '0x' + 'cc'.repeat(20),
  /** Pays 5× when BASEFEE is 0 (a free eth_call). */
  baseFee: '0x' + 'bf'.repeat(20),
  /** Reads the time against a deadline far ahead, keeps what it is sent (a swap's deadline). */
  deadline: '0x' + 'dd'.repeat(20),
};

let world: World;
let head: WalletHead;

beforeAll(async () => {
  await cryptoReady();
  world = await buildWorld({
    [ALICE]: { balance: 5n * ETH },
    [BAITS.coinbase]: { balance: 10n * ETH, code: asm(`COINBASE PUSH20 0x${HEAD_COINBASE} EQ PUSH1 0x1b JUMPI STOP JUMPDEST ${PAY}`) },
    [BAITS.notCoinbase]: { balance: 10n * ETH, code: asm(`COINBASE PUSH20 0x${HEAD_COINBASE} EQ ISZERO PUSH1 0x1c JUMPI STOP JUMPDEST ${PAY}`) },
    [BAITS.baseFee]: { balance: 10n * ETH, code: asm(`BASEFEE ISZERO PUSH1 0x06 JUMPI STOP JUMPDEST ${PAY}`) },
    [BAITS.deadline]: { code: asm('PUSH5 0xffffffffff TIMESTAMP GT PUSH1 0x0c JUMPI STOP JUMPDEST PUSH0 PUSH0 REVERT') },
  });
  const env = envFor(world, { chainId: 31337n, baseFeePerGas: 8n * GWEI, coinbase: new Uint8Array(20).fill(0xc0) });
  head = { head: { blockNumber: env.number, blockHash: bytesToHex(env.hash), timestamp: env.timestamp, signedBy: null }, env, nextBaseFee: 9n * GWEI };
});

const chain = (): PreviewChain => engineChain(world, head);

const now = () => Number(head.env.timestamp) + 1;
const bait = (to: string, fees = true) =>
  parseTransactionRequest({ from: ALICE, to, value: '0x' + (ETH / 10n).toString(16), gas: '0x30d40', ...(fees ? { maxFeePerGas: '0x' + (20n * GWEI).toString(16), maxPriorityFeePerGas: '0x' + GWEI.toString(16) } : {}) });

describe('the window\'s simulation in the next block', () => {
  it('shows the fee on its own line: the user\'s own changes are what the transaction moves', async () => {
    const e = await previewTransactions(chain(), [bait(BAITS.deadline)], { now: now() });
    expect(e.ok).toBe(true);
    expect(e.own).toEqual([{ asset: 'native', standard: 'native', amount: String(-ETH / 10n) }]);
    expect(BigInt(e.fee!)).toBe(BigInt(e.gasUsed![0]!) * (9n * GWEI + GWEI));
    // It read the time (a deadline) and does the same a slot later: nothing to warn of.
    expect(e.blockReads).toEqual(['timestamp']);
    expect(e.dependsOnBlock).toBeUndefined();
  });

  it('prices a request without fees at the next base fee: a bait for free calls does not pay', async () => {
    const e = await previewTransactions(chain(), [bait(BAITS.baseFee, false)], { now: now() });
    expect(e.own).toEqual([{ asset: 'native', standard: 'native', amount: String(-ETH / 10n) }]);
    expect(BigInt(e.fee!)).toBe(BigInt(e.gasUsed![0]!) * 9n * GWEI);
  });

  it("refuses before any window a bait that pays only under the head's fee recipient, naming what it read", async () => {
    await expect(previewTransactions(chain(), [bait(BAITS.coinbase)], { now: now() })).rejects.toMatchObject({
      name: 'WalletError',
      code: 'EFFECTS_DEPEND_ON_BLOCK',
      shortMessage: expect.stringMatching(/reads the block's fee recipient, and where the block's fee recipient makes it branch the other way you would send 100000000000000000 of native/),
    });
  });

  it('shows both when it would pay only in another block: the window says the effects depend on the block', async () => {
    const e = await previewTransactions(chain(), [bait(BAITS.notCoinbase)], { now: now() });
    expect(e.own).toEqual([{ asset: 'native', standard: 'native', amount: String(-ETH / 10n) }]);
    expect(e.dependsOnBlock).toMatchObject({ reads: ['coinbase'], ok: true, own: [{ asset: 'native', amount: String((4n * ETH) / 10n) }] });
  });
});
