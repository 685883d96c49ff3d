/**
 * The window's simulation is the block that follows the proven head, whatever the clock says
 * (issue 50, audit F1), over the real engine and proven state: the light client learns head N a
 * slot or more after N was made, so a preview runs at least 16 s after T_N. Baits that pay only in
 * Vigil's simulated block (a beacon root, a block hash, the number's parity) show the chain's
 * truth, with the block that does otherwise named, or are refused before any window
 * (EFFECTS_DEPEND_ON_BLOCK); a swap that reads the time and the number for a deadline far ahead is
 * shown plainly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { engineChain } from './engine-chain.ts';
import { type PreviewChain, previewRemainders, previewTransactions } from '../../../../src/client/wallet/transaction-preview.ts';
import type { WalletHead } from '../../../../src/client/wallet/transactions.ts';
import { bigIntToHex, bytesToHex } from '../../../../src/core/bytes.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import type { BlockEnv } from '../../../../src/execution/block-env.ts';
import { BEACON_ROOTS_ADDRESS } from '../../../../src/execution/next-block/system-contracts.ts';
import { parseTransactionRequest } from '../../../../src/wallet/transaction-request.ts';
import { asm } from '../../execution/asm.ts';
import { buildWorld, envFor, type World } from '../../execution/world.ts';

const ALICE = '0xa1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const ETH = 10n ** 18n;
const GWEI = 10n ** 9n;
const N = 1000n;
const T0 = 1_700_000_004n;
const HEAD_HASH = new Uint8Array(32).fill(0xbb);
const HEAD_ROOT = new Uint8Array(32).fill(0x3b);
const BEACON_ROOTS_CODE = '0x3373fffffffffffffffffffffffffffffffffffffffe14604d57602036146024575f5ffd5b5f35801560495762001fff810690815414603c575f5ffd5b62001fff01545f5260205ff35b5f5ffd5b62001fff42064281555f359062001fff015500';
const word = (v: bigint | Uint8Array) => (typeof v === 'bigint' ? v.toString(16) : bytesToHex(v).slice(2)).padStart(64, '0');
const ask = (to: string) => `PUSH0 MSTORE PUSH1 0x20 PUSH0 PUSH1 0x20 PUSH0 PUSH20 ${to} GAS STATICCALL`;
const PAY2 = 'PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 0x02 CALLVALUE MUL CALLER GAS CALL STOP';
/** Pays back 2× what it is sent when `cond` leaves non-zero, keeps it otherwise. */
function bait(cond: string): string {
  const dest = (asm(cond).length - 2) / 2 + 4;
  return asm(`${cond} PUSH1 0x${dest.toString(16).padStart(2, '0')} JUMPI STOP JUMPDEST ${PAY2}`);
}

const BAITS = {
  beaconPrevious: '0x' + 'b1'.repeat(20),
  beaconFuture: '0x' + 'b3'.repeat(20),
  parentHashIsHead: '0x' + 'c2'.repeat(20),
  parity: '0x' + 'd1'.repeat(20),
  /** Keeps what it is sent unless the time or the number is past a deadline far ahead (a swap's). */
  deadline: '0x' + 'dd'.repeat(20),
};

let world: World;

beforeAll(async () => {
  await cryptoReady();
  world = await buildWorld({
    [ALICE]: { balance: 5n * ETH },
    [BAITS.beaconPrevious]: { balance: 10n * ETH, code: bait(`PUSH1 0x0c TIMESTAMP SUB ${ask(BEACON_ROOTS_ADDRESS)} ISZERO`) },
    [BAITS.beaconFuture]: { balance: 10n * ETH, code: bait(`PUSH32 ${word(T0 + 24n)} ${ask(BEACON_ROOTS_ADDRESS)} ISZERO`) },
    [BAITS.parentHashIsHead]: { balance: 10n * ETH, code: bait(`PUSH1 0x01 NUMBER SUB BLOCKHASH PUSH32 ${word(HEAD_HASH)} EQ`) },
    [BAITS.parity]: { balance: 10n * ETH, code: bait('NUMBER PUSH1 0x01 AND ISZERO') },
    [BAITS.deadline]: { code: asm('PUSH5 0xffffffffff TIMESTAMP GT PUSH4 0xffffffff NUMBER GT ADD PUSH1 0x14 JUMPI STOP JUMPDEST PUSH0 PUSH0 REVERT') },
    // Head N's own system call wrote the root of N−1 under T0.
    [BEACON_ROOTS_ADDRESS]: { code: BEACON_ROOTS_CODE, storage: { [bigIntToHex(T0 % 8191n)]: T0, [bigIntToHex((T0 % 8191n) + 8191n)]: 0x1234n } },
  });
});

function headAt(number: bigint): WalletHead {
  const env = envFor(world, { chainId: 31337n, number, timestamp: T0, hash: HEAD_HASH, baseFeePerGas: 8n * GWEI, beaconRoot: HEAD_ROOT });
  return { head: { blockNumber: env.number, blockHash: bytesToHex(env.hash), timestamp: env.timestamp, signedBy: null }, env, nextBaseFee: 9n * GWEI };
}

/** A chain over the real engine; `envs` collects every block a simulation asked for. */
const chain = (head: WalletHead, envs: BlockEnv[] = []): PreviewChain => engineChain(world, head, (params) => params.mode === 'simulate' && void envs.push(params.env));

/** The light client learned head N from the sync aggregate in block N+1: at the earliest ~4 s into the slot after. */
const NOW = Number(T0) + 16;
const send = (to: string) => parseTransactionRequest({ from: ALICE, to, value: '0x' + ETH.toString(16), gas: '0x30d40', maxFeePerGas: '0x' + (40n * GWEI).toString(16), maxPriorityFeePerGas: '0x' + GWEI.toString(16) });
const native = (amount: bigint) => [{ asset: 'native', standard: 'native', amount: amount.toString() }];

describe('the block the window simulates', () => {
  it('is number N+1 at T_N + slot, never the clock\'s next slot', async () => {
    const envs: BlockEnv[] = [];
    const c = chain(headAt(N), envs);
    await previewTransactions(c, [send(BAITS.deadline)], { now: NOW + 60 });
    await previewTransactions(c, [send(BAITS.deadline)], { now: NOW });
    expect(envs.map((e) => [e.number, e.timestamp])).toEqual([[N + 1n, T0 + 12n], [N + 1n, T0 + 12n]]);
  });

  it('a batch\'s remainders run in the same block', async () => {
    const envs: BlockEnv[] = [];
    await previewRemainders(chain(headAt(N), envs), [send(BAITS.deadline), send(BAITS.deadline)], { now: NOW + 60 });
    expect(new Set(envs.map((e) => `${e.number}:${e.timestamp}`)).size).toBe(1);
    expect(envs[0]!.timestamp).toBe(T0 + 12n);
  });

  it('beacon-roots(TIMESTAMP − 12) answers as on chain: the window shows −1 ETH, not "+1 ETH" (whether a later block answers is its own: after a missed slot it does not, so that side is named)', async () => {
    const e = await previewTransactions(chain(headAt(N)), [send(BAITS.beaconPrevious)], { now: NOW });
    expect(e.own).toEqual(native(-ETH));
    expect(e.dependsOnBlock).toMatchObject({ own: native(ETH) });
  });

  it('beacon-roots of the slot the transaction lands in, hard-coded: refused before any window', async () => {
    await expect(previewTransactions(chain(headAt(N)), [send(BAITS.beaconFuture)], { now: NOW })).rejects.toMatchObject({
      name: 'WalletError',
      code: 'EFFECTS_DEPEND_ON_BLOCK',
      shortMessage: expect.stringMatching(/reads the block's beacon root of a block not made yet, and where the block's beacon root of a block not made yet makes it branch the other way you would send 1000000000000000000 of native/),
    });
  });

  it("BLOCKHASH(NUMBER − 1) equal to the head's hash (true only in N+1): refused, naming the number and the block hash", async () => {
    await expect(previewTransactions(chain(headAt(N)), [send(BAITS.parentHashIsHead)], { now: NOW })).rejects.toMatchObject({
      code: 'EFFECTS_DEPEND_ON_BLOCK',
      shortMessage: expect.stringMatching(/reads the block's number, hash of a block not made yet, and .* you would send/),
    });
  });

  it('a NUMBER-parity bait never shows the payout: refused when the block shown pays, shown as −1 ETH with the block that pays named when it keeps', async () => {
    await expect(previewTransactions(chain(headAt(N + 1n)), [send(BAITS.parity)], { now: NOW })).rejects.toMatchObject({
      code: 'EFFECTS_DEPEND_ON_BLOCK',
      shortMessage: expect.stringMatching(/reads the block's number, and if it lands in block 1003 or in 15 other blocks up to block 1033 you would send 1000000000000000000 of native \(you receive 1000000000000000000 in the block shown\)/),
    });
    const e = await previewTransactions(chain(headAt(N)), [send(BAITS.parity)], { now: NOW });
    expect(e.own).toEqual(native(-ETH));
    expect(e.dependsOnBlock).toMatchObject({ reads: ['number'], where: `if it lands in block ${N + 2n} or in 15 other blocks up to block ${N + 32n}`, own: native(ETH) });
  });

  it('a swap that reads the time and the number for its deadline is shown plainly', async () => {
    const e = await previewTransactions(chain(headAt(N)), [send(BAITS.deadline)], { now: NOW });
    expect(e.ok).toBe(true);
    expect(e.own).toEqual(native(-ETH));
    expect(e.blockReads).toEqual(['timestamp', 'number']);
    expect(e.dependsOnBlock).toBeUndefined();
  });
});
