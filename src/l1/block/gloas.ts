/**
 * Gloas's BeaconBlockBody (13 fields), ExecutionPayloadBid (12) and BeaconBlock in the spec's
 * shapes: ProgressiveContainers and ProgressiveLists (EIP-7688, EIP-7916), the execution payload
 * gone from the body (EIP-7732): the bid commits to the slot's execution block and its blobs
 * (`blob_kzg_commitments`). The blob tie hashes a served Gloas block with these (Gloas column
 * sidecars carry no commitments); the devnet builds its blocks and state from them (the bid's
 * parent_block_hash at gindex 2856 of the body). Unchanged fields reuse the Fulu types.
 * consensus-specs@a08d8a6e specs/gloas/beacon-chain.md "Containers" (v1.7.0-alpha.12 on).
 * @module
 */
import { Bitvector, boolean, Bytes20, Bytes32, Bytes48, Bytes96, Container, type ContainerType, uint64, type ValueOf } from '../../ssz/index.ts';
import { ProgressiveBitlist, ProgressiveContainer, ProgressiveList } from '../../ssz/progressive.ts';
import {
  AttestationData,
  blockTypes,
  ConsolidationRequest,
  Deposit,
  DepositRequest,
  SignedBeaconBlockHeader,
  SignedBLSToExecutionChange,
  SignedVoluntaryExit,
  WithdrawalRequest,
} from './containers.ts';
import type { BlockPreset } from './presets.ts';

export const PayloadAttestationData = /* @__PURE__ */ Container(
  { beaconBlockRoot: Bytes32, slot: uint64, payloadPresent: boolean, blobDataAvailable: boolean },
  { typeName: 'PayloadAttestationData' },
);

function buildGloasBlockTypes(p: BlockPreset) {
  const fulu = blockTypes(p, 'fulu');
  const maxAttesters = p.MAX_VALIDATORS_PER_COMMITTEE * p.MAX_COMMITTEES_PER_SLOT;

  const ExecutionRequests = ProgressiveContainer(
    {
      deposits: ProgressiveList(DepositRequest, p.MAX_DEPOSIT_REQUESTS_PER_PAYLOAD),
      withdrawals: ProgressiveList(WithdrawalRequest, p.MAX_WITHDRAWAL_REQUESTS_PER_PAYLOAD),
      consolidations: ProgressiveList(ConsolidationRequest, p.MAX_CONSOLIDATION_REQUESTS_PER_PAYLOAD),
      builderDeposits: ProgressiveList(
        Container({ pubkey: Bytes48, withdrawalCredentials: Bytes32, amount: uint64, signature: Bytes96 }, { typeName: 'BuilderDepositRequest' }),
        p.MAX_BUILDER_DEPOSIT_REQUESTS_PER_PAYLOAD,
      ),
      builderExits: ProgressiveList(
        Container({ sourceAddress: Bytes20, pubkey: Bytes48 }, { typeName: 'BuilderExitRequest' }),
        p.MAX_BUILDER_EXIT_REQUESTS_PER_PAYLOAD,
      ),
    },
    { typeName: 'ExecutionRequests' },
  );
  const ExecutionPayloadBid = ProgressiveContainer(
    {
      parentBlockHash: Bytes32,
      parentBlockRoot: Bytes32,
      blockHash: Bytes32,
      prevRandao: Bytes32,
      feeRecipient: Bytes20,
      gasLimit: uint64,
      builderIndex: uint64,
      slot: uint64,
      value: uint64,
      executionPayment: uint64,
      blobKzgCommitments: ProgressiveList(Bytes48, p.MAX_BLOB_COMMITMENTS_PER_BLOCK),
      executionRequestsRoot: Bytes32,
    },
    { typeName: 'ExecutionPayloadBid' },
  );
  const SignedExecutionPayloadBid = Container({ message: ExecutionPayloadBid, signature: Bytes96 }, { typeName: 'SignedExecutionPayloadBid' });

  const IndexedAttestation = ProgressiveContainer(
    { attestingIndices: ProgressiveList(uint64, maxAttesters), data: AttestationData, signature: Bytes96 },
    { typeName: 'IndexedAttestation' },
  );
  const Attestation = ProgressiveContainer(
    { aggregationBits: ProgressiveBitlist(maxAttesters), data: AttestationData, signature: Bytes96, committeeBits: Bitvector(p.MAX_COMMITTEES_PER_SLOT) },
    { typeName: 'Attestation' },
  );
  const PayloadAttestation = ProgressiveContainer(
    { aggregationBits: Bitvector(p.PTC_SIZE), data: PayloadAttestationData, signature: Bytes96 },
    { typeName: 'PayloadAttestation' },
  );

  const BeaconBlockBody: ContainerType<any> = ProgressiveContainer(
    {
      randaoReveal: Bytes96,
      eth1Data: fulu.BeaconBlockBody.fields.eth1Data!,
      graffiti: Bytes32,
      proposerSlashings: ProgressiveList(
        Container({ signedHeader1: SignedBeaconBlockHeader, signedHeader2: SignedBeaconBlockHeader }, { typeName: 'ProposerSlashing' }),
        p.MAX_PROPOSER_SLASHINGS,
      ),
      attesterSlashings: ProgressiveList(
        Container({ attestation1: IndexedAttestation, attestation2: IndexedAttestation }, { typeName: 'AttesterSlashing' }),
        p.MAX_ATTESTER_SLASHINGS_ELECTRA,
      ),
      attestations: ProgressiveList(Attestation, p.MAX_ATTESTATIONS_ELECTRA),
      deposits: ProgressiveList(Deposit(p), p.MAX_DEPOSITS),
      voluntaryExits: ProgressiveList(SignedVoluntaryExit, p.MAX_VOLUNTARY_EXITS),
      syncAggregate: fulu.SyncAggregate,
      blsToExecutionChanges: ProgressiveList(SignedBLSToExecutionChange, p.MAX_BLS_TO_EXECUTION_CHANGES),
      signedExecutionPayloadBid: SignedExecutionPayloadBid,
      payloadAttestations: ProgressiveList(PayloadAttestation, p.MAX_PAYLOAD_ATTESTATIONS),
      parentExecutionRequests: ExecutionRequests,
    },
    { typeName: 'BeaconBlockBody' },
  );

  const BeaconBlock = Container(
    { slot: uint64, proposerIndex: uint64, parentRoot: Bytes32, stateRoot: Bytes32, body: BeaconBlockBody },
    { typeName: 'BeaconBlock' },
  );
  return { BeaconBlockBody, BeaconBlock, ExecutionPayloadBid, SignedExecutionPayloadBid, ExecutionRequests, SyncAggregate: fulu.SyncAggregate };
}

export type GloasBlockTypes = ReturnType<typeof buildGloasBlockTypes>;
export type ExecutionPayloadBidValue = ValueOf<GloasBlockTypes['ExecutionPayloadBid']>;

const cache = new Map<string, GloasBlockTypes>();

/** Gloas's block containers for a preset, built once. */
export function gloasBlockTypes(preset: BlockPreset): GloasBlockTypes {
  let types = cache.get(preset.name);
  if (!types) {
    types = buildGloasBlockTypes(preset);
    cache.set(preset.name, types);
  }
  return types;
}
