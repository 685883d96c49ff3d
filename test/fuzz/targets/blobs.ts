/**
 * What `vigil blob-verify` reads, mutated:
 * - blob-tx-network-form: a blob transaction's network form (src/execution/blobs decode + verify),
 *   against @ethereumjs/tx's createBlob4844TxFromSerializedNetworkWrapper (Prague's common for
 *   EIP-4844's wrapper, Osaka's for EIP-7594's, of the transaction's chain id) on micro-eth-signer's
 *   KZG; where the reference refuses for what blob-verify does not judge (a fee cap below the
 *   tip), the mutation is not judged against it;
 * - blob-sidecars: Beacon API blob and data column sidecar answers (src/l1/blobs parse + verify),
 *   against a reference written here from the specs on Lodestar's containers (@lodestar-next/types
 *   fromJson, getPathInfo gindices), node:crypto's sha256 for the branch and micro-eth-signer's KZG;
 *   a slot or index past 2^53 (Lodestar's numbers end there, the spec's uint64 does not) is not
 *   judged against it.
 * Seeds: test/support/blob-inputs.ts (one blob each: a mutation of a blob costs a KZG check).
 */
import { createHash } from 'node:crypto';
import { createCustomCommon, type Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { RLP } from '@ethereumjs/rlp';
import { createBlob4844TxFromSerializedNetworkWrapper } from '@ethereumjs/tx';
import { ssz as lodestar } from '@lodestar-next/types';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { kzgReady } from '../../../src/crypto/kzg.ts';
import { decodeBlobTransactionNetworkForm } from '../../../src/execution/blobs/network-form.ts';
import { verifyBlobTransaction } from '../../../src/execution/blobs/verify.ts';
import { parseSidecarsAnswer } from '../../../src/l1/blobs/sidecars.ts';
import { verifySidecars } from '../../../src/l1/blobs/verify-sidecars.ts';
import { devnetKzg } from '../../../src/devnet/kzg.ts';
import { blobTransaction, sidecarAnswers, testBlob } from '../../support/blob-inputs.ts';
import { mutateJson } from '../mutators/json.ts';
import { mutateRlp } from '../mutators/rlp.ts';
import { againstReference, attempt, type Reference, verdictOf } from '../oracles.ts';
import { defineTarget, type Outcome } from '../target.ts';

interface TxAnswer {
  hash: string;
  from: string;
  versionedHashes: string[];
}

/**
 * The reference's refusals of what blob-verify does not judge (the transaction's own validity on a
 * chain, not its blobs): a fee cap below the tip, gas × fee cap over 2^256, a chain id wider than a
 * Common takes (commonsFor gives the transaction's own up to 2^48). Not judged against it.
 */
const NOT_JUDGED = /maxFeePerGas cannot be less than maxPriorityFeePerGas|gasLimit \* maxFeePerGas cannot exceed MAX_INTEGER|not matching the derived chain ID/;

type TxReference = Reference<TxAnswer> & { notJudged?: boolean };

/** A common of the transaction's own chain id (the reference refuses another chain's), Prague and Osaka. */
function commonsFor(raw: Uint8Array): Common[] {
  let chainId = 1n;
  try {
    const items = RLP.decode(raw.subarray(1)) as unknown as Uint8Array[][];
    const id = items[0]![0]!;
    if (id instanceof Uint8Array && id.length <= 6) chainId = id.length === 0 ? 0n : BigInt(bytesToHex(id));
  } catch {
    // not RLP: the reference refuses it whatever the common
  }
  return [Hardfork.Prague, Hardfork.Osaka].map((hardfork) =>
    createCustomCommon({ chainId: Number(chainId) }, Mainnet, { hardfork, customCrypto: { kzg: devnetKzg() } }),
  );
}

function referenceTx(raw: Uint8Array): TxReference {
  let notJudged = false;
  for (const common of commonsFor(raw)) {
    try {
      const tx = createBlob4844TxFromSerializedNetworkWrapper(raw, { common });
      return { ok: true, value: { hash: bytesToHex(tx.hash()), from: tx.getSenderAddress().toString().toLowerCase(), versionedHashes: tx.blobVersionedHashes.map((h) => h.toLowerCase()) } };
    } catch (e) {
      // the other fork's wrapper, or refused
      if (NOT_JUDGED.test(String(e))) notJudged = true;
    }
  }
  return { ok: false, notJudged };
}

export const blobTxNetworkFormTarget = defineTarget({
  name: 'blob-tx-network-form',
  subject: 'decodeBlobTransactionNetworkForm + verifyBlobTransaction: a type-3 transaction with its blobs, commitments and (blob or cell) proofs',
  reference: '@ethereumjs/tx createBlob4844TxFromSerializedNetworkWrapper (Prague: EIP-4844 wrapper; Osaka: EIP-7594 wrapper) with micro-eth-signer as its KZG',
  seeds: 'two network forms @ethereumjs/tx signs and serializes: one blob with its blob proof, one blob with its 128 cell proofs',
  slice: 60,
  stricter: {
    INVALID_INPUT: 'A chain id with a leading zero byte: @ethereumjs/tx reads it (it checks the other integer fields for leading zeros, not the chain id); an RLP integer is minimal, and Vigil\'s transaction decoder refuses one that is not, as execution clients do.',
  },
  async load() {
    await kzgReady();
    const blob = testBlob('fuzz blob ', true);
    const seeds = [blobTransaction([blob], 'eip4844').raw, blobTransaction([blob], 'eip7594').raw];
    for (const raw of seeds) {
      const ours = verifyBlobTransaction(decodeBlobTransactionNetworkForm(raw));
      const theirs = referenceTx(raw);
      if (!theirs.ok || theirs.value.hash !== bytesToHex(ours.txHash)) throw new Error('a blob transaction seed differs from the reference');
    }
    return seeds;
  },
  run(seeds, rng): Outcome {
    const m = mutateRlp(rng, rng.pick(seeds));
    const ours = attempt((): TxAnswer => {
      const r = verifyBlobTransaction(decodeBlobTransactionNetworkForm(m.value));
      return { hash: bytesToHex(r.txHash), from: bytesToHex(r.from), versionedHashes: r.versionedHashes.map(bytesToHex) };
    });
    const theirs = referenceTx(m.value);
    if (!theirs.ok && theirs.notJudged) return { op: m.op, ...verdictOf(ours) };
    return againstReference(m.op, ours, theirs);
  },
});

// --- sidecars --------------------------------------------------------------------------------

const l = lodestar as any;
const sha = (a: Uint8Array, b: Uint8Array) => new Uint8Array(createHash('sha256').update(a).update(b).digest());

/** is_valid_merkle_branch with a bigint gindex, on node:crypto. */
function branchOk(leaf: Uint8Array, branch: Uint8Array[], gindex: bigint, root: Uint8Array): boolean {
  const depth = gindex.toString(2).length - 1;
  if (branch.length !== depth) return false;
  let node = leaf;
  let g = gindex;
  for (const sibling of branch) {
    node = g & 1n ? sha(sibling, node) : sha(node, sibling);
    g >>= 1n;
  }
  return bytesToHex(node) === bytesToHex(root);
}

interface SidecarVerdict {
  root: string;
  indices: number[];
}

/** The spec's checks, from the specs' text, on Lodestar's containers; throws where they fail. */
function referenceSidecars(json: any): SidecarVerdict {
  const data = json?.data;
  if (!Array.isArray(data) || data.length === 0) throw new Error('no sidecars');
  const blob = data[0] && typeof data[0] === 'object' && 'blob' in data[0];
  const fork = blob ? 'electra' : 'fulu';
  if (json.version !== undefined && !(blob ? ['deneb', 'electra'] : ['fulu']).includes(json.version)) throw new Error('version');
  const type = blob ? l[fork].BlobSidecar : l.fulu.DataColumnSidecar;
  const sidecars = data.map((d: unknown) => type.fromJson(d));
  const headerRoot = (s: any) => bytesToHex(l.phase0.BeaconBlockHeader.hashTreeRoot(s.signedBlockHeader.message));
  const first = sidecars[0];
  for (const s of sidecars) {
    if (headerRoot(s) !== headerRoot(first) || bytesToHex(s.signedBlockHeader.signature) !== bytesToHex(first.signedBlockHeader.signature)) throw new Error('two headers');
  }
  const indices = sidecars.map((s: any) => Number(s.index));
  if (new Set(indices).size !== indices.length) throw new Error('duplicate');
  const kzg = devnetKzg();
  const hex = (b: Uint8Array) => bytesToHex(b);
  if (blob) {
    for (const s of sidecars) {
      if (s.index >= 4096) throw new Error('index');
      const gindex = BigInt(l[fork].BeaconBlockBody.getPathInfo(['blobKzgCommitments', Number(s.index)]).gindex);
      if (!branchOk(l.deneb.KZGCommitment.hashTreeRoot(s.kzgCommitment), s.kzgCommitmentInclusionProof, gindex, s.signedBlockHeader.message.bodyRoot)) throw new Error('branch');
    }
    if (!kzg.verifyBlobProofBatch(sidecars.map((s: any) => hex(s.blob)), sidecars.map((s: any) => hex(s.kzgCommitment)), sidecars.map((s: any) => hex(s.kzgProof)))) throw new Error('kzg');
  } else {
    const gindex = BigInt(l.fulu.BeaconBlockBody.getPathInfo(['blobKzgCommitments']).gindex);
    for (const s of sidecars) {
      if (s.index >= 128 || s.kzgCommitments.length === 0 || s.column.length !== s.kzgCommitments.length || s.column.length !== s.kzgProofs.length) throw new Error('verify_data_column_sidecar');
      if (!branchOk(l.deneb.BlobKzgCommitments.hashTreeRoot(s.kzgCommitments), s.kzgCommitmentsInclusionProof, gindex, s.signedBlockHeader.message.bodyRoot)) throw new Error('branch');
      const ok = kzg.verifyCellKzgProofBatch(s.kzgCommitments.map(hex), s.column.map(() => Number(s.index)), s.column.map(hex), s.kzgProofs.map(hex));
      if (!ok) throw new Error('kzg');
    }
  }
  return { root: headerRoot(first), indices };
}

export const blobSidecarsTarget = defineTarget({
  name: 'blob-sidecars',
  subject: 'parseSidecarsAnswer + verifySidecars: Beacon API blob_sidecars (Electra) and data_column_sidecars (Fulu) answers',
  reference: 'the spec\'s checks written here on @lodestar-next/types (fromJson, BeaconBlockBody gindices), node:crypto sha256 branches, micro-eth-signer KZG',
  seeds: 'the devnet\'s BlobStore over a real BeaconBlockBody: one Electra blob sidecar, and Fulu columns 0 and 77 of one blob',
  slice: 120,
  stricter: {
    INVALID_INPUT: 'JSON Lodestar\'s fromJson reads leniently and Vigil\'s SSZ JSON (src/ssz/types/json.ts) refuses: integers as hex, with a sign or leading zeros, or as negative numbers; hex without 0x; fields a container does not have. The Beacon API writes none of these.',
  },
  async load() {
    await kzgReady();
    const blob = testBlob('fuzz sidecar ', true);
    const seeds = [(await sidecarAnswers('electra', [blob])).sidecars, (await sidecarAnswers('fulu', [blob], { columns: [0, 77] })).sidecars];
    for (const s of seeds) {
      const ours = verifySidecars(parseSidecarsAnswer(s));
      if (bytesToHex(ours.root) !== referenceSidecars(s).root) throw new Error('a sidecar seed differs from the reference');
    }
    return seeds;
  },
  run(seeds, rng): Outcome {
    const seed = rng.pick(seeds);
    const m = mutateJson(rng, seed, { keys: ['index', 'blob', 'kzg_proof', 'column', 'kzg_commitments', 'beacon_block_root'] });
    const ours = attempt((): SidecarVerdict => {
      const r = verifySidecars(parseSidecarsAnswer(m.value));
      return { root: bytesToHex(r.root), indices: r.indices };
    });
    let theirs: Reference<SidecarVerdict>;
    try {
      theirs = { ok: true, value: referenceSidecars(m.value) };
    } catch (e) {
      // Lodestar holds slots and indices as JS numbers: a uint64 past 2^53 is its limit, not a verdict.
      if (/MAX_SAFE_INTEGER/.test(String(e))) return { op: m.op, ...verdictOf(ours) };
      theirs = { ok: false };
    }
    return againstReference(m.op, ours, theirs);
  },
});
