/**
 * The Arbitrum forced exit's route in words and its real delays: the force-inclusion delay and
 * the confirmation period, proven from the SequencerInbox and the rollup when a head's storage
 * holds them, else the config's cited values. The plan is exit.ts.
 * @module
 */
import { InputError } from '../../core/errors.ts';
import { aboutDuration } from '../../core/units.ts';
import type { ProvenL1Storage } from '../adapter.ts';
import { type ExitRouteStep, heldSlot } from '../exit-plan.ts';
import { packedField } from '../slots.ts';
import type { ArbitrumConfig } from './config.ts';

/** The exit's slots of the config. @throws InputError when it names none: no forced exit. */
export function exitSlots(config: ArbitrumConfig) {
  const { outboxSpent, sequencerInboxMaxTimeVariation, sequencerInboxBuffer, rollupConfirmPeriodBlocks } = config.slots;
  if (outboxSpent === undefined || sequencerInboxMaxTimeVariation === undefined || sequencerInboxBuffer === undefined || rollupConfirmPeriodBlocks === undefined) {
    throw new InputError(`the rollup config "${config.name}" names no exit slots (slots.outboxSpent, sequencerInboxMaxTimeVariation, sequencerInboxBuffer, rollupConfirmPeriodBlocks): no forced exit`);
  }
  return { outboxSpent, sequencerInboxMaxTimeVariation, sequencerInboxBuffer, rollupConfirmPeriodBlocks };
}

/** The force-inclusion delay (blocks) and confirmation period (blocks): proven when `l1` holds them, else the config's cited values. */
export function delays(config: ArbitrumConfig, l1?: ProvenL1Storage): { delayBlocks?: bigint; delayProven: boolean; confirmBlocks?: bigint; confirmProven: boolean } {
  const s = exitSlots(config);
  const mtv = heldSlot(l1, config.contracts.sequencerInbox, { slot: s.sequencerInboxMaxTimeVariation });
  const cpb = heldSlot(l1, config.contracts.rollup, { slot: s.rollupConfirmPeriodBlocks });
  const fallbackDelay = config.exit?.forceInclusionDelayBlocks;
  const fallbackConfirm = config.exit?.confirmPeriodBlocks;
  return {
    ...(mtv !== undefined ? { delayBlocks: packedField(mtv, 0, 8) } : fallbackDelay !== undefined ? { delayBlocks: BigInt(fallbackDelay) } : {}),
    delayProven: mtv !== undefined,
    ...(cpb !== undefined ? { confirmBlocks: packedField(cpb, 0, 8) } : fallbackConfirm !== undefined ? { confirmBlocks: BigInt(fallbackConfirm) } : {}),
    confirmProven: cpb !== undefined,
  };
}

/** The route and its real delays (proven when `l1` holds them). */
export function route(config: ArbitrumConfig, l1?: ProvenL1Storage): ExitRouteStep[] {
  const d = delays(config, l1);
  const perBlock = config.liveness.l1SecondsPerBlock;
  const delaySeconds = d.delayBlocks !== undefined ? Number(d.delayBlocks) * perBlock : undefined;
  const confirmSeconds = d.confirmBlocks !== undefined ? Number(d.confirmBlocks) * perBlock : undefined;
  const delayWords =
    d.delayBlocks !== undefined
      ? `${d.delayBlocks} Ethereum blocks (${aboutDuration(delaySeconds!)}${d.delayProven ? ', read from the SequencerInbox at the verified head' : ", the config's cited value"}; less while the sequencer's delay buffer is drained)`
      : 'the SequencerInbox\'s delayBlocks (read from Ethereum when the exit runs)';
  const confirmWords =
    d.confirmBlocks !== undefined
      ? `${d.confirmBlocks} Ethereum blocks (${aboutDuration(confirmSeconds!)}${d.confirmProven ? ', read from the rollup at the verified head' : ", the config's cited value"})`
      : "the rollup's confirmPeriodBlocks (read from Ethereum when the exit runs)";
  return [
    {
      step: 'sign-l2',
      title: `Sign the withdrawal on ${config.name}`,
      who: 'you',
      detail:
        `Your wallet signs an ${config.name} transaction that withdraws the amount to your own address on Ethereum (ArbSys.withdrawEth). ` +
        `It is not sent to the sequencer: it goes in through Ethereum next. Its fee is bounded by the base fee of the last confirmed ${config.name} block, and its nonce is the ${config.name} RPC's suggestion checked against the nonce proven there; ` +
        'a wrong suggestion only makes this transaction fail on the rollup, which costs no funds: Vigil sees from proven state that it did not run and signs a new one at the proven nonce (only a failure at the proven nonce counts against the exit).',
    },
    {
      step: 'submit',
      title: "Send it through Ethereum's delayed inbox",
      who: 'you',
      ...(delaySeconds !== undefined ? { delaySeconds } : {}),
      detail:
        'An Ethereum transaction (Inbox.sendL2Message) puts your signed withdrawal in the rollup\'s delayed inbox; you pay Ethereum gas. ' +
        `The sequencer then has ${delayWords} to include it.`,
    },
    {
      step: 'include',
      title: 'Wait for the sequencer, or for the inclusion window to pass',
      who: 'rollup',
      ...(delaySeconds !== undefined ? { delaySeconds } : {}),
      detail: `If the sequencer includes your message, the exit moves on by itself. If it ignores it for ${delayWords}, anyone may force it in.`,
    },
    {
      step: 'force',
      title: 'Force it into the rollup',
      who: 'anyone',
      detail:
        'An Ethereum transaction (SequencerInbox.forceInclusion) makes the rollup read your message, without the sequencer. Vigil sends it from your account when nobody else has; you pay Ethereum gas.',
    },
    {
      step: 'confirm',
      title: 'Wait for the withdrawal to be confirmed on Ethereum',
      who: 'rollup',
      ...(confirmSeconds !== undefined ? { delaySeconds: confirmSeconds } : {}),
      detail:
        `The rollup's validators post the state that holds your withdrawal to Ethereum; it is confirmed when nobody disputed it for ${confirmWords}. ` +
        'Vigil waits until the confirmed state it follows holds your withdrawal.',
    },
    {
      step: 'execute',
      title: 'Claim the ETH on Ethereum',
      who: 'you',
      detail:
        'An Ethereum transaction (Outbox.executeTransaction) pays the amount to your address, with a Merkle proof Vigil checks against the root Ethereum confirmed; you pay Ethereum gas. Anyone may send it: if someone did, the exit is done.',
    },
  ];
}
