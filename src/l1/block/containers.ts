/**
 * A beacon block's containers in the spec's shapes per fork and preset, Deneb through Fulu:
 * BeaconBlockBody (Deneb 12 fields, Electra/Fulu 13), ExecutionPayload, BeaconBlock, and the
 * operations they hold. The blob tie hashes a block served by a Beacon API with them
 * (hash_tree_root(block) against a proven root) and the devnet builds its blocks from them;
 * Gloas's are in ./gloas.ts. consensus-specs v1.6 phase0…fulu/beacon-chain.md, "Containers".
 * @module
 */
import {
  Bitlist,
  Bitvector,
  ByteList,
  ByteVector,
  Bytes20,
  Bytes32,
  Bytes48,
  Bytes96,
  Container,
  type ContainerType,
  List,
  uint256,
  uint64,
  Vector,
} from '../../ssz/index.ts';
import { SignedBeaconBlockHeader } from '../blobs/containers.ts';
import { lightClientTypes } from '../containers.ts';
import type { BlockPreset } from './presets.ts';

export { SignedBeaconBlockHeader };

/** Forks whose block carries its execution payload and blob commitments in the body. */
export type PayloadFork = 'deneb' | 'electra' | 'fulu';

export const Checkpoint = /* @__PURE__ */ Container({ epoch: uint64, root: Bytes32 }, { typeName: 'Checkpoint' });
export const Eth1Data = /* @__PURE__ */ Container(
  { depositRoot: Bytes32, depositCount: uint64, blockHash: Bytes32 },
  { typeName: 'Eth1Data' },
);
export const Withdrawal = /* @__PURE__ */ Container(
  { index: uint64, validatorIndex: uint64, address: Bytes20, amount: uint64 },
  { typeName: 'Withdrawal' },
);
export const AttestationData = /* @__PURE__ */ Container(
  { slot: uint64, index: uint64, beaconBlockRoot: Bytes32, source: Checkpoint, target: Checkpoint },
  { typeName: 'AttestationData' },
);
export const Deposit = (p: BlockPreset) =>
  Container(
    {
      proof: Vector(Bytes32, p.DEPOSIT_CONTRACT_TREE_DEPTH + 1),
      data: Container(
        { pubkey: Bytes48, withdrawalCredentials: Bytes32, amount: uint64, signature: Bytes96 },
        { typeName: 'DepositData' },
      ),
    },
    { typeName: 'Deposit' },
  );
export const SignedVoluntaryExit = /* @__PURE__ */ Container(
  { message: Container({ epoch: uint64, validatorIndex: uint64 }, { typeName: 'VoluntaryExit' }), signature: Bytes96 },
  { typeName: 'SignedVoluntaryExit' },
);
export const SignedBLSToExecutionChange = /* @__PURE__ */ Container(
  {
    message: Container(
      { validatorIndex: uint64, fromBlsPubkey: Bytes48, toExecutionAddress: Bytes20 },
      { typeName: 'BLSToExecutionChange' },
    ),
    signature: Bytes96,
  },
  { typeName: 'SignedBLSToExecutionChange' },
);

export const DepositRequest = /* @__PURE__ */ Container(
  { pubkey: Bytes48, withdrawalCredentials: Bytes32, amount: uint64, signature: Bytes96, index: uint64 },
  { typeName: 'DepositRequest' },
);
export const WithdrawalRequest = /* @__PURE__ */ Container(
  { sourceAddress: Bytes20, validatorPubkey: Bytes48, amount: uint64 },
  { typeName: 'WithdrawalRequest' },
);
export const ConsolidationRequest = /* @__PURE__ */ Container(
  { sourceAddress: Bytes20, sourcePubkey: Bytes48, targetPubkey: Bytes48 },
  { typeName: 'ConsolidationRequest' },
);

/** Electra widened attestations to every committee of a slot (EIP-7549). */
function attestationTypes(p: BlockPreset, electra: boolean) {
  const maxIndices = electra ? p.MAX_VALIDATORS_PER_COMMITTEE * p.MAX_COMMITTEES_PER_SLOT : p.MAX_VALIDATORS_PER_COMMITTEE;
  const IndexedAttestation = Container(
    { attestingIndices: List(uint64, maxIndices), data: AttestationData, signature: Bytes96 },
    { typeName: 'IndexedAttestation' },
  );
  const AttesterSlashing = Container(
    { attestation1: IndexedAttestation, attestation2: IndexedAttestation },
    { typeName: 'AttesterSlashing' },
  );
  const Attestation = electra
    ? Container(
        {
          aggregationBits: Bitlist(maxIndices),
          data: AttestationData,
          signature: Bytes96,
          committeeBits: Bitvector(p.MAX_COMMITTEES_PER_SLOT),
        },
        { typeName: 'Attestation' },
      )
    : Container({ aggregationBits: Bitlist(maxIndices), data: AttestationData, signature: Bytes96 }, { typeName: 'Attestation' });
  return { AttesterSlashing, Attestation };
}

/** ExecutionPayload (Deneb; Electra and Fulu keep it). Its root equals its header's. */
export function executionPayloadType(p: BlockPreset) {
  return Container(
    {
      parentHash: Bytes32,
      feeRecipient: Bytes20,
      stateRoot: Bytes32,
      receiptsRoot: Bytes32,
      logsBloom: ByteVector(p.BYTES_PER_LOGS_BLOOM),
      prevRandao: Bytes32,
      blockNumber: uint64,
      gasLimit: uint64,
      gasUsed: uint64,
      timestamp: uint64,
      extraData: ByteList(p.MAX_EXTRA_DATA_BYTES),
      baseFeePerGas: uint256,
      blockHash: Bytes32,
      transactions: List(ByteList(p.MAX_BYTES_PER_TRANSACTION), p.MAX_TRANSACTIONS_PER_PAYLOAD),
      withdrawals: List(Withdrawal, p.MAX_WITHDRAWALS_PER_PAYLOAD),
      blobGasUsed: uint64,
      excessBlobGas: uint64,
    },
    { typeName: 'ExecutionPayload' },
  );
}

function buildTypes(p: BlockPreset, fork: PayloadFork) {
  const electra = fork !== 'deneb';
  const { AttesterSlashing, Attestation } = attestationTypes(p, electra);
  const ExecutionPayload = executionPayloadType(p);
  const { SyncAggregate } = lightClientTypes(p);

  const ExecutionRequests = Container(
    {
      deposits: List(DepositRequest, p.MAX_DEPOSIT_REQUESTS_PER_PAYLOAD),
      withdrawals: List(WithdrawalRequest, p.MAX_WITHDRAWAL_REQUESTS_PER_PAYLOAD),
      consolidations: List(ConsolidationRequest, p.MAX_CONSOLIDATION_REQUESTS_PER_PAYLOAD),
    },
    { typeName: 'ExecutionRequests' },
  );

  const bodyFields = {
    randaoReveal: Bytes96,
    eth1Data: Eth1Data,
    graffiti: Bytes32,
    proposerSlashings: List(
      Container({ signedHeader1: SignedBeaconBlockHeader, signedHeader2: SignedBeaconBlockHeader }, { typeName: 'ProposerSlashing' }),
      p.MAX_PROPOSER_SLASHINGS,
    ),
    attesterSlashings: List(AttesterSlashing, electra ? p.MAX_ATTESTER_SLASHINGS_ELECTRA : p.MAX_ATTESTER_SLASHINGS),
    attestations: List(Attestation, electra ? p.MAX_ATTESTATIONS_ELECTRA : p.MAX_ATTESTATIONS),
    deposits: List(Deposit(p), p.MAX_DEPOSITS),
    voluntaryExits: List(SignedVoluntaryExit, p.MAX_VOLUNTARY_EXITS),
    syncAggregate: SyncAggregate,
    executionPayload: ExecutionPayload,
    blsToExecutionChanges: List(SignedBLSToExecutionChange, p.MAX_BLS_TO_EXECUTION_CHANGES),
    blobKzgCommitments: List(Bytes48, p.MAX_BLOB_COMMITMENTS_PER_BLOCK),
  };
  const BeaconBlockBody: ContainerType<any> = electra
    ? Container({ ...bodyFields, executionRequests: ExecutionRequests }, { typeName: 'BeaconBlockBody' })
    : Container(bodyFields, { typeName: 'BeaconBlockBody' });
  const BeaconBlock = Container(
    { slot: uint64, proposerIndex: uint64, parentRoot: Bytes32, stateRoot: Bytes32, body: BeaconBlockBody },
    { typeName: 'BeaconBlock' },
  );
  return { BeaconBlockBody, BeaconBlock, ExecutionPayload, ExecutionRequests, SyncAggregate };
}

export type BlockTypes = ReturnType<typeof buildTypes>;

const cache = new Map<string, BlockTypes>();

/** The block containers of a fork and preset, built once. */
export function blockTypes(preset: BlockPreset, fork: PayloadFork): BlockTypes {
  const key = `${preset.name}/${fork}`;
  let types = cache.get(key);
  if (!types) {
    types = buildTypes(preset, fork);
    cache.set(key, types);
  }
  return types;
}
