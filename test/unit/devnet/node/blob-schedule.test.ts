/**
 * The devnet node's blob parameters follow the beacon devnet's blob schedule (EIP-7892): BPO1's
 * from its time on (mainnet's: target 10, max 15, update fraction 8346193, the parameters Vigil's
 * execution of the fork uses), in either order with Amsterdam, whose rules stay on across it.
 */
import { describe, expect, it } from 'vitest';
import { createDevChain } from '../../../../src/devnet/execution/node/chain.ts';

const GENESIS = 1_000n;
const GAS_PER_BLOB = 131_072n;

async function schedule(bpo1Time: bigint, amsterdamTime: bigint) {
  const chain = await createDevChain({ fork: 'osaka', genesisTimestamp: GENESIS, bpo1Time, amsterdamTime });
  const out: { max: bigint; target: bigint; fraction: bigint; amsterdam: boolean }[] = [];
  for (let t = GENESIS + 1n; t <= GENESIS + 6n; t++) {
    const block = await chain.mine({ timestamp: t, parentBeaconBlockRoot: new Uint8Array(32), slotNumber: t - GENESIS, feeRecipient: new Uint8Array(20), prevRandao: new Uint8Array(32) });
    const s = block.common.getBlobGasSchedule();
    out.push({ max: s.maxBlobGasPerBlock / GAS_PER_BLOB, target: s.targetBlobGasPerBlock / GAS_PER_BLOB, fraction: s.blobGasPriceUpdateFraction, amsterdam: block.header.blockAccessListHash !== undefined });
  }
  return out;
}

const OSAKA = { max: 9n, target: 6n, fraction: 5_007_716n };
const BPO1 = { max: 15n, target: 10n, fraction: 8_346_193n };

describe('the devnet node\'s blob schedule', () => {
  it('BPO1 after Amsterdam: Osaka\'s parameters until BPO1\'s time, Amsterdam\'s rules from its own', async () => {
    const s = await schedule(GENESIS + 4n, GENESIS + 2n);
    expect(s).toEqual([
      { ...OSAKA, amsterdam: false },
      { ...OSAKA, amsterdam: true },
      { ...OSAKA, amsterdam: true },
      { ...BPO1, amsterdam: true },
      { ...BPO1, amsterdam: true },
      { ...BPO1, amsterdam: true },
    ]);
  });

  it('BPO1 before Amsterdam: its parameters kept when Amsterdam comes', async () => {
    const s = await schedule(GENESIS + 2n, GENESIS + 4n);
    expect(s.map((b) => [b.max, b.amsterdam])).toEqual([
      [9n, false],
      [15n, false],
      [15n, false],
      [15n, true],
      [15n, true],
      [15n, true],
    ]);
  });
});
