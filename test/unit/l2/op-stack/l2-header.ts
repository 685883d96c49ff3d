/** An OP Stack L2 header after Isthmus, and the output root it gives: shared by the OP Stack and OP Succinct tests. */
import { bigIntToBytesPadded, hexToBytes } from '../../../../src/core/bytes.ts';
import { type BlockHeader, headerHash } from '../../../../src/execution/header.ts';
import { outputRoot } from '../../../../src/l2/op-stack/follow.ts';

/** Block `number`'s header: withdrawalsRoot = the message passer's storage root, requestsHash = sha256(""); the state root names the block. */
export function isthmusHeader(number: bigint, over: Partial<BlockHeader> = {}): BlockHeader {
  const b = (x: number, n = 32) => new Uint8Array(n).fill(x);
  return {
    parentHash: b(1), sha3Uncles: hexToBytes('0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347'), miner: hexToBytes('0x4200000000000000000000000000000000000011'),
    stateRoot: bigIntToBytesPadded(0xba5e0000n + number, 32), transactionsRoot: b(3), receiptsRoot: b(4), logsBloom: b(0, 256), difficulty: 0n, number, gasLimit: 150_000_000n, gasUsed: 7_654_321n,
    timestamp: 1_780_000_000n, extraData: hexToBytes('0x01000000fa000000060000000000000000'), mixHash: b(6), nonce: b(0, 8), baseFeePerGas: 1_000n,
    withdrawalsRoot: b(0x77), blobGasUsed: 0n, excessBlobGas: 0n, parentBeaconBlockRoot: b(8),
    requestsHash: hexToBytes('0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'),
    ...over,
  };
}

/** keccak256(0 ‖ stateRoot ‖ withdrawalsRoot ‖ blockHash). */
export const claimOf = (h: BlockHeader): Uint8Array => outputRoot(h.stateRoot, h.withdrawalsRoot!, headerHash(h));
