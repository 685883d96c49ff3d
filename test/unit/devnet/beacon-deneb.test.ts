/**
 * The beacon devnet at Deneb (minimal preset) verified by Vigil's own, unchanged light client:
 * a light-client vector for Deneb made of real BLS signatures and real Merkle branches.
 */
import { describe, it } from 'vitest';
import { syncScenario } from './beacon/scenario.ts';

describe('beacon devnet, deneb', () => {
  it('L1Sync (JSON and SSZ) bootstraps from genesis, catches up over three periods, follows the head across a fourth, on the EL\'s blocks', async () => {
    await syncScenario('deneb');
  });
});
