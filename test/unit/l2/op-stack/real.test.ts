/**
 * OP Mainnet data recorded by viem's tests (test/fixtures/op-stack/NOTICE.md): the output-root
 * formula against an output root L1 held (L2OutputOracle index 4529), and withdrawal storage
 * proofs against the message passer storage roots of two output-root preimages (one of them the
 * preimage of dispute game 6137's claim).
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from '../../../../src/core/bytes.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { outputRoot } from '../../../../src/l2/op-stack/follow.ts';
import { verifyStorageProof } from '../../../../src/proofs/account.ts';
import { errorCode, fixture } from '../../proofs/helpers.ts';

const data = fixture('op-stack/viem-op-mainnet-withdrawals.json');
const h = (x: string) => hexToBytes(x);
const preimage = (p: any) => [h(p.stateRoot), h(p.messagePasserStorageRoot), h(p.latestBlockhash)] as const;
/** `sentMessages[withdrawalHash]` of L2ToL1MessagePasser (slot 0): keccak256(hash ‖ pad32(0)). */
const sentMessagesKey = (hash: string) => keccak256(concatBytes(h(hash), new Uint8Array(32)));

describe('OP Stack output roots (real OP Mainnet data)', () => {
  it('keccak256(0 ‖ stateRoot ‖ messagePasserStorageRoot ‖ blockHash) is the output root L1 holds', () => {
    const legacy = data.l2OutputOracle4529;
    expect(legacy.outputRootProof.version).toBe('0x' + '00'.repeat(32));
    expect(bytesToHex(outputRoot(...preimage(legacy.outputRootProof)))).toBe(legacy.outputRoot);
  });

  it('one byte changed in the state root, the storage root or the block hash changes it', () => {
    const legacy = data.l2OutputOracle4529;
    for (let i = 0; i < 3; i++) {
      const parts = preimage(legacy.outputRootProof).map((p) => p.slice());
      parts[i]![7]! ^= 1;
      expect(bytesToHex(outputRoot(parts[0]!, parts[1]!, parts[2]!))).not.toBe(legacy.outputRoot);
    }
  });

  it.each(['l2OutputOracle4529', 'faultProofGame6137'])('%s: the withdrawal is in sentMessages under the message passer storage root', (name) => {
    const entry = data[name];
    const proof = entry.withdrawalProof.map(h);
    const root = h(entry.outputRootProof.messagePasserStorageRoot);
    expect(verifyStorageProof(root, sentMessagesKey(entry.withdrawalHash), proof)).toBe(1n);
    const other = root.slice();
    other[0]! ^= 1;
    expect(errorCode(() => verifyStorageProof(other, sentMessagesKey(entry.withdrawalHash), proof))).toBe('PROOF_ROOT_MISMATCH');
  });
});
