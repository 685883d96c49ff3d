/**
 * Every fuzz target, in the order the campaign runs them. A new target is a file in this folder
 * exporting a `defineTarget({...})`, added here.
 */
import type { FuzzTarget } from '../target.ts';
import { abiTarget } from './abi.ts';
import { arbitrumAdapterTarget, opStackAdapterTarget, opSuccinctAdapterTarget, scrollAdapterTarget, taikoAdapterTarget, vigilZkAdapterTarget } from './adapters.ts';
import { baseZkLegTarget } from './base-zk.ts';
import { blockAccessListTarget } from './block-access-list.ts';
import { blobSidecarsTarget, blobTxNetworkFormTarget } from './blobs.ts';
import { blobTieTarget } from './blob-tie.ts';
import { blsPointsTarget } from './bls.ts';
import { clearSigningTarget } from './clear-signing.ts';
import { kzgVerifyTarget } from './kzg.ts';
import { lineaAdapterTarget } from './linea.ts';
import { arbitrumExitTarget, opStackExitTarget, scrollExitTarget, vigilZkExitTarget } from './exits.ts';
import { opGossipTarget } from './op-gossip.ts';
import { opFeesTarget } from './op-fees.ts';
import { opSuperProveTarget } from './op-super-prove.ts';
import { opSuperRootGameTarget } from './op-super-root.ts';
import { gnarkPlonkKeyTarget, gnarkPlonkProofTarget, risc0Target, sp1Groth16Target, sp1PlonkTarget } from './gnark.ts';
import { receiptsTrieTarget, transactionsTrieTarget } from './chain.ts';
import { ethGetProofTarget, mptAccountTarget, mptProofTarget, mptStorageTarget } from './mpt.ts';
import { pagePersonalSignTarget, pageTransactionTarget, pageTypedDataTarget } from './page.ts';
import { priceRoundTarget } from './price-round.ts';
import { providerTarget } from './provider.ts';
import { pageSiweTarget } from './siwe.ts';
import { vigilZkBlobBatchTarget } from './vigil-zk-blob.ts';
import { rlpTarget } from './rlp.ts';
import { taintTarget } from './taint.ts';
import { transferLogsTarget } from './transfer-logs.ts';
import { headerJsonTarget, headerRlpTarget } from './header.ts';
import { sszBootstrapTarget, sszUpdateTarget } from './ssz.ts';
import { gloasLightClientTarget } from './gloas-lc.ts';
import { fflonkKeyTarget, fflonkProofTarget, groth16KeyTarget, groth16ProofTarget, plonkKeyTarget, plonkProofTarget } from './zk.ts';

export const TARGETS: readonly FuzzTarget[] = [
  rlpTarget,
  clearSigningTarget,
  headerRlpTarget,
  headerJsonTarget,
  mptProofTarget,
  mptAccountTarget,
  mptStorageTarget,
  ethGetProofTarget,
  receiptsTrieTarget,
  transactionsTrieTarget,
  blockAccessListTarget,
  blobTxNetworkFormTarget,
  blobSidecarsTarget,
  blobTieTarget,
  sszBootstrapTarget,
  sszUpdateTarget,
  gloasLightClientTarget,
  blsPointsTarget,
  kzgVerifyTarget,
  groth16ProofTarget,
  groth16KeyTarget,
  plonkProofTarget,
  plonkKeyTarget,
  fflonkProofTarget,
  fflonkKeyTarget,
  gnarkPlonkProofTarget,
  gnarkPlonkKeyTarget,
  sp1Groth16Target,
  sp1PlonkTarget,
  risc0Target,
  abiTarget,
  priceRoundTarget,
  transferLogsTarget,
  pageTransactionTarget,
  taintTarget,
  pageTypedDataTarget,
  pagePersonalSignTarget,
  pageSiweTarget,
  providerTarget,
  opStackAdapterTarget,
  opSuperRootGameTarget,
  opFeesTarget,
  opGossipTarget,
  arbitrumAdapterTarget,
  scrollAdapterTarget,
  opSuccinctAdapterTarget,
  taikoAdapterTarget,
  lineaAdapterTarget,
  vigilZkAdapterTarget,
  vigilZkBlobBatchTarget,
  baseZkLegTarget,
  opStackExitTarget,
  opSuperProveTarget,
  arbitrumExitTarget,
  scrollExitTarget,
  vigilZkExitTarget,
];
