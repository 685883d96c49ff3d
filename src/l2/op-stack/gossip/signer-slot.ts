/**
 * Where an OP Stack chain's unsafe-block signer sits on L1: the SystemConfig's
 * UNSAFE_BLOCK_SIGNER_SLOT = keccak256("systemconfig.unsafeblocksigner") (no −1, unlike the
 * EIP-1967 slots), written by `Storage.setAddress` so the address is the word's low 20 bytes
 * (ethereum-optimism/optimism packages/contracts-bedrock src/L1/SystemConfig.sol@d317e96c line 62;
 * specs system-config.md; ConfigUpdate type 3 announces a change). The signer is read from storage
 * proven at a verified L1 head, as the batcher is (src/l2/data/op-batcher.ts): never pinned, since
 * it rotates (superchain-ops sep/114 moves OP Sepolia's).
 * @module
 */
import { VerificationError } from '../../../core/errors.ts';
import type { L1AccountRequest, ProvenL1Storage } from '../../adapter.ts';
import { addressOfWord, provenSlot } from '../../slots.ts';

/** keccak256("systemconfig.unsafeblocksigner"). */
export const UNSAFE_BLOCK_SIGNER_SLOT = '0x65a7ed542fb37fe237fdfbdd70b31598523fe5b32879e307bae27a0bd9581c08';

/**
 * The L1 account and slot to prove for the signer of the chain whose SystemConfig is `systemConfig`.
 * @example rpc.getProof(req.address, req.slots.map(storageKey), l1Head)
 */
export function unsafeBlockSignerRequest(systemConfig: string): L1AccountRequest {
  return { address: systemConfig.toLowerCase(), slots: [{ storageKey: UNSAFE_BLOCK_SIGNER_SLOT }] };
}

/**
 * The signer in a proven word of the slot (lower-case 0x-hex). A word with any of its high 12 bytes
 * set is no address `setAddress` wrote, and zero names no signer (op-node then ignores every block):
 * both are refused.
 * @throws VerificationError OP_UNSAFE_SIGNER_INVALID
 * @example unsafeBlockSignerOfWord(0xaaaa45d9549eda09e70937013520214382ffc4a2n) // '0xaaaa45d9…c4a2'
 */
export function unsafeBlockSignerOfWord(word: bigint): string {
  if (word < 0n || word >> 160n !== 0n) {
    throw new VerificationError('OP_UNSAFE_SIGNER_INVALID', "the SystemConfig's unsafe-block-signer slot does not hold an address", {
      expected: 'a word whose high 12 bytes are zero',
      got: '0x' + word.toString(16).padStart(64, '0'),
    });
  }
  if (word === 0n) throw new VerificationError('OP_UNSAFE_SIGNER_INVALID', "the SystemConfig's unsafe-block-signer slot is zero: the chain names no signer");
  return addressOfWord(word);
}

/**
 * The signer from `systemConfig`'s storage proven at an L1 head.
 * @throws VerificationError L2_STORAGE_NOT_PROVEN (the slot was not proven), OP_UNSAFE_SIGNER_INVALID
 */
export function provenUnsafeBlockSigner(proven: ProvenL1Storage, systemConfig: string): string {
  return unsafeBlockSignerOfWord(provenSlot(proven, systemConfig, { storageKey: UNSAFE_BLOCK_SIGNER_SLOT }, `the SystemConfig ${systemConfig}`));
}
