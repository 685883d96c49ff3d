/**
 * The consensus-spec-tests `light_client/single_merkle_proof` format
 * (tests/formats/light_client/single_merkle_proof.md, v1.7.0-alpha.12 and later): object.ssz_snappy,
 * an object of the SSZ type its suite names (BeaconState, BeaconBlockBody), and proof.yaml
 * {leaf, leaf_index, branch}. The branch is checked with Vigil's is_valid_merkle_branch against
 * hash_tree_root(object); the branch the object's own tree gives at leaf_index must be the same,
 * and for the cases the light client relies on, leaf_index must be the gindex Vigil verifies at.
 *
 * From Gloas on these are ProgressiveContainers (EIP-7688), which src/ssz does not implement (a
 * verifier needs no progressive SSZ: it only checks branches). Their hash_tree_root comes from
 * @lodestar/types 1.50 (the @lodestar-next alias), imported only when a proof case runs. Lodestar
 * fixes its preset when first imported (LODESTAR_PRESET): one process runs one preset's proof cases.
 * @module
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, VigilError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { FORKS, type ForkName } from '../../l1/config.ts';
import {
  CURRENT_SYNC_COMMITTEE_GINDEX,
  CURRENT_SYNC_COMMITTEE_GINDEX_ELECTRA,
  CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS,
  EXECUTION_BLOCK_HASH_GINDEX_GLOAS,
  EXECUTION_PAYLOAD_GINDEX,
  FINALIZED_ROOT_GINDEX,
  FINALIZED_ROOT_GINDEX_ELECTRA,
  FINALIZED_ROOT_GINDEX_GLOAS,
  NEXT_SYNC_COMMITTEE_GINDEX,
  NEXT_SYNC_COMMITTEE_GINDEX_ELECTRA,
  NEXT_SYNC_COMMITTEE_GINDEX_GLOAS,
} from '../../l1/containers.ts';
import { floorLog2, getSubtreeIndex, isValidMerkleBranch } from '../../ssz/index.ts';
import { errorLine } from '../io.ts';
import { readSszSnappy, readYaml, type StepResult } from './files.ts';

/** Where a proof case sits: `<preset>/<fork>/light_client/single_merkle_proof/<suite>/<case>`. */
export interface ProofCase {
  preset: string;
  fork: ForkName;
  /** The SSZ type's name (the suite). */
  suite: string;
  name: string;
}

const SYNC_SIZE = { mainnet: 512, minimal: 32 } as Record<string, number>;

interface Lodestar {
  preset: string;
  ssz: Record<string, Record<string, any>>;
}
let lodestar: Promise<Lodestar> | undefined;

/** @lodestar/types in the preset asked for, if this process has not loaded it in another. */
async function lodestarTypes(preset: string): Promise<Lodestar> {
  if (lodestar === undefined) {
    // Read by @lodestar/params at its first import, and only then.
    if (process.env.LODESTAR_PRESET === undefined) process.env.LODESTAR_PRESET = preset;
    lodestar = import('@lodestar-next/types').then(({ ssz }) => {
      const size = (ssz as any).altair.SyncCommittee.fields.pubkeys.length as number;
      return { preset: Object.keys(SYNC_SIZE).find((p) => SYNC_SIZE[p] === size) ?? `${size}-member committees`, ssz: ssz as any };
    });
  }
  const loaded = await lodestar;
  if (loaded.preset !== preset) {
    throw new InputError(`a ${preset}-preset proof case, but this run's SSZ types are ${loaded.preset}'s (one preset a run: run the ${preset} cases apart)`);
  }
  return loaded;
}

/** The gindex the light client verifies a case's leaf at, where it relies on that case. */
function expectedGindex(fork: ForkName, name: string): number | undefined {
  const at = FORKS.indexOf(fork);
  const era = at >= FORKS.indexOf('gloas') ? 2 : at >= FORKS.indexOf('electra') ? 1 : 0;
  const table: Record<string, [number, number, number]> = {
    current_sync_committee_merkle_proof: [CURRENT_SYNC_COMMITTEE_GINDEX, CURRENT_SYNC_COMMITTEE_GINDEX_ELECTRA, CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS],
    next_sync_committee_merkle_proof: [NEXT_SYNC_COMMITTEE_GINDEX, NEXT_SYNC_COMMITTEE_GINDEX_ELECTRA, NEXT_SYNC_COMMITTEE_GINDEX_GLOAS],
    finality_root_merkle_proof: [FINALIZED_ROOT_GINDEX, FINALIZED_ROOT_GINDEX_ELECTRA, FINALIZED_ROOT_GINDEX_GLOAS],
  };
  if (name === 'execution_merkle_proof') return EXECUTION_PAYLOAD_GINDEX;
  if (name === 'execution_block_hash_merkle_proof') return EXECUTION_BLOCK_HASH_GINDEX_GLOAS;
  return table[name]?.[era];
}

/** Runs one proof case: one result per check. Throws only for an unusable directory. */
export async function runSingleMerkleProofTest(dir: string, where: ProofCase): Promise<StepResult[]> {
  const proof = readYaml(dir, 'proof.yaml');
  if (!isObject(proof) || !Array.isArray(proof.branch)) throw new InputError(`${dir} is not a single_merkle_proof test (proof.yaml: leaf, leaf_index, branch)`);
  const leaf = hexToBytes(proof.leaf, 32, 'proof.yaml leaf');
  const gindex = Number(String(proof.leaf_index));
  if (!Number.isSafeInteger(gindex) || gindex < 1) throw new InputError(`proof.yaml leaf_index expected a positive integer, got ${String(proof.leaf_index)}`);
  const branch = proof.branch.map((node, i) => hexToBytes(node, 32, `proof.yaml branch[${i}]`));
  const bytes = readSszSnappy(dir, 'object');

  const results: StepResult[] = [];
  const check = (step: string, run: () => string | null) => {
    try {
      const mismatch = run();
      results.push({ step, ok: mismatch === null, detail: mismatch ?? 'ok' });
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
      results.push({ step, ok: false, detail: errorLine(err) });
    }
  };
  let view: any;
  try {
    const { ssz } = await lodestarTypes(where.preset);
    const type = ssz[where.fork]?.[where.suite];
    if (type === undefined) throw new InputError(`no SSZ type ${where.fork}.${where.suite}`);
    try {
      view = type.deserializeToView(bytes);
    } catch (err) {
      throw new InputError(`object.ssz_snappy is not a ${where.fork} ${where.suite}: ${(err as Error).message}`);
    }
  } catch (err) {
    if (!(err instanceof VigilError)) throw err;
    return [{ step: 'object', ok: false, detail: errorLine(err) }];
  }
  const root = view.hashTreeRoot() as Uint8Array;
  check(`is_valid_merkle_branch at ${gindex}`, () => {
    const depth = floorLog2(gindex);
    if (branch.length !== depth) return `branch has ${branch.length} nodes, leaf_index ${gindex} needs ${depth}`;
    return isValidMerkleBranch(leaf, branch, depth, getSubtreeIndex(gindex), root) ? null : `the branch does not lead to hash_tree_root(object) ${bytesToHex(root)}`;
  });
  check('leaf and branch are the object\'s own', () => {
    const own = view.tree.getSingleProof(BigInt(gindex)) as Uint8Array[];
    const ownLeaf = view.tree.getRoot(BigInt(gindex)) as Uint8Array;
    if (bytesToHex(ownLeaf) !== bytesToHex(leaf)) return `leaf: expected ${bytesToHex(ownLeaf)}, got ${bytesToHex(leaf)}`;
    const at = own.findIndex((node, i) => bytesToHex(node) !== bytesToHex(branch[i] ?? new Uint8Array()));
    return at === -1 && own.length === branch.length ? null : `branch[${at === -1 ? own.length : at}] differs from the object's tree`;
  });
  const want = expectedGindex(where.fork, where.name);
  if (want !== undefined) check('leaf_index is the light client\'s gindex', () => (want === gindex ? null : `expected ${want}, got ${gindex}`));
  return results;
}
