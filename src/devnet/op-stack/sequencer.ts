/**
 * The devnet OP chain's sequencer signature: a sealed block as op-node gossips it from Isthmus on
 * (topic v4; ethereum-optimism/specs protocol/rollup-node-p2p.md "Block signatures" and "blocksv4"):
 * the parent beacon block root, then the SSZ execution payload (Deneb's fields and the message
 * passer's `withdrawalsRoot`), signed by the unsafe-block signer over
 * keccak256(0^32 ‖ uint256(chainId) ‖ keccak256(pbbr ‖ payload)). Encoded with @chainsafe/ssz and
 * signed with viem, apart from Vigil's own reading of it (src/l2/op-stack/gossip), which checks it.
 * @module
 */
import { ByteListType, ByteVectorType, ContainerType, ListCompositeType, UintBigintType } from '@chainsafe/ssz';
import { concatHex, hexToBytes, keccak256, numberToHex, padHex, toHex, type Hex } from 'viem';
import { sign } from 'viem/accounts';
import type { L2HeaderFields } from './l2-header.ts';

const Bytes32 = new ByteVectorType(32);
const Uint64 = new UintBigintType(8);
/** Deneb's ExecutionPayload with OP's withdrawalsRoot after it: what a v4 message carries. */
const PayloadV4 = new ContainerType(
  {
    parentHash: Bytes32,
    feeRecipient: new ByteVectorType(20),
    stateRoot: Bytes32,
    receiptsRoot: Bytes32,
    logsBloom: new ByteVectorType(256),
    prevRandao: Bytes32,
    blockNumber: Uint64,
    gasLimit: Uint64,
    gasUsed: Uint64,
    timestamp: Uint64,
    extraData: new ByteListType(32),
    baseFeePerGas: new UintBigintType(32),
    blockHash: Bytes32,
    transactions: new ListCompositeType(new ByteListType(1 << 30), 1 << 20),
    withdrawals: new ListCompositeType(new ContainerType({ index: Uint64, validatorIndex: Uint64, address: new ByteVectorType(20), amount: Uint64 }), 16),
    blobGasUsed: Uint64,
    excessBlobGas: Uint64,
    withdrawalsRoot: Bytes32,
  },
  { typeName: 'OpExecutionPayloadV4' },
);

/** A block as the sequencer has sealed it: its header's fields, its hash and its transactions (EIP-2718 bytes). */
export interface SealedL2Block {
  header: L2HeaderFields;
  hash: Hex;
  transactions: readonly Hex[];
}

/** What a relay serves (Helios's `SequencerCommitment`): the signed bytes and the signature. */
export interface SignedL2Block {
  /** pbbr ‖ SSZ payload: what is signed. */
  data: Hex;
  signature: { r: Hex; s: Hex; yParity: 0 | 1 };
  number: bigint;
  hash: Hex;
}

/** The v4 message's signed part: the parent beacon block root, then the payload. */
export function gossipPayloadV4(block: SealedL2Block): Hex {
  const h = block.header;
  const payload = PayloadV4.serialize({
    parentHash: hexToBytes(h.parentHash),
    feeRecipient: hexToBytes(h.feeRecipient),
    stateRoot: hexToBytes(h.stateRoot),
    receiptsRoot: hexToBytes(h.receiptsRoot),
    logsBloom: hexToBytes(h.logsBloom),
    prevRandao: hexToBytes(h.prevRandao),
    blockNumber: h.number,
    gasLimit: h.gasLimit,
    gasUsed: h.gasUsed,
    timestamp: h.timestamp,
    extraData: hexToBytes(h.extraData),
    baseFeePerGas: h.baseFee,
    blockHash: hexToBytes(block.hash),
    transactions: block.transactions.map((t) => hexToBytes(t)),
    withdrawals: [],
    blobGasUsed: h.blobGasUsed,
    excessBlobGas: 0n,
    withdrawalsRoot: hexToBytes(h.messagePasserStorageRoot),
  });
  return concatHex([h.parentBeaconBlockRoot, toHex(payload)]);
}

/** op-node's BlockSigningHash: domain 0 (block signatures), the chain id, the signed bytes' hash. */
export function blockSigningHash(chainId: bigint, data: Hex): Hex {
  return keccak256(concatHex([padHex('0x0', { size: 32 }), padHex(numberToHex(chainId), { size: 32 }), keccak256(data)]));
}

/** The sequencer's signature over the block for `chainId`, with `privateKey` (the unsafe-block signer's). */
export async function signL2Block(chainId: bigint, privateKey: Hex, block: SealedL2Block): Promise<SignedL2Block> {
  const data = gossipPayloadV4(block);
  const signature = await sign({ hash: blockSigningHash(chainId, data), privateKey });
  return {
    data,
    signature: { r: signature.r, s: signature.s, yParity: signature.yParity === 1 ? 1 : 0 },
    number: block.header.number,
    hash: block.hash,
  };
}

/** The gossip message before snappy: r ‖ s ‖ y_parity ‖ the signed bytes (65 bytes of signature). */
export function gossipMessage(signed: SignedL2Block): Hex {
  return concatHex([padHex(signed.signature.r, { size: 32 }), padHex(signed.signature.s, { size: 32 }), signed.signature.yParity === 1 ? '0x01' : '0x00', signed.data]);
}
