/**
 * The log filters that match every log {@link transfersOfLogs} (./decode.ts) reads as a transfer
 * touching the accounts: each requires an account in the topic position the event puts it, so a
 * verified header's bloom that lacks every account (or the event's topic) lets a scan skip its
 * block, and an endpoint's eth_getLogs returns no unrelated log. Any emitter: the accounts'
 * tokens are what is being found. EIP-7708's ether Transfer is Transfer-shaped; its Burn names
 * the account where WETH's Deposit and Withdrawal do (topic1). Pure.
 * @module
 */
import { hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { EFFECT_TOPICS } from '../../execution/effects.ts';
import type { LogFilter } from '../../execution/logs.ts';
import { EIP7708_BURN_TOPIC } from './decode.ts';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * Four filters, none for no accounts: Transfer, Deposit, Withdrawal or Burn with an account as
 * topic1; Transfer with one as topic2; TransferSingle or TransferBatch with one as topic2 (from)
 * or topic3 (to).
 * @throws InputError for an account that is not a 0x-address
 * @example transferFilters(['0xa1…']).length // 4
 */
export function transferFilters(accounts: readonly string[]): LogFilter[] {
  const bad = accounts.find((a) => !ADDRESS.test(a));
  if (bad !== undefined) throw new InputError(`transferFilters expected 0x-addresses, got ${JSON.stringify(bad).slice(0, 60)}`);
  if (accounts.length === 0) return [];
  const who = () => [...new Set(accounts.map((a) => a.toLowerCase()))].map((a) => hexToBytes(`0x${'00'.repeat(12)}${a.slice(2)}`, 32));
  const topic = (t: string) => hexToBytes(t, 32);
  const erc1155 = () => [topic(EFFECT_TOPICS.transferSingle), topic(EFFECT_TOPICS.transferBatch)];
  return [
    { addresses: [], topics: [[topic(EFFECT_TOPICS.transfer), topic(EFFECT_TOPICS.deposit), topic(EFFECT_TOPICS.withdrawal), topic(EIP7708_BURN_TOPIC)], who()] },
    { addresses: [], topics: [[topic(EFFECT_TOPICS.transfer)], null, who()] },
    { addresses: [], topics: [erc1155(), null, who()] },
    { addresses: [], topics: [erc1155(), null, null, who()] },
  ];
}
