/**
 * The execution side of one network as a service worker's wake needs it: verified calls
 * (VerifiedExecution, run where `calls` says), verified headers, blocks and receipts
 * (VerifiedHeaders, VerifiedBlocks), block environments, broadcast, and the pages' lane of it all.
 * Fees and the pages' other chain reads (logs, transactions by hash, …) are
 * ./chain-execution.ts's, the app host's and the CLI's: a class's methods all go into a bundle.
 * @module
 */
import type { VigilError } from '../../core/errors.ts';
import { VerificationError } from '../../core/errors.ts';
import { type BlockEnv, blobBaseFeeUpdateFraction, fakeExponential } from '../../execution/block-env.ts';
import type { BlockHeader } from '../../execution/header.ts';
import { type ChainConfig, slotAtTime } from '../../l1/config.ts';
import type { ExecutionReader } from './execution-reader.ts';
import type { ExecutionRpc } from './execution-rpc.ts';
import { blobForkAt, blockEnvOfHeader } from './execution-env.ts';
import { VerifiedBlocks, type VerifiedChainOptions } from './blocks.ts';
import { sendRawTransaction } from './broadcast.ts';
import type { CallRunner, CallRunnerFactory } from './execution.ts';
import { type VerifiedAnchors, VerifiedHeaders } from './headers.ts';

export interface ExecutionServiceOptions {
  config: ChainConfig;
  rpc: ExecutionRpc;
  /** Where verified calls run: here (./execution.ts localCalls), or in another context (the extension's service worker asks its app host). */
  calls: CallRunnerFactory;
  /** The light client's verified heads, asked anew on every request. */
  anchors: () => VerifiedAnchors;
  /** Resolves true once a verified head reaches block `number` (a receipt above the head is waited for; ./blocks.ts). */
  waitForBlock?: (number: bigint) => Promise<boolean>;
  /** The same wait for the pages' lane alone (the app host: its own reads answer at once, as they did). */
  pagesWaitForBlock?: (number: bigint) => Promise<boolean>;
  onRejected?: (error: VigilError, endpoint: string) => void;
}

export class ExecutionService {
  readonly headers: VerifiedHeaders;
  /** Blocks and receipts (the wallet's wake needs no more); ./chain-execution.ts brings the pages' other reads. */
  readonly chain: VerifiedBlocks;
  readonly calls: CallRunner;
  protected readonly config: ChainConfig;
  protected readonly rpc: ExecutionRpc;
  private readonly options: ExecutionServiceOptions;
  private pages: ExecutionService | undefined;

  constructor(options: ExecutionServiceOptions, lane?: { of: ExecutionService; rpc: ExecutionRpc; waitForBlock?: (number: bigint) => Promise<boolean> }) {
    this.config = options.config;
    this.options = options;
    this.rpc = lane?.rpc ?? options.rpc;
    const rejected = options.onRejected ? { onRejected: options.onRejected } : {};
    if (lane !== undefined) {
      // Another lane of the same service: its own place at the endpoints' scheduler, the same verified caches.
      this.headers = lane.of.headers.through(this.rpc);
      this.chain = lane.of.chain.through(this.rpc, this.headers, lane.waitForBlock);
    } else {
      this.headers = new VerifiedHeaders({ rpc: this.rpc, anchors: options.anchors, ...rejected });
      this.chain = this.newChain({
        rpc: this.rpc,
        headers: this.headers,
        blobBaseFee: (h: BlockHeader) => (this.blobFraction(h) === undefined ? undefined : this.blobFee(h)),
        ...(options.waitForBlock ? { waitForBlock: options.waitForBlock } : {}),
        ...rejected,
      });
    }
    this.calls = options.calls({ rpc: this.rpc, blockHash: (n, below) => this.headers.hashOf(n, below), ...rejected });
  }

  /**
   * The pages' lane of this service (EIP-1193 reads): every request in the endpoints' page lane
   * (./execution-rpc.ts forPages, behind the wallet's own work), over the same verified headers,
   * blocks, receipts and tip, so nothing either lane proved is asked again.
   */
  forPages(): this {
    // One view, of this class: its estimator choice (web3_clientVersion) and the lane's batches are asked once.
    const Service = this.constructor as new (options: ExecutionServiceOptions, lane: { of: ExecutionService; rpc: ExecutionRpc; waitForBlock?: (number: bigint) => Promise<boolean> }) => this;
    this.pages ??= new Service(this.options, { of: this, rpc: this.rpc.forPages(), ...(this.options.pagesWaitForBlock ? { waitForBlock: this.options.pagesWaitForBlock } : {}) });
    return this.pages as this;
  }

  /** The chain of the first lane (a subclass brings more of the chain's reads). */
  protected newChain(options: VerifiedChainOptions): VerifiedBlocks {
    return new VerifiedBlocks(options);
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
    return sendRawTransaction(this.rpc, raw);
  }

  private blobForkOf(header: BlockHeader) {
    return blobForkAt(this.config, slotAtTime(this.config, Number(header.timestamp)));
  }

  private blobFraction(header: BlockHeader): bigint | undefined {
    return blobBaseFeeUpdateFraction(this.blobForkOf(header));
  }

  protected blobFee(header: BlockHeader): bigint {
    const fraction = this.blobFraction(header);
    return fraction === undefined || header.excessBlobGas === undefined ? 0n : fakeExponential(1n, header.excessBlobGas, fraction);
  }
}
