/**
 * `vigil l2-balance`: an L2 account's balance and nonce on a rollup, proven from L1 alone — the
 * light client's verified L1 head, the rollup contract's slots by storage proof, the last batch's
 * validity proof re-verified here against the key pinned in the rollup config (public inputs from
 * the commit transaction's verified calldata and receipt), then the account's Merkle proof against
 * that root. The L2 RPC is asked only where to look.
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RollupFollower } from '../../client/rollup-follower.ts';
import { provenL2Account } from '../../client/l2-accounts.ts';
import { rollupSources } from '../../client/rollup-sources.ts';
import { bigIntToHex, bytesToHex } from '../../core/bytes.ts';
import { InputError, VerificationError, type VigilError } from '../../core/errors.ts';
import { livenessState } from '../../l2/adapter.ts';
import type { VigilZkConfig } from '../../l2/vigil-zk/config.ts';
import { vigilZkAdapter } from '../../l2/vigil-zk/follow.ts';
import type { ProvenAccount } from '../../l2/vigil-zk/tree.ts';
import { verifyZkProof } from '../../zk/index.ts';
import { errorLine } from '../io.ts';
import { headHelp, headOptions, headUsage, openHeadSession } from '../verified-head.ts';
import { verifiedChain } from './receipt.ts';

export const usage = `vigil l2-balance ${headUsage}
              --rollup-config <rollup.json> [--l2-rpc <url>] <index | owner address>
  Follows the rollup from the verified L1 head: its contract's slots by storage proof, the last
  batch's validity proof re-verified against the verification key pinned in the rollup config,
  then the account's Merkle proof against the accepted root. An owner address is looked up on
  the L2 RPC (a hint: the proven leaf's owner must be that address).
${headHelp}
  Prints {"index","owner","balance","nonce","l2ChainId","root","batch","batchAgeSeconds",
  "liveness","proof":"verified","l1":{"blockNumber","blockHash"}} (numbers as minimal hex).
  Exit 1 with the code when anything does not verify (a lying L2 RPC, a proof, L1 storage).`;

export async function l2BalanceCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...headOptions, 'rollup-config': { type: 'string' }, 'l2-rpc': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new InputError(positionals.length === 0 ? 'missing <index | owner address>' : `unexpected argument ${positionals[1]}`);
  if (values['rollup-config'] === undefined) throw new InputError('missing --rollup-config');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(values['rollup-config'], 'utf8'));
  } catch (err) {
    throw new InputError(`--rollup-config: cannot read ${values['rollup-config']} as JSON (${(err as Error).message})`);
  }
  const config = vigilZkAdapter.parseConfig(json);
  const l2Rpc = values['l2-rpc'] ?? config.l2Rpc;
  const query = positionals[0]!;
  const owner = /^0x[0-9a-fA-F]{40}$/.test(query) ? query.toLowerCase() : undefined;
  if (owner === undefined && !/^\d+$/.test(query)) throw new InputError(`expected an account index or an owner address, got ${query.slice(0, 60)}`);
  if (owner !== undefined && l2Rpc === undefined) throw new InputError('an owner address is looked up on the L2 RPC: give --l2-rpc (or l2Rpc in the rollup config)');

  const session = await openHeadSession(values, 'latest');
  try {
    const onRejected = (err: VigilError, endpoint: string) => session.warn(`rejected the answer of ${endpoint}: ${errorLine(err)}`);
    const head = session.head;
    const ref = { blockNumber: head.execution.blockNumber, blockHash: bytesToHex(head.execution.blockHash), stateRoot: bytesToHex(head.execution.stateRoot), timestamp: head.execution.timestamp };
    const follower = new RollupFollower<VigilZkConfig, ProvenAccount>({
      adapter: vigilZkAdapter,
      config,
      ...rollupSources({
        rpc: session.rpc,
        chain: verifiedChain(session),
        headOf: () => head,
        l2Rpc,
        verifyProof: async (check) => verifyZkProof(check.system, check.vkey, check.proof, check.publicSignals).valid,
        onRejected,
      }),
    });
    const followed = await follower.follow(ref);
    const proven = await provenL2Account(follower, followed, l2Rpc, owner !== undefined ? { owner } : { index: Number(query) });
    if (proven === null) throw new VerificationError('L2_ACCOUNT_MISSING', `the L2 RPC knows no account of ${owner}`);
    const { index, account } = proven;
    out(
      JSON.stringify({
        index,
        owner: '0x' + account.owner.toString(16).padStart(40, '0'),
        balance: bigIntToHex(account.balance),
        nonce: bigIntToHex(account.nonce),
        l2ChainId: bigIntToHex(BigInt(config.chainId)),
        root: bigIntToHex(followed.accepted.root),
        batch: Number(followed.accepted.batch),
        batchAgeSeconds: followed.liveness.lastBatchAgeSeconds,
        liveness: livenessState(followed.liveness, config.liveness),
        proof: followed.proof,
        l1: { blockNumber: Number(head.execution.blockNumber), blockHash: bytesToHex(head.execution.blockHash) },
      }),
    );
    return 0;
  } finally {
    session.close();
  }
}
