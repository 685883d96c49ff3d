/**
 * The execution service with all of the chain's reads (./chain.ts: logs, transactions by
 * hash or position, counts, headers alone) and the fees: the tip from verified blocks (the
 * endpoints' advice only ever lowering an attended one) and eth_feeHistory over verified headers.
 * The app host (the pages' chain and fee methods, the rollups' commit transactions and logs, the
 * wallet's transactions) and the CLI build it; the service worker builds the plain
 * ./execution-service.ts (blocks and receipts, what a wake needs), so the rest stays out of its bundle.
 * @module
 */
import { bigIntToHex, bytesToHex, hexToBigInt } from '../../core/bytes.ts';
import { isObject } from '../../core/json.ts';
import { type BlockEnv, fakeExponential } from '../../execution/block-env.ts';
import { nextBaseFee, nextExcessBlobGas } from '../../execution/fees.ts';
import { suggestTip, TIP_BLOCKS, unattendedTip } from '../../execution/fee-oracle.ts';
import type { BlockHeader } from '../../execution/header.ts';
import type { ExecutionReader, TipChoice } from './execution-reader.ts';
import type { ExecutionRpc } from './execution-rpc.ts';
import { blobParamsAt } from './execution-env.ts';
import { ExecutionService, type ExecutionServiceOptions } from './execution-service.ts';
import type { VerifiedChainOptions } from './blocks.ts';
import { VerifiedChain } from './chain.ts';

/** The oracle's answer before any (geth's default miner gas price, 0.001 gwei): what a run of empty blocks suggests. */
const TIP_START = 10n ** 6n;
const GAS_PER_BLOB = 1n << 17n;

/** @example const execution = new ChainExecutionService({ config, rpc, calls, anchors }); await execution.chain.getLogs(query); */
export class ChainExecutionService extends ExecutionService implements ExecutionReader {
  declare readonly chain: VerifiedChain;
  /**
   * The verified tip at the head it was computed for (also the oracle's previous answer), the blocks
   * it was read from, and the unattended tip over them once asked; one for every lane.
   */
  private readonly tips: { at?: { head: string; verified: bigint; from: bigint; to: bigint; unattended?: bigint } };

  constructor(options: ExecutionServiceOptions, lane?: { of: ExecutionService; rpc: ExecutionRpc; waitForBlock?: (number: bigint) => Promise<boolean> }) {
    super(options, lane);
    this.tips = lane?.of instanceof ChainExecutionService ? lane.of.tips : {};
  }

  protected override newChain(options: VerifiedChainOptions): VerifiedChain {
    return new VerifiedChain(options);
  }

  /**
   * The endpoints' eth_maxPriorityFeePerGas as pages ask it: the attended tip of {@link tipChoice}.
   */
  async suggestedTip(): Promise<bigint> {
    return (await this.tipChoice({ unattended: false })).tip;
  }

  /**
   * The tip to pay now, once per head from the last {@link TIP_BLOCKS} verified blocks: geth's
   * price oracle over them (src/execution/fee-oracle.ts suggestTip). Attended, the endpoints'
   * eth_maxPriorityFeePerGas may lower it, never raise it (their advice failing changes nothing),
   * and a lowered tip is labelled `advice`. Unattended (nobody approves it, nobody speeds it up),
   * no advice is asked: the oracle's tip raised to the 25th percentile of every tip those blocks
   * paid (fee-oracle.ts unattendedTip), labelled `verified-p25`.
   * @throws what reading the verified blocks throws (the wallet then signs nothing unattended).
   */
  async tipChoice({ unattended }: { unattended: boolean }): Promise<TipChoice> {
    const head = this.headers.anchorFor('latest');
    const key = bytesToHex(head.blockHash);
    if (this.tips.at?.head !== key) {
      // As geth, never the genesis block.
      const from = head.blockNumber > BigInt(TIP_BLOCKS) ? head.blockNumber + 1n - BigInt(TIP_BLOCKS) : 1n;
      const samples = from <= head.blockNumber ? await this.chain.tipSamples(from, head.blockNumber) : [];
      const verified = suggestTip(samples, this.tips.at?.verified ?? TIP_START);
      this.tips.at = { head: key, verified, from, to: head.blockNumber };
    }
    const at = this.tips.at;
    if (unattended) {
      at.unattended ??= unattendedTip(at.from <= at.to ? await this.chain.effectiveTips(at.from, at.to) : [], at.verified);
      return { tip: at.unattended, source: 'verified-p25' };
    }
    const advice = await this.tipAdvice().catch(() => undefined);
    return advice !== undefined && advice < at.verified ? { tip: advice, source: 'advice' } : { tip: at.verified, source: 'verified' };
  }

  /** eth_maxPriorityFeePerGas of the endpoints: advice about what others tip, never verified. */
  private async tipAdvice(): Promise<bigint> {
    const { result } = await this.rpc.call('eth_maxPriorityFeePerGas', [], 4096);
    return hexToBigInt(result, 'eth_maxPriorityFeePerGas');
  }

  /**
   * eth_feeHistory over verified headers: base fees (and the next block's, computed), gas used
   * ratios and blob fees; `reward` is the endpoints' advice, passed on when asked for and marked
   * as such in `vigil`.
   */
  async feeHistory(blockCount: number, newest: BlockEnv, rewardPercentiles: number[] | undefined): Promise<Record<string, unknown>> {
    const oldest = newest.number - BigInt(blockCount) + 1n < 0n ? 0n : newest.number - BigInt(blockCount) + 1n;
    // Rewards of the newest TIP_BLOCKS blocks come from verified bodies and receipts; older ones are the endpoints' advice.
    const verifiedFrom = newest.number - oldest + 1n > BigInt(TIP_BLOCKS) ? newest.number - BigInt(TIP_BLOCKS) + 1n : oldest;
    const [headers, verifiedReward, advisedReward] = await Promise.all([
      this.headers.range(oldest, newest.number),
      rewardPercentiles !== undefined ? this.chain.rewards(verifiedFrom, newest.number, rewardPercentiles) : Promise.resolve(undefined),
      rewardPercentiles !== undefined && verifiedFrom > oldest ? this.rewardAdvice(Number(verifiedFrom - oldest), verifiedFrom - 1n, rewardPercentiles) : Promise.resolve([]),
    ]);
    const reward = verifiedReward === undefined ? undefined : [...advisedReward, ...verifiedReward.map((row) => row.map(bigIntToHex))];
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
    const adviceRows = reward !== undefined && verifiedFrom > oldest;
    out.vigil = {
      verified: ['oldestBlock', 'baseFeePerGas', 'gasUsedRatio', ...(out.baseFeePerBlobGas ? ['baseFeePerBlobGas', 'blobGasUsedRatio'] : []), ...(reward !== undefined && !adviceRows ? ['reward'] : [])],
      advice: adviceRows ? ['reward'] : [],
      // `reward` rows from this block on are from verified bodies and receipts; rows before it are the endpoints'.
      ...(reward !== undefined ? { rewardVerifiedFrom: bigIntToHex(verifiedFrom) } : {}),
    };
    return out;
  }

  /** The endpoints' rewards of `count` blocks ending at `newest`: one row per block, zeros where they give none or a malformed one. */
  private async rewardAdvice(count: number, newest: bigint, percentiles: number[]): Promise<unknown[]> {
    const zeros = () => percentiles.map(() => '0x0');
    const result = await this.rpc.call('eth_feeHistory', [bigIntToHex(BigInt(count)), bigIntToHex(newest), percentiles], 1024 * 1024).then((r) => r.result, () => undefined);
    const rows = isObject(result) && Array.isArray(result.reward) && result.reward.length === count ? result.reward : Array.from({ length: count }, () => null);
    return rows.map((row) => (Array.isArray(row) && row.length === percentiles.length && row.every((x) => typeof x === 'string' && /^0x[0-9a-f]{1,64}$/i.test(x)) ? row : zeros()));
  }

  /** The next block's blob base fee, from this one's excess and use, by the next block's rules. */
  private nextBlobFee(header: BlockHeader): bigint {
    const next = blobParamsAt(this.config, header.timestamp + BigInt(this.config.secondsPerSlot));
    if (next === undefined || header.excessBlobGas === undefined) return 0n;
    const excess = nextExcessBlobGas(
      { excessBlobGas: header.excessBlobGas, blobGasUsed: header.blobGasUsed ?? 0n, baseFeePerGas: header.baseFeePerGas ?? 0n },
      this.blobFee(header),
      next,
    );
    return fakeExponential(1n, excess, next.updateFraction);
  }

  private maxBlobGas(header: BlockHeader): bigint {
    return (blobParamsAt(this.config, header.timestamp)?.maxBlobs ?? 0n) * GAS_PER_BLOB;
  }
}
