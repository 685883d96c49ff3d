/**
 * `vigil lc-spectest` and `vigil lc-verify` across the Gloas fork, run as a user runs them (the
 * built CLI, bin/vigil.mjs; `npm test` builds first), on cases and a chain generated in the
 * release's and the Beacon API's formats (test/support/lc-spectest-vectors.ts).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { BeaconBlockHeader } from '../../../src/l1/containers.ts';
import { editYaml, writeAllCases, writeLcVerifyChain } from '../../support/lc-spectest-vectors.ts';

const bin = fileURLToPath(new URL('../../../bin/vigil.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'vigil-lc-gloas-cli-'));
const vigil = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
let chain: ReturnType<typeof writeLcVerifyChain>;
beforeAll(() => {
  writeAllCases(join(root, 'tests'));
  chain = writeLcVerifyChain(join(root, 'chain'));
});

describe('vigil lc-spectest (built) on Gloas cases', () => {
  it('runs the tree of generated cases: sync, gloas_fork and the four single_merkle_proof cases', () => {
    const r = vigil('lc-spectest', join(root, 'tests'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe('cases: 6 passed, 0 failed');
    expect(lines).toContain('ok   mainnet/gloas/light_client/single_merkle_proof/BeaconState/finality_root_merkle_proof [single_merkle_proof] 3/3 steps');
    expect(lines).toContain('ok   minimal/gloas/light_client/sync/pyspec_tests/light_client_sync [sync] 6/6 steps');
  });

  it('a tree of both presets: the minimal proof cases run in a child process (Lodestar\'s types hold one preset), their failures counted', () => {
    // The minimal cases come from a process that loaded @lodestar/types in the minimal preset.
    const tree = join(root, 'two-presets');
    cpSync(join(root, 'tests'), tree, { recursive: true });
    const script = fileURLToPath(new URL('../../support/write-proof-cases.ts', import.meta.url));
    const gen = spawnSync(process.execPath, ['--import', 'tsx', script, tree], { encoding: 'utf8', env: { ...process.env, LODESTAR_PRESET: 'minimal' } });
    expect(gen.stderr).toBe('');
    expect(gen.stdout).toContain('/minimal/gloas/light_client/single_merkle_proof/BeaconState/finality_root_merkle_proof');
    const good = vigil('lc-spectest', tree);
    expect(good.code).toBe(0);
    const lines = good.stdout.trim().split('\n');
    expect(lines).toContain('ok   minimal/gloas/light_client/single_merkle_proof/BeaconState/next_sync_committee_merkle_proof [single_merkle_proof] 3/3 steps');
    expect(lines.at(-1)).toBe('cases: 10 passed, 0 failed');
    editYaml(join(tree, 'minimal/gloas/light_client/single_merkle_proof/BeaconState/finality_root_merkle_proof/proof.yaml'), (t) => t.replace('leaf_index: 735', 'leaf_index: 734'));
    const bad = vigil('lc-spectest', tree);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL minimal\/gloas\/light_client\/single_merkle_proof\/BeaconState\/finality_root_merkle_proof \[single_merkle_proof\] 0\/3 steps$/m);
    expect(bad.stdout.trim().split('\n').at(-1)).toBe('cases: 9 passed, 1 failed');
    // --only-preset: those cases alone.
    expect(vigil('lc-spectest', '--only-preset', 'mainnet', tree).stdout.trim().split('\n').at(-1)).toBe('cases: 4 passed, 0 failed');
  });

  it('exits 1 on a tree with a tampered case, naming it', () => {
    const tree = join(root, 'tampered');
    cpSync(join(root, 'tests'), tree, { recursive: true });
    const proof = join(tree, 'mainnet/gloas/light_client/single_merkle_proof/BeaconBlockBody/execution_block_hash_merkle_proof/proof.yaml');
    editYaml(proof, (t) => t.replace(/leaf: "0x[0-9a-f]{2}/, 'leaf: "0x00'));
    const r = vigil('lc-spectest', tree);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL mainnet\/gloas\/light_client\/single_merkle_proof\/BeaconBlockBody\/execution_block_hash_merkle_proof \[single_merkle_proof\] 1\/3 steps$/m);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('cases: 5 passed, 1 failed');
  });
});

describe('vigil lc-verify (built) across the Gloas fork', () => {
  const lcVerify = (...extra: string[]) =>
    vigil('lc-verify', '--network-config', chain.files.config, '--checkpoint', chain.checkpoint, '--bootstrap', chain.files.bootstrap, ...extra);
  const head = (h: { beacon: any; executionBlockHash?: Uint8Array; execution?: { blockHash: Uint8Array } }) => ({
    slot: Number(h.beacon.slot),
    root: bytesToHex(BeaconBlockHeader.hashTreeRoot(h.beacon)),
    executionBlockHash: bytesToHex(h.executionBlockHash ?? h.execution!.blockHash),
  });

  it('a Fulu bootstrap, Fulu and Gloas updates, Gloas finality and optimistic updates: heads print only their block hash', () => {
    const r = lcVerify('--updates', chain.files.updates, '--finality', chain.files.finality, '--optimistic', chain.files.optimistic);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({ finalized: head(chain.expected.gloas.finalized), optimistic: head(chain.expected.gloas.optimistic), period: 1 });
  });

  it('before the fork (Fulu data only) the heads print as before, and their block hash', () => {
    const r = lcVerify('--updates', chain.files.preForkUpdates);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const { finalized } = chain.expected.preFork;
    expect(out.finalized).toEqual({
      ...head(finalized),
      execution: { blockNumber: 1000, blockHash: bytesToHex(finalized.execution.blockHash), stateRoot: bytesToHex(finalized.execution.stateRoot) },
    });
    expect(out.optimistic.slot).toBe(14);
  });

  it('exits 1 when a Gloas update does not verify: its block hash changed', () => {
    const updates = JSON.parse(readFileSync(chain.files.updates, 'utf8'));
    const hash: string = updates[1].data.attested_header.execution_block_hash;
    updates[1].data.attested_header.execution_block_hash = hash.slice(0, -2) + (hash.endsWith('00') ? '01' : '00');
    const bad = join(root, 'bad-updates.json');
    writeFileSync(bad, JSON.stringify(updates));
    const r = lcVerify('--updates', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^LC_INVALID_HEADER/);
  });

  it('Gloas data on a network that does not schedule Gloas is refused (LC_WRONG_FORK)', () => {
    const config = JSON.parse(readFileSync(chain.files.config, 'utf8'));
    delete config.GLOAS_FORK_EPOCH;
    const noGloas = join(root, 'no-gloas.json');
    writeFileSync(noGloas, JSON.stringify(config));
    const r = vigil('lc-verify', '--network-config', noGloas, '--checkpoint', chain.checkpoint, '--bootstrap', chain.files.bootstrap, '--updates', chain.files.updates);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^LC_WRONG_FORK/);
  });
});
