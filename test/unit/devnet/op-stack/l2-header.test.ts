/**
 * The devnet OP chain's header (src/devnet/op-stack/l2-header.ts) held to Vigil's reading of OP
 * headers, written apart: Jovian's extraData decoded by Vigil, the next base fee against Vigil's
 * calcBaseFee over generated parents, and a sealed header's hash recomputed by Vigil from the
 * execution payload a sequencer would gossip (v4: the message passer's storage root, the parent
 * beacon block root, no requests).
 */
import { Trie } from '@ethereumjs/trie';
import fc from 'fast-check';
import { keccak256, stringToBytes, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { l1InfoDeposit, encodeDeposit } from '../../../../src/devnet/op-stack/deposits.ts';
import { PREDEPLOYS } from '../../../../src/devnet/op-stack/genesis-l2.ts';
import { DEVNET_OP_EIP1559, jovianExtraData, nextL2BaseFee, sealL2Header } from '../../../../src/devnet/op-stack/l2-header.ts';
import { calcBaseFee, decodeJovianExtraData } from '../../../../src/l2/op-stack/fees/base-fee.ts';
import { checkBlockHash, type ExecutionPayload } from '../../../../src/l2/op-stack/gossip/payload.ts';

const word = (label: string) => keccak256(stringToBytes(label));

describe('the devnet OP chain\'s header, against Vigil\'s reading', () => {
  it('Jovian extraData: 17 bytes Vigil decodes to the parameters', () => {
    expect(jovianExtraData(DEVNET_OP_EIP1559)).toBe('0x01000000fa000000060000000000000000');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0xffffffff }), fc.integer({ min: 1, max: 0xffffffff }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (denominator, elasticity, minBaseFee) => {
        expect(decodeJovianExtraData(hexToBytes(jovianExtraData({ denominator, elasticity, minBaseFee })))).toEqual({ denominator: BigInt(denominator), elasticity: BigInt(elasticity), minBaseFee });
      }),
    );
  });

  it('the next base fee is Vigil\'s calcBaseFee for any Jovian parent (gas or DA footprint metered, the minimum applied)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 64 }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 64n, max: 60_000_000n }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1.2, noNaN: true }),
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        (denominator, elasticity, minBaseFee, gasLimit, usedShare, daShare, baseFee) => {
          const gasUsed = BigInt(Math.floor(Number(gasLimit) * usedShare));
          const daFootprint = BigInt(Math.floor(Number(gasLimit) * daShare));
          const p = { denominator, elasticity, minBaseFee };
          const vigil = calcBaseFee({ gasLimit, gasUsed, baseFeePerGas: baseFee, extraData: hexToBytes(jovianExtraData(p)), blobGasUsed: daFootprint }, { fork: 'jovian' });
          expect(nextL2BaseFee({ gasLimit, gasUsed, daFootprint, baseFee }, p)).toBe(vigil);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a sealed Jovian header hashes to what Vigil recomputes from the v4 payload of its block', async () => {
    const deposit = l1InfoDeposit('jovian', { number: 77n, timestamp: 1_760_000_000n, baseFee: 9n, blobBaseFee: 1n, hash: word('l1 origin'), batcherHash: word('batcher'), baseFeeScalar: 1368, blobBaseFeeScalar: 810949, operatorFeeScalar: 0, operatorFeeConstant: 0n, daFootprintGasScalar: 0 }, 0n);
    const transactions = [encodeDeposit(deposit)];
    // The transactions trie by @ethereumjs/trie: keys rlp(index).
    const trie = new Trie();
    await trie.put(hexToBytes('0x80'), hexToBytes(transactions[0]!));
    const fields = {
      parentHash: word('parent'),
      feeRecipient: PREDEPLOYS.SequencerFeeVault,
      stateRoot: word('state'),
      transactionsRoot: bytesToHex(trie.root()) as Hex,
      receiptsRoot: word('receipts'),
      logsBloom: `0x${'00'.repeat(256)}` as Hex,
      prevRandao: word('randao'),
      number: 12n,
      gasLimit: 30_000_000n,
      gasUsed: 43_887n,
      timestamp: 1_760_000_002n,
      extraData: jovianExtraData(DEVNET_OP_EIP1559),
      baseFee: 1_000_000_000n,
      messagePasserStorageRoot: word('passer'),
      blobGasUsed: 0n,
      parentBeaconBlockRoot: word('beacon'),
    };
    const { hash } = sealL2Header(fields);
    const payload: ExecutionPayload = {
      parentHash: hexToBytes(fields.parentHash),
      feeRecipient: hexToBytes(fields.feeRecipient),
      stateRoot: hexToBytes(fields.stateRoot),
      receiptsRoot: hexToBytes(fields.receiptsRoot),
      logsBloom: hexToBytes(fields.logsBloom),
      prevRandao: hexToBytes(fields.prevRandao),
      blockNumber: fields.number,
      gasLimit: fields.gasLimit,
      gasUsed: fields.gasUsed,
      timestamp: fields.timestamp,
      extraData: hexToBytes(fields.extraData),
      baseFeePerGas: fields.baseFee,
      blockHash: hexToBytes(hash),
      transactions: transactions.map((t) => hexToBytes(t)),
      withdrawals: [],
      blobGasUsed: fields.blobGasUsed,
      excessBlobGas: 0n,
      withdrawalsRoot: hexToBytes(fields.messagePasserStorageRoot),
    };
    expect(bytesToHex(checkBlockHash(payload, 4, hexToBytes(fields.parentBeaconBlockRoot)).hash)).toBe(hash);
    // A field changed on either side no longer agrees.
    expect(() => checkBlockHash({ ...payload, gasUsed: payload.gasUsed + 1n }, 4, hexToBytes(fields.parentBeaconBlockRoot))).toThrow(expect.objectContaining({ code: 'OP_GOSSIP_BLOCK_HASH_MISMATCH' }));
    expect(sealL2Header({ ...fields, blobGasUsed: 1n }).hash).not.toBe(hash);
  });
});
