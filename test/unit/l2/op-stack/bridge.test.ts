/**
 * The OP Stack bridge as the forced exit speaks it (src/l2/op-stack/bridge.ts), on real OP Mainnet
 * data (viem's recorded withdrawals, output-root preimage and sentMessages proof, a deposit's L2
 * hash: test/fixtures/op-stack/NOTICE.md) and against viem: selectors, hashes, storage keys, the
 * calldata of each send, and the checks proveWithdrawalTransaction makes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeFunctionData, encodePacked, getAddress, parseAbi } from 'viem';
import { getL2TransactionHash, getSourceHash, getWithdrawalHashStorageSlot } from 'viem/op-stack';
import { decodeAbi, encodeAbi, eventTopic, functionSelector } from '../../../../src/execution/abi.ts';
import { bigIntToBytesPadded, bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import {
  checkWithdrawalProof,
  depositL2TransactionHash,
  depositSourceHash,
  encodeFinalizeWithdrawal,
  encodeForcedWithdrawal,
  encodeProveWithdrawal,
  FORCED_DEPOSIT_GAS_LIMIT,
  L2_TO_L1_MESSAGE_PASSER,
  type OutputRootProof,
  sentMessagesKey,
  WITHDRAWAL_MIN_GAS_LIMIT,
  type WithdrawalTransaction,
  withdrawalHash,
} from '../../../../src/l2/op-stack/bridge.ts';
import { outputRoot } from '../../../../src/l2/op-stack/follow.ts';
import { errorCode, fixture } from '../../proofs/helpers.ts';

const OWNER = '0x' + 'ab'.repeat(20);
const MP = L2_TO_L1_MESSAGE_PASSER;

const real = fixture('op-stack/viem-op-mainnet-withdrawals.json');
const realTx = fixture('op-stack/viem-op-withdrawal-transactions.json');
const txOf = (w: any): WithdrawalTransaction => ({ nonce: BigInt(w.nonce), sender: w.sender, target: w.target, value: BigInt(w.value), gasLimit: BigInt(w.gasLimit), data: w.data });

const PORTAL_ABI = parseAbi([
  'function depositTransaction(address _to, uint256 _value, uint64 _gasLimit, bool _isCreation, bytes _data) payable',
  'function proveWithdrawalTransaction((uint256 nonce, address sender, address target, uint256 value, uint256 gasLimit, bytes data) _tx, uint256 _disputeGameIndex, (bytes32 version, bytes32 stateRoot, bytes32 messagePasserStorageRoot, bytes32 latestBlockhash) _outputRootProof, bytes[] _withdrawalProof)',
  'function finalizeWithdrawalTransaction((uint256 nonce, address sender, address target, uint256 value, uint256 gasLimit, bytes data) _tx)',
]);
const PASSER_ABI = parseAbi(['function initiateWithdrawal(address _target, uint256 _gasLimit, bytes _data) payable']);
const viemTx = (tx: WithdrawalTransaction) => ({ ...tx, sender: getAddress(tx.sender), target: getAddress(tx.target), data: tx.data as `0x${string}` });

// -------------------------------------------------------------------------------------------
// Encodings and checks, against real data and viem

describe('op-stack exit: encodings against viem and real OP Mainnet data', () => {
  it('selectors are the ones research §1.8 lists', () => {
    expect(functionSelector('depositTransaction(address,uint256,uint64,bool,bytes)')).toBe('0xe9e05c42');
    expect(functionSelector('initiateWithdrawal(address,uint256,bytes)')).toBe('0xc2b3e5ac');
    expect(functionSelector('proveWithdrawalTransaction((uint256,address,address,uint256,uint256,bytes),uint256,(bytes32,bytes32,bytes32,bytes32),bytes[])')).toBe('0x4870496f');
    expect(functionSelector('finalizeWithdrawalTransaction((uint256,address,address,uint256,uint256,bytes))')).toBe('0x8c3152e9');
  });

  it('the real withdrawals hash to their recorded hashes (Hashing.hashWithdrawal); a one-byte change does not', () => {
    for (const w of Object.values<any>(realTx.withdrawals)) {
      const tx = txOf(w);
      expect(withdrawalHash(tx)).toBe(w.withdrawalHash);
      expect(withdrawalHash({ ...tx, nonce: tx.nonce ^ 1n })).not.toBe(w.withdrawalHash);
      expect(withdrawalHash({ ...tx, value: tx.value + 1n })).not.toBe(w.withdrawalHash);
    }
  });

  it('sentMessages[hash] is at keccak256(hash ‖ pad32(0)) (viem getWithdrawalHashStorageSlot)', () => {
    for (const w of Object.values<any>(realTx.withdrawals)) expect(sentMessagesKey(w.withdrawalHash)).toBe(getWithdrawalHashStorageSlot({ withdrawalHash: w.withdrawalHash }));
  });

  it("a real deposit's source hash and L2 transaction hash (viem's recorded vectors)", () => {
    expect(bytesToHex(depositSourceHash(realTx.sourceHash.l1BlockHash, BigInt(realTx.sourceHash.l1LogIndex)))).toBe(realTx.sourceHash.sourceHash);
    const d = realTx.deposit;
    const log = { topics: [eventTopic('TransactionDeposited(address,address,uint256,bytes)'), pad(d.from), pad(d.to), pad('0x0')], data: bytesToHex(encodeAbi(['bytes'], [d.opaqueData])) };
    expect(depositL2TransactionHash(log, d.blockHash, BigInt(d.logIndex))).toBe(d.l2TransactionHash);
    expect(depositL2TransactionHash(log, d.blockHash, BigInt(d.logIndex) + 1n)).not.toBe(d.l2TransactionHash);
  });

  it('deposit L2 hashes equal viem getL2TransactionHash on random deposits', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.nat(5000), fc.bigInt(0n, 2n ** 128n), fc.bigInt(0n, 2n ** 64n - 1n), fc.boolean(), fc.uint8Array({ maxLength: 80 }), (bh, logIndex, value, gas, creation, data) => {
        const opaque = encodePacked(['uint256', 'uint256', 'uint64', 'bool', 'bytes'], [7n, value, gas, creation, bytesToHex(data) as `0x${string}`]);
        const from = '0x' + '11'.repeat(20);
        const to = creation ? '0x' + '00'.repeat(20) : MP;
        const log = { topics: [eventTopic('TransactionDeposited(address,address,uint256,bytes)'), pad(from), pad(to), pad('0x0')], data: bytesToHex(encodeAbi(['bytes'], [opaque])) };
        const viemLog = { args: { from: getAddress(from), to: getAddress(to), version: 0n, opaqueData: opaque }, blockHash: bytesToHex(bh), logIndex, eventName: 'TransactionDeposited' };
        expect(depositL2TransactionHash(log, bytesToHex(bh), BigInt(logIndex))).toBe(getL2TransactionHash({ log: viemLog as any }));
        expect(bytesToHex(depositSourceHash(bytesToHex(bh), BigInt(logIndex)))).toBe(getSourceHash({ domain: 'userDeposit', l1BlockHash: bytesToHex(bh) as `0x${string}`, l1LogIndex: logIndex }));
      }),
      { numRuns: 50 },
    );
  });

  it('the calldata of each send equals viem encodeFunctionData and decodes back (random amounts and withdrawals)', () => {
    const inner = encodeFunctionData({ abi: PASSER_ABI, functionName: 'initiateWithdrawal', args: [getAddress(OWNER), WITHDRAWAL_MIN_GAS_LIMIT, '0x'] });
    fc.assert(
      fc.property(fc.bigInt(1n, 2n ** 256n - 1n), fc.bigInt(0n, 2n ** 256n - 1n), fc.nat(1_000_000), fc.array(fc.uint8Array({ maxLength: 600 }), { maxLength: 6 }), (amount, nonce, index, nodes) => {
        const force = encodeForcedWithdrawal(OWNER, amount);
        expect(force).toBe(encodeFunctionData({ abi: PORTAL_ABI, functionName: 'depositTransaction', args: [getAddress(MP), amount, FORCED_DEPOSIT_GAS_LIMIT, false, inner] }));
        expect(decodeAbi(['address', 'uint256', 'uint64', 'bool', 'bytes'], hexToBytes(force).subarray(4))).toEqual([MP, amount, FORCED_DEPOSIT_GAS_LIMIT, false, inner]);
        const tx: WithdrawalTransaction = { nonce, sender: OWNER, target: OWNER, value: amount, gasLimit: WITHDRAWAL_MIN_GAS_LIMIT, data: '0x' };
        const proof: OutputRootProof = { version: word(0), stateRoot: word(1), messagePasserStorageRoot: word(2), latestBlockhash: word(3) };
        const hexNodes = nodes.map(bytesToHex);
        const data = encodeProveWithdrawal(tx, BigInt(index), proof, hexNodes);
        expect(data).toBe(
          encodeFunctionData({ abi: PORTAL_ABI, functionName: 'proveWithdrawalTransaction', args: [viemTx(tx), BigInt(index), proof as any, hexNodes as `0x${string}`[]] }),
        );
        expect(decodeAbi(['(uint256,address,address,uint256,uint256,bytes)', 'uint256', '(bytes32,bytes32,bytes32,bytes32)', 'bytes[]'], hexToBytes(data).subarray(4))).toEqual([
          [nonce, OWNER, OWNER, amount, WITHDRAWAL_MIN_GAS_LIMIT, '0x'],
          BigInt(index),
          [proof.version, proof.stateRoot, proof.messagePasserStorageRoot, proof.latestBlockhash],
          hexNodes,
        ]);
        expect(encodeFinalizeWithdrawal(tx)).toBe(encodeFunctionData({ abi: PORTAL_ABI, functionName: 'finalizeWithdrawalTransaction', args: [viemTx(tx)] }));
      }),
      { numRuns: 40 },
    );
  });

  it('the real game-6137 withdrawal: its prove calldata is what viem builds from the same recorded values', () => {
    const g = real.faultProofGame6137;
    const tx = txOf(realTx.withdrawals.faultProofGame6137);
    expect(encodeProveWithdrawal(tx, 6137n, g.outputRootProof, g.withdrawalProof)).toBe(
      encodeFunctionData({ abi: PORTAL_ABI, functionName: 'proveWithdrawalTransaction', args: [viemTx(tx), 6137n, g.outputRootProof, g.withdrawalProof] }),
    );
  });
});

describe('op-stack exit: the prove-step checks on real OP Mainnet data', () => {
  for (const name of ['faultProofGame6137', 'l2OutputOracle4529']) {
    const g = real[name];
    const tx = txOf(realTx.withdrawals[name]);
    const claim = outputRoot(hexToBytes(g.outputRootProof.stateRoot), hexToBytes(g.outputRootProof.messagePasserStorageRoot), hexToBytes(g.outputRootProof.latestBlockhash));

    it(`${name}: the recorded preimage, withdrawal and proof are accepted`, () => {
      if (name === 'l2OutputOracle4529') expect(bytesToHex(claim)).toBe(g.outputRoot); // the root L1 held
      expect(() => checkWithdrawalProof(claim, g.outputRootProof, withdrawalHash(tx), g.withdrawalProof)).not.toThrow();
    });

    it(`${name}: any one-byte change of the preimage, the root claim, the withdrawal or a proof node is refused`, () => {
      const fields = ['version', 'stateRoot', 'messagePasserStorageRoot', 'latestBlockhash'] as const;
      fc.assert(
        fc.property(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.integer({ min: 0, max: 7 }), (a, b, x, what) => {
          let proof = { ...g.outputRootProof };
          let nodes: string[] = [...g.withdrawalProof];
          let rootClaim = claim;
          let t = { ...tx };
          if (what < 4) {
            const f = fields[what]!;
            proof = { ...proof, [f]: flip(proof[f], a % 32, x) };
          } else if (what === 4) {
            const i = a % nodes.length;
            const bytes = hexToBytes(nodes[i]!);
            nodes[i] = flip(nodes[i]!, b % bytes.length, x);
          } else if (what === 5) {
            rootClaim = hexToBytes(flip(bytesToHex(claim), a % 32, x));
          } else if (what === 6) {
            t = { ...t, nonce: t.nonce ^ BigInt(x) };
          } else {
            t = { ...t, sender: flip(t.sender, a % 20, x) };
          }
          const got = errorCode(() => checkWithdrawalProof(rootClaim, proof, withdrawalHash(t), nodes));
          expect(got).toBeDefined();
        }),
        { numRuns: 300 },
      );
    });
  }
});

const pad = (a: string) => bytesToHex(bigIntToBytesPadded(BigInt(a), 32));
const word = (n: number) => bytesToHex(bigIntToBytesPadded(BigInt(n) + 0x1000n, 32));
function flip(hex: string, at: number, x: number): string {
  const b = hexToBytes(hex).slice();
  b[at]! ^= x;
  return bytesToHex(b);
}
