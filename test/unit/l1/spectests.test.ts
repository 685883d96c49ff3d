/** consensus-spec-tests light-client sync tests (deneb, minimal preset), every step. */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runLightClientSpecTest } from '../../../src/cli/commands/lc-spectest.ts';

const root = fileURLToPath(new URL('../../fixtures/spec-tests-minimal/deneb/', import.meta.url));
const expectedSteps: Record<string, number> = {
  light_client_sync: 11,
  supply_sync_committee_from_past_update: 2,
  advance_finality_without_sync_committee: 6,
};

describe('consensus-spec-tests light_client/sync (deneb, minimal)', () => {
  for (const name of readdirSync(root)) {
    it(`${name}: every step passes`, () => {
      const results = runLightClientSpecTest(root + name);
      expect(results.filter((r) => !r.ok)).toEqual([]);
      expect(results).toHaveLength(expectedSteps[name]!);
    });
  }
});
