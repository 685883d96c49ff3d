/**
 * The beacon devnet at Fulu (minimal preset) verified by Vigil's own, unchanged light client:
 * a light-client vector for Fulu made of real BLS signatures and real Merkle branches.
 */
import { describe, it } from 'vitest';
import { syncScenario } from './beacon/scenario.ts';

describe('beacon devnet, fulu', () => {
  it('L1Sync (JSON and SSZ) bootstraps from genesis, catches up over three periods, follows the head across a fourth, on the EL\'s blocks', async () => {
    await syncScenario('fulu');
  });
});
