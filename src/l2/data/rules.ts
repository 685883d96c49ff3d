/**
 * Each rollup kind's rule for where its data lives, as a query the caller runs on verified L1
 * (src/client/rollups/data.ts) and a pure reading of what it proved:
 * - `commit-tx`: the accepted batch's commit transaction (named by the L2 RPC, checked here);
 * - `log`: a log of the rollup's contract naming the batch (or the newest batches), found in
 *   verified receipts, then its transaction and receipt proven;
 * - `inbox`: the batcher's transactions to the batch inbox, found in verified block bodies;
 * - `none`: nothing to look for (the report says why).
 * @module
 */
import type { AcceptedState, FoundL1Log, L1LogQuery, L2Hints, ProvenL1Storage } from '../adapter.ts';
import type { ArbitrumConfig } from '../arbitrum/config.ts';
import { ARBITRUM_KIND, LINEA_KIND, OP_STACK_KIND, OP_SUCCINCT_KIND, ROLLUP_KIND, SCROLL_KIND, TAIKO_KIND } from '../kinds.ts';
import type { LineaConfig } from '../linea/config.ts';
import { DATA_FINALIZED_V3 } from '../linea/follow.ts';
import type { ScrollConfig } from '../scroll/config.ts';
import type { TaikoConfig } from '../taiko/config.ts';
import { taikoLastFinalizedProposalId } from '../taiko/follow.ts';
import type { VigilZkConfig } from '../vigil-zk/config.ts';
import { arbitrumBatch, SEQUENCER_BATCH_DELIVERED } from './arbitrum.ts';
import { SHIPPED_BATCHERS } from './batchers.ts';
import { type CommitLog, LINEA_DATA_SUBMITTED_V3, lineaSubmission, SCROLL_COMMIT_BATCH, scrollCommit, TAIKO_PROPOSED, taikoProposal, vigilZkCommit } from './commits.ts';
import { type DataLocation, type DataReport, type DataTie, type ProvenReceipt, type ProvenTx, unknownLocation } from './location.ts';
import type { BatcherFacts } from './op-batcher.ts';

/** What the rule reads: the followed state (proven storage and checked hints). */
export interface FollowedFacts {
  accepted: AcceptedState;
  proven?: ProvenL1Storage;
  hints?: L2Hints;
}

export type DataQuery =
  | { by: 'commit-tx'; batch: bigint; locate(tx: ProvenTx, receipt: ProvenReceipt): DataLocation; scope: string }
  | { by: 'log'; log: L1LogQuery; tie: DataTie; locate(log: CommitLog, tx: ProvenTx, receipt: ProvenReceipt): DataLocation; scope: string }
  | { by: 'inbox'; facts: BatcherFacts; withinBlocks: number }
  | { by: 'none'; report: DataReport };

/** L1 blocks searched back from the head for a contract's log naming the batch: about a day at 12 s (the verified headers reach 8192). */
const COMMIT_SEARCH_BLOCKS = 7200;
/** OP Stack: block bodies searched for the batcher's postings (each body fetched and proven: kept short; busy chains post every few blocks). */
export const INBOX_SEARCH_BLOCKS = 16;
/** Arbitrum: blocks searched for the newest delivered batch (it posts every few minutes). */
const ARBITRUM_SEARCH_BLOCKS = 1024;

const word = (x: bigint) => '0x' + x.toString(16).padStart(64, '0');
const none = (batch: string, tie: 'root' | 'recent', reason: string, scope: string): DataQuery => ({ by: 'none', report: { batches: [unknownLocation(batch, tie, reason)], scope } });

/**
 * The query that finds where the data behind `followed` lives, for a rollup of `kind` (its parsed
 * config and L2 chain id).
 * @example dataQuery(parsed.adapter.kind, parsed.config, parsed.identity.chainId, followed)
 */
export function dataQuery(kind: string, config: unknown, chainId: number, followed: FollowedFacts): DataQuery {
  const { accepted } = followed;
  switch (kind) {
    case ROLLUP_KIND: {
      const c = config as VigilZkConfig;
      if (accepted.batch === 0n) return none('batch 0', 'root', 'the genesis tree: no batch was committed', 'the root is the empty genesis tree');
      return {
        by: 'commit-tx',
        batch: accepted.batch,
        locate: (tx, receipt) => vigilZkCommit(accepted.batch, tx, receipt, c.contract),
        scope: `the accepted batch ${accepted.batch}: its BatchCommitted event in the proven receipt of the transaction the L2 RPC named`,
      };
    }
    case OP_STACK_KIND:
    case OP_SUCCINCT_KIND: {
      const facts = SHIPPED_BATCHERS[chainId];
      if (facts === undefined) return none('posting', 'recent', 'Vigil knows no batcher and batch inbox of this chain', 'an OP Stack root names no batch; the batcher of this chain is not known here');
      return { by: 'inbox', facts, withinBlocks: INBOX_SEARCH_BLOCKS };
    }
    case ARBITRUM_KIND: {
      const inbox = (config as ArbitrumConfig).contracts.sequencerInbox;
      return {
        by: 'log',
        log: { address: inbox, topics: [SEQUENCER_BATCH_DELIVERED], withinBlocks: ARBITRUM_SEARCH_BLOCKS },
        tie: 'recent',
        locate: (log, tx, receipt) => arbitrumBatch(log, tx, receipt, inbox),
        scope:
          "the newest batch the SequencerInbox delivered: the confirmed assertion behind this root is about a week old, its batches older than the verified headers reach, so Vigil ties the sequencer's newest batch, not the data behind this root",
      };
    }
    case SCROLL_KIND: {
      const chain = (config as ScrollConfig).contracts.scrollChain.address;
      return {
        by: 'log',
        log: { address: chain, topics: [SCROLL_COMMIT_BATCH, word(accepted.batch)], withinBlocks: COMMIT_SEARCH_BLOCKS },
        tie: 'root',
        locate: (log, tx, receipt) => scrollCommit(accepted.batch, log, tx, receipt, chain),
        scope: `the last finalized batch ${accepted.batch} (proven miscData): its CommitBatch log of ScrollChain, found in verified receipts`,
      };
    }
    case LINEA_KIND: {
      const rollup = (config as LineaConfig).rollup.address;
      const finalization = lastFinalization(followed.hints?.found, rollup);
      if (finalization === undefined) return none('submission', 'root', 'the finalization of this root was not found in the verified blocks searched', 'the last finalization names its last submission; it was not found');
      return {
        by: 'log',
        log: { address: rollup, topics: [LINEA_DATA_SUBMITTED_V3, finalization], withinBlocks: COMMIT_SEARCH_BLOCKS },
        tie: 'root',
        locate: (log, tx, receipt) => lineaSubmission(finalization, log, tx, receipt, rollup),
        scope: "the last submission of the finalization behind this root (DataFinalizedV3's shnarf, proven): earlier submissions of that finalization are not read",
      };
    }
    case TAIKO_KIND: {
      const c = config as TaikoConfig;
      if (followed.proven === undefined) return none('proposal', 'root', 'the proven Inbox state was not kept', 'the last finalized proposal');
      const id = taikoLastFinalizedProposalId(c, followed.proven);
      return {
        by: 'log',
        log: { address: c.inbox.address, topics: [TAIKO_PROPOSED, word(id)], withinBlocks: COMMIT_SEARCH_BLOCKS },
        tie: 'root',
        locate: (log, tx, receipt) => taikoProposal(id, log, tx, receipt, c.inbox.address),
        scope: `the last finalized proposal ${id} (proven Inbox core state): its Proposed log, found in verified receipts`,
      };
    }
    default:
      return none('batch', 'root', `Vigil has no data rule for rollups of kind ${kind}`, 'no rule');
  }
}

/** The shnarf a proven DataFinalizedV3 log of `rollup` names (its third indexed topic). */
function lastFinalization(found: FoundL1Log | undefined, rollup: string): string | undefined {
  if (found === undefined || found.address.toLowerCase() !== rollup.toLowerCase() || found.topics[0]?.toLowerCase() !== DATA_FINALIZED_V3) return undefined;
  return found.topics[3]?.toLowerCase();
}
