/**
 * `vigil lc-spectest`'s runners on generated Gloas cases in the release's format
 * (test/support/lc-spectest-vectors.ts): a Gloas sync case, the Fulu → Gloas gloas_fork case and
 * Gloas single_merkle_proof cases pass; a tampered copy of each fails, naming what failed; a tree
 * of cases (the held Deneb vectors among them) runs case by case.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCases, lcSpectestCommand, proofCaseAt, runCase } from '../../../src/cli/commands/lc-spectest.ts';
import { runLightClientSyncTest } from '../../../src/cli/spectest/sync.ts';
import { editYaml, gloasProofLeaves, gloasSyncChain, writeAllCases, writeSyncCase } from '../../support/lc-spectest-vectors.ts';

const deneb = fileURLToPath(new URL('../../fixtures/spec-tests-minimal/deneb/', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'vigil-lc-spectest-'));
let cases: ReturnType<typeof writeAllCases>;
beforeAll(() => {
  cases = writeAllCases(join(root, 'tests'));
});

const run = async (argv: string[]) => {
  const lines: string[] = [];
  const code = await lcSpectestCommand(argv, (l) => lines.push(l));
  return { code, lines };
};

describe('light_client/sync with Gloas', () => {
  it('a Gloas case: bootstrap, four updates (one finalizing only genesis) and a force_update, every check (execution_root the block hash) holds', () => {
    const results = runLightClientSyncTest(cases.gloasSync);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.map((r) => r.step.replace(/0x[0-9a-f]{64}/, 'R'))).toEqual([
      'bootstrap (gloas)',
      'step 1 process_update update_R_sf (gloas)',
      'step 2 process_update update_R_sf (gloas)',
      'step 3 process_update update_R_sf (gloas)',
      'step 4 process_update update_R_xx (gloas)',
      'step 5 force_update',
    ]);
    // The last check the case holds: the force update finalized the optimistic header at 90.
    const steps = parse(readFileSync(join(cases.gloasSync, 'steps.yaml'), 'utf8'));
    expect(steps.at(-1).force_update.checks.finalized_header.slot).toBe(90);
  });

  it('the gloas_fork case (a Fulu test crossing at epoch 3): the store upgraded in place, pre-fork data upgraded after it', () => {
    const results = runLightClientSyncTest(cases.gloasFork);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.map((r) => r.step.replace(/ update_0x[0-9a-f]{64}_(..)/, ' $1'))).toEqual([
      'bootstrap (fulu)',
      'step 1 process_update sf (fulu)',
      'step 2 process_update sf (fulu)',
      'step 3 upgrade_store to gloas',
      'step 4 process_update xx (fulu)',
      'step 5 process_update xx (fulu)',
      'step 6 process_update sf (gloas)',
      'step 7 process_update sf (gloas)',
    ]);
    const meta = parse(readFileSync(join(cases.gloasFork, 'meta.yaml'), 'utf8'));
    expect(meta.store_fork_version).toBe('0x06000001');
    expect(readFileSync(join(cases.gloasFork, 'config.yaml'), 'utf8')).toMatch(/^GLOAS_FORK_EPOCH: 3$/m);
  });

  it('fails a tampered Gloas update (its block hash changed), the store untouched by it going on', () => {
    const chain = gloasSyncChain();
    const step = chain.steps[1]! as any;
    const hash = Uint8Array.from(step.update.attestedHeader.executionBlockHash, (b: number) => b ^ 1);
    step.update = { ...step.update, attestedHeader: { ...step.update.attestedHeader, executionBlockHash: hash } };
    const dir = join(root, 'tampered-update');
    writeSyncCase(dir, chain);
    const results = runLightClientSyncTest(dir);
    expect(results.slice(0, 2).map((r) => r.ok)).toEqual([true, true]);
    expect(results[2]).toMatchObject({ ok: false, detail: expect.stringMatching(/^LC_INVALID_HEADER/) });
    // The step before taught the store period 1's committee: the next update verifies without it.
    expect(results.filter((r) => !r.ok)).toHaveLength(1);
  });

  it('fails a check that does not hold: an upgraded Fulu header\'s execution_root other than its payload header\'s root', () => {
    const dir = join(root, 'tampered-check');
    cpSync(cases.gloasFork, dir, { recursive: true });
    const steps = parse(readFileSync(join(dir, 'steps.yaml'), 'utf8'));
    const wanted: string = steps[2].upgrade_store.checks.finalized_header.execution_root;
    editYaml(join(dir, 'steps.yaml'), (t) => t.replaceAll(wanted, '0x' + 'ab'.repeat(32)));
    const failed = runLightClientSyncTest(dir).filter((r) => !r.ok);
    // Slot 10 stays finalized through step 5: each of those checks names the changed root.
    expect(failed.map((r) => r.step.split(' ').slice(0, 3).join(' '))).toEqual(['step 1 process_update', 'step 2 process_update', 'step 3 upgrade_store', 'step 4 process_update', 'step 5 process_update']);
    expect(failed[2]!.detail).toBe(`finalized_header.execution_root: expected 0x${'ab'.repeat(32)}, got ${wanted}`);
  });

  it('the held Deneb vectors still pass through the case runner', async () => {
    const found = findCases(deneb);
    expect(found.map((c) => c.format)).toEqual(['sync', 'sync', 'sync']);
    for (const c of found) expect((await runCase(c)).filter((r) => !r.ok)).toEqual([]);
  });
});

describe('light_client/single_merkle_proof with Gloas (BeaconState 735, 2945, 2946; BeaconBlockBody 2856)', () => {
  it('every case passes: the branch leads to hash_tree_root(object), is the object\'s own, at the light client\'s gindex', async () => {
    const leaves = gloasProofLeaves();
    expect(cases.proofs).toHaveLength(4);
    for (const dir of cases.proofs) {
      const where = proofCaseAt(dir);
      expect(where).toMatchObject({ preset: 'mainnet', fork: 'gloas' });
      const results = await runCase({ dir, format: 'single_merkle_proof' });
      expect(results.map((r) => r.ok)).toEqual([true, true, true]);
      // The leaf the case proves is the value itself, not only a node of some tree.
      expect(parse(readFileSync(join(dir, 'proof.yaml'), 'utf8')).leaf).toBe(leaves[where.name]);
    }
  });

  it('fails a tampered branch, a wrong leaf and a leaf_index other than the light client\'s', async () => {
    const src = cases.proofs.find((d) => d.endsWith('next_sync_committee_merkle_proof'))!;
    const copy = (name: string) => {
      const dir = join(root, name, 'mainnet/gloas/light_client/single_merkle_proof/BeaconState/next_sync_committee_merkle_proof');
      mkdirSync(dir, { recursive: true });
      cpSync(src, dir, { recursive: true });
      return dir;
    };
    const proof = parse(readFileSync(join(src, 'proof.yaml'), 'utf8'));
    const branch = copy('bad-branch');
    editYaml(join(branch, 'proof.yaml'), (t) => t.replace(proof.branch[4], '0x' + '01'.repeat(32)));
    expect((await runCase({ dir: branch, format: 'single_merkle_proof' })).map((r) => r.ok)).toEqual([false, false, true]);
    const leaf = copy('bad-leaf');
    editYaml(join(leaf, 'proof.yaml'), (t) => t.replace(proof.leaf, '0x' + '02'.repeat(32)));
    const leafResults = await runCase({ dir: leaf, format: 'single_merkle_proof' });
    expect(leafResults[0]).toMatchObject({ ok: false, detail: expect.stringMatching(/does not lead to hash_tree_root/) });
    // The current committee's proof offered as the next one's: a valid branch, the wrong gindex.
    const index = copy('bad-index');
    cpSync(cases.proofs.find((d) => d.endsWith('current_sync_committee_merkle_proof'))!, index, { recursive: true });
    expect((await runCase({ dir: index, format: 'single_merkle_proof' })).at(-1)).toEqual({ step: "leaf_index is the light client's gindex", ok: false, detail: 'expected 2946, got 2945' });
  });

  it('one preset a run: a minimal case after mainnet types were loaded is refused, saying so', async () => {
    const dir = join(root, 'other-preset/minimal/gloas/light_client/single_merkle_proof/BeaconBlockBody/execution_block_hash_merkle_proof');
    cpSync(cases.proofs.at(-1)!, dir, { recursive: true });
    const [result] = await runCase({ dir, format: 'single_merkle_proof' });
    expect(result).toMatchObject({ ok: false, detail: expect.stringContaining('this run\'s SSZ types are mainnet\'s') });
  });

  it('a proof case outside the release layout is refused', () => {
    expect(() => proofCaseAt(join(root, 'x/y'))).toThrow(/must sit at/);
  });
});

describe('vigil lc-spectest <tree>', () => {
  it('finds every case, prints one line each and the total', async () => {
    const { code, lines } = await run([join(root, 'tests')]);
    expect(lines.filter((l) => l.startsWith('ok   '))).toHaveLength(6);
    expect(lines).toContain('ok   minimal/fulu/light_client/sync/pyspec_tests/gloas_fork [sync] 8/8 steps');
    expect(lines.at(-1)).toBe('cases: 6 passed, 0 failed');
    expect(code).toBe(0);
  });

  it('one case directory keeps its per-step output', async () => {
    const { code, lines } = await run([cases.proofs[0]!]);
    expect(lines).toEqual(['ok   is_valid_merkle_branch at 2945', "ok   leaf and branch are the object's own", "ok   leaf_index is the light client's gindex", '3 passed, 0 failed']);
    expect(code).toBe(0);
  });

  it('in the release layout the path decides: other light_client handlers are listed as skipped, other runners passed over', async () => {
    const tree = join(root, 'layout');
    cpSync(join(root, 'tests'), tree, { recursive: true });
    // data_collection cases have a steps.yaml too; a fork_choice case as well.
    cpSync(cases.gloasSync, join(tree, 'minimal/gloas/light_client/data_collection/pyspec_tests/light_client_data_collection'), { recursive: true });
    cpSync(cases.gloasSync, join(tree, 'minimal/gloas/fork_choice/on_block/pyspec_tests/basic'), { recursive: true });
    const found = findCases(tree);
    expect(found.filter((c) => c.format === 'skipped').map((c) => c.dir)).toEqual([join(tree, 'minimal/gloas/light_client/data_collection')]);
    expect(found.filter((c) => c.format !== 'skipped')).toHaveLength(6);
    const { code, lines } = await run([tree]);
    expect(code).toBe(0);
    expect(lines[0]).toBe('skip minimal/gloas/light_client/data_collection (a light_client handler this command does not run)');
    expect(lines.at(-1)).toBe('cases: 6 passed, 0 failed');
    // A case directory named in full is judged by its path too.
    expect(findCases(join(tree, 'minimal/gloas/light_client/data_collection/pyspec_tests/light_client_data_collection'))).toEqual([
      { dir: join(tree, 'minimal/gloas/light_client/data_collection/pyspec_tests/light_client_data_collection'), format: 'skipped' },
    ]);
  });

  it('exits 1 when a case fails, with its failed steps under it', async () => {
    const { code, lines } = await run([join(root, 'bad-branch')]);
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/^FAIL .*next_sync_committee_merkle_proof \[single_merkle_proof\] 1\/3 steps$/);
    expect(lines[1]).toMatch(/^ {7}FAIL is_valid_merkle_branch at 2946: the branch does not lead/);
  });
});
