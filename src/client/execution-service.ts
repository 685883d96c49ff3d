/**
 * Everything execution-side of one network, joined: verified calls (VerifiedExecution), verified
 * headers and chain data (VerifiedHeaders, VerifiedChain), fees from verified headers, broadcast.
 * The extension's controller and the CLI build one per network; the provider reads through it.
 * @module
 */
import { bigIntToHex, hexToBigInt } from '../core/bytes.ts';
import { VerificationError, type VigilError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import { type BlockEnv, blobBaseFeeUpdateFraction, fakeExponential } from '../execution/block-env.ts';
import { type BlobParams, nextBaseFee, nextExcessBlobGas } from '../execution/fees.ts';
import type { BlockHeader } from '../execution/header.ts';
import { type ChainConfig, computeEpochAtSlot, getBlobParameters, slotAtTime } from '../l1/config.ts';
import type { ExecutionReader } from './execution-reader.ts';
import type { ExecutionRpc } from './execution-rpc.ts';
import { blockEnvOfHeader, executionForkAt } from './execution-env.ts';
import type { CallExecutor } from './verified-call.ts';
import { VerifiedChain } from './verified-chain.ts';
import { VerifiedExecution } from './verified-execution.ts';
import { type VerifiedAnchors, VerifiedHeaders } from './verified-headers.ts';

export interface ExecutionServiceOptions {
  config: ChainConfig;
  rpc: ExecutionRpc;
  executor: CallExecutor;
  /** The light client's verified heads, asked anew on every request. */
  anchors: () => VerifiedAnchors;
  onRejected?: (error: VigilError, endpoint: string) => void;
  /** Ask RPCs for access-list hints (default true). */
  hints?: boolean;
}

/** A server's tip advice above this (10 000 gwei) is not advice. */
const MAX_TIP = 10n ** 13n;
const GAS_PER_BLOB = 1n << 17n;

export class ExecutionService implements ExecutionReader {
  readonly headers: VerifiedHeaders;
  readonly chain: VerifiedChain;
  readonly calls: VerifiedExecution;
  private readonly config: ChainConfig;
  private readonly rpc: ExecutionRpc;

  constructor(options: ExecutionServiceOptions) {
    this.config = options.config;
    this.rpc = options.rpc;
    const rejected = options.onRejected ? { onRejected: options.onRejected } : {};
    this.headers = new VerifiedHeaders({ rpc: options.rpc, anchors: options.anchors, ...rejected });
    this.chain = new VerifiedChain({
      rpc: options.rpc,
      headers: this.headers,
      blobBaseFee: (h: BlockHeader) => (this.blobFraction(h) === undefined ? undefined : this.blobFee(h)),
      ...rejected,
    });
    this.calls = new VerifiedExecution({
      rpc: options.rpc,
      executor: options.executor,
      blockHash: (n, below) => this.headers.hashOf(n, below),
      ...(options.hints === false ? { hints: false } : {}),
      ...rejected,
    });
  }

  run(params: Parameters<ExecutionReader['run']>[0]) {
    return this.calls.run(params);
  }

  async envOfBlock(ref: { number: bigint } | { hash: Uint8Array }): Promise<BlockEnv> {
    const verified = 'number' in ref ? await this.headers.byNumber(ref.number) : await this.headers.byHash(ref.hash);
    if (verified === null) throw new VerificationError('BLOCK_NOT_VERIFIED', 'no endpoint knows a block with this hash');
    return blockEnvOfHeader(verified.header, verified.hash, this.config);
  }

  sendRawTransaction(raw: unknown) {
    return this.calls.sendRawTransaction(raw);
  }

  /** eth_maxPriorityFeePerGas of the endpoints: advice about what others tip, never verified. */
  async suggestedTip(): Promise<bigint> {
    const { result } = await this.rpc.call('eth_maxPriorityFeePerGas', [], 4096);
    const tip = hexToBigInt(result, 'eth_maxPriorityFeePerGas');
    return tip > MAX_TIP ? MAX_TIP : tip;
  }

  /**
   * eth_feeHistory over verified headers: base fees (and the next block's, computed), gas used
   * ratios and blob fees; `reward` is the endpoints' advice, passed on when asked for and marked
   * as such in `vigil`.
   */
  async feeHistory(blockCount: number, newest: BlockEnv, rewardPercentiles: number[] | undefined): Promise<Record<string, unknown>> {
    const oldest = newest.number - BigInt(blockCount) + 1n < 0n ? 0n : newest.number - BigInt(blockCount) + 1n;
    const [headers, reward] = await Promise.all([
      this.headers.range(oldest, newest.number),
      rewardPercentiles !== undefined ? this.rewardAdvice(Number(newest.number - oldest) + 1, newest.number, rewardPercentiles) : Promise.resolve(undefined),
    ]);
    const last = headers[headers.length - 1]!.header;
    const baseFees = headers.map((h) => h.header.baseFeePerGas ?? 0n);
    baseFees.push(last.baseFeePerGas === undefined ? 0n : nextBaseFee({ gasUsed: last.gasUsed, gasLimit: last.gasLimit, baseFeePerGas: last.baseFeePerGas }));
    const out: Record<string, unknown> = {
      oldestBlock: bigIntToHex(oldest),
      baseFeePerGas: baseFees.map(bigIntToHex),
      gasUsedRatio: headers.map((h) => (h.header.gasLimit === 0n ? 0 : Number(h.header.gasUsed) / Number(h.header.gasLimit))),
    };
    if (last.excessBlobGas !== undefined) {
      const blobFees = headers.map((h) => this.blobFee(h.header));
      blobFees.push(this.nextBlobFee(last));
      out.baseFeePerBlobGas = blobFees.map(bigIntToHex);
      out.blobGasUsedRatio = headers.map((h) => {
        const max = this.maxBlobGas(h.header);
        return max === 0n ? 0 : Number(h.header.blobGasUsed ?? 0n) / Number(max);
      });
    }
    if (reward !== undefined) out.reward = reward;
    out.vigil = {
      verified: ['oldestBlock', 'baseFeePerGas', 'gasUsedRatio', ...(out.baseFeePerBlobGas ? ['baseFeePerBlobGas', 'blobGasUsedRatio'] : [])],
      advice: reward !== undefined ? ['reward'] : [],
    };
    return out;
  }

  private async rewardAdvice(count: number, newest: bigint, percentiles: number[]): Promise<unknown> {
    const { result } = await this.rpc.call('eth_feeHistory', [bigIntToHex(BigInt(count)), bigIntToHex(newest), percentiles], 1024 * 1024);
    if (!isObject(result) || !Array.isArray(result.reward) || result.reward.length !== count) return [];
    return result.reward.map((row) => (Array.isArray(row) && row.length === percentiles.length && row.every((x) => typeof x === 'string') ? row : percentiles.map(() => '0x0')));
  }

  private forkOf(header: BlockHeader) {
    return executionForkAt(this.config, slotAtTime(this.config, Number(header.timestamp)));
  }

  private blobFraction(header: BlockHeader): bigint | undefined {
    return blobBaseFeeUpdateFraction(this.forkOf(header));
  }

  private blobFee(header: BlockHeader): bigint {
    const fraction = this.blobFraction(header);
    return fraction === undefined || header.excessBlobGas === undefined ? 0n : fakeExponential(1n, header.excessBlobGas, fraction);
  }

  /** The next block's blob base fee, from this one's excess and use, by the next block's rules. */
  private nextBlobFee(header: BlockHeader): bigint {
    const next = this.blobParams({ ...header, timestamp: header.timestamp + BigInt(this.config.secondsPerSlot) });
    if (next === undefined || header.excessBlobGas === undefined) return 0n;
    const excess = nextExcessBlobGas(
      { excessBlobGas: header.excessBlobGas, blobGasUsed: header.blobGasUsed ?? 0n, baseFeePerGas: header.baseFeePerGas ?? 0n },
      this.blobFee(header),
      next,
    );
    return fakeExponential(1n, excess, next.updateFraction);
  }

  private maxBlobGas(header: BlockHeader): bigint {
    return (this.blobParams(header)?.maxBlobs ?? 0n) * GAS_PER_BLOB;
  }

  /** Blob limits of the block's fork: Deneb 6/3, Electra its config's max and 6, then the blob schedule with target ⅔ of max. */
  private blobParams(header: BlockHeader): BlobParams | undefined {
    const fork = this.forkOf(header);
    const updateFraction = blobBaseFeeUpdateFraction(fork);
    if (updateFraction === undefined) return undefined;
    if (fork === 'cancun') return { maxBlobs: 6n, targetBlobs: 3n, updateFraction, reservePrice: false };
    const slot = slotAtTime(this.config, Number(header.timestamp));
    const { maxBlobsPerBlock } = getBlobParameters(this.config, computeEpochAtSlot(this.config, slot));
    if (fork === 'prague') return { maxBlobs: this.config.maxBlobsPerBlockElectra, targetBlobs: 6n, updateFraction, reservePrice: false };
    return { maxBlobs: maxBlobsPerBlock, targetBlobs: (maxBlobsPerBlock * 2n) / 3n, updateFraction, reservePrice: true };
  }
}

