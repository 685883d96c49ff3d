/**
 * eth_simulateV1's `traceTransfers`: every transfer of ether in a run (the transaction's value and
 * each call or creation that carries value) as an ERC-20 Transfer log of the address
 * 0xEeee…EEeE, in the order it happened among the contracts' own logs, and gone with the frame
 * that reverted it (execution-apis, eth_simulateV1). Ether moved by SELFDESTRUCT is not traced.
 *
 * The EVM merges a frame's logs into its caller's only when the frame succeeds; this follows the
 * same frames (beforeMessage/afterMessage) and marks where each LOG opcode ran (the `step` event,
 * listened to only while tracing), so the transfers can be woven into the final log list.
 * @module
 */
import type { EVM } from '@ethereumjs/evm';
import { bigIntToBytes, hexToBytes } from '../core/bytes.ts';
import { keccak256 } from '../crypto/keccak.ts';

/** The address traced ether transfers are logged from (as geth's simulate). */
export const ETHER_TRANSFER_ADDRESS = '0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';

/** A log as the EVM gives it (./call.ts EvmLog: the same shape, declared here so the two do not import each other). */
interface EvmLog {
  address: Uint8Array;
  topics: Uint8Array[];
  data: Uint8Array;
}

type Event = { kind: 'log' } | { kind: 'transfer'; log: EvmLog };

interface Message {
  caller: { bytes: Uint8Array };
  to?: { bytes: Uint8Array };
  value: bigint;
  delegatecall?: boolean;
}

interface MessageResult {
  createdAddress?: { bytes: Uint8Array };
  execResult: { exceptionError?: unknown };
}

const word = (bytes: Uint8Array): Uint8Array => {
  const out = new Uint8Array(32);
  out.set(bytes, 32 - bytes.length);
  return out;
};

/** Starts tracing on `evm`; `finish` takes the run's logs and gives them with the transfers woven in, and stops listening. */
export function traceTransfers(evm: EVM): { finish(logs: readonly EvmLog[]): EvmLog[]; stop(): void } {
  const topic = keccak256(new TextEncoder().encode('Transfer(address,address,uint256)'));
  const from = hexToBytes(ETHER_TRANSFER_ADDRESS, 20);
  const frames: Event[][] = [[]];
  // The creation's address is known only when it returns: its transfer is completed then.
  const pendingCreate: (EvmLog | undefined)[] = [];
  const before = (m: Message) => {
    const frame: Event[] = [];
    let creating: EvmLog | undefined;
    if (m.value > 0n && m.delegatecall !== true) {
      const log: EvmLog = { address: from, topics: [topic, word(m.caller.bytes), m.to ? word(m.to.bytes) : new Uint8Array(32)], data: word(bigIntToBytes(m.value)) };
      frame.push({ kind: 'transfer', log });
      if (m.to === undefined) creating = log;
    }
    pendingCreate.push(creating);
    frames.push(frame);
  };
  const after = (r: MessageResult) => {
    const frame = frames.pop() ?? [];
    const creating = pendingCreate.pop();
    if (creating !== undefined && r.createdAddress !== undefined) creating.topics[2] = word(r.createdAddress.bytes);
    if (r.execResult.exceptionError === undefined) frames.at(-1)!.push(...frame);
  };
  const step = (s: { opcode: { name: string } }) => {
    if (s.opcode.name.startsWith('LOG')) frames.at(-1)!.push({ kind: 'log' });
  };
  evm.events.on('beforeMessage', before as never);
  evm.events.on('afterMessage', after as never);
  evm.events.on('step', step as never);
  const stop = () => {
    evm.events.off('beforeMessage', before as never);
    evm.events.off('afterMessage', after as never);
    evm.events.off('step', step as never);
  };
  return {
    stop,
    finish(logs) {
      stop();
      const out: EvmLog[] = [];
      let next = 0;
      for (const e of frames[0]!) {
        if (e.kind === 'transfer') out.push(e.log);
        else if (next < logs.length) out.push(logs[next++]!);
      }
      // A LOG that ran but left no log (none such is known): the EVM's own logs are never dropped.
      while (next < logs.length) out.push(logs[next++]!);
      return out;
    },
  };
}
