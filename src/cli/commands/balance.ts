/**
 * `vigil balance`: syncs the light client until it has a verified head at or after the moment
 * of the request (or, with `--block finalized`, the newest finalized head), then proves the
 * account's balance against that head's state root and prints it with its provenance.
 * @module
 */
import { parseArgs } from 'node:util';
import { getVerifiedAccount } from '../../client/verified/reads.ts';
import { bigIntToHex, bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, type VigilError } from '../../core/errors.ts';
import { looksLikeName } from '../../wallet/ens/looks-like-name.ts';
import { errorLine } from '../io.ts';
import { addressOrName, nameHelp, nameJson, nameOptions, nameUsage } from '../names.ts';
import { headHelp, headOptions, headUsage, openHeadSession, provenanceJson } from '../verified-head.ts';

export const usage = `vigil balance ${headUsage}
              [--block latest|finalized] ${nameUsage} <address|name>
  Proves the balance with eth_getProof against the verified head's execution state root.
${headHelp}
${nameHelp}
  Prints {"address","balance","blockNumber","blockHash","stateRoot","beaconSlot","beaconRoot","finalized",
  "signedBy","thinlySigned"} (balance in wei as minimal hex; signedBy: {"participants","committeeSize"}
  of the sync aggregate that signed the head; thinlySigned: fewer than two thirds of the committee). Several --beacon-api / --execution-rpc fail over. Without
  --data-dir the light-client state is kept in memory only. Exit 1 with the error code when a
  proof or an update does not verify, or no verified head comes within --timeout (STALE_HEAD).`;

export async function balanceCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { ...headOptions, ...nameOptions, block: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new InputError(positionals.length === 0 ? 'missing <address>' : `unexpected argument ${positionals[1]}`);
  const given = positionals[0]!;
  // An address is checked before any sync; a name is resolved at the head the balance is proven at.
  if (!looksLikeName(given)) bytesToHex(hexToBytes(given, 20, 'address'));
  const block = values.block ?? 'latest';
  if (block !== 'latest' && block !== 'finalized') throw new InputError(`--block expected latest or finalized, got ${block}`);
  const session = await openHeadSession(values, block);
  try {
    const { address, name } = await addressOrName(session, values, given);
    const { account } = await getVerifiedAccount({
      rpc: session.rpc,
      head: session.head,
      address,
      finalized: session.finalized,
      onRejected: (err: VigilError, endpoint) => session.warn(`rejected the answer of ${endpoint}: ${errorLine(err)}`),
    });
    out(JSON.stringify({ address, ...nameJson(name), balance: bigIntToHex(account.balance), ...provenanceJson(session) }));
    return 0;
  } finally {
    session.close();
  }
}
