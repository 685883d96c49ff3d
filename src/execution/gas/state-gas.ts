/**
 * EIP-8037's per-transaction state-gas pools, kept on @ethereumjs/evm as its runTx keeps them
 * (Vigil runs no runTx: ../call.ts is its transaction): the reservoir and the state gas used set
 * before the authorizations, the prepare region's checkpoint closed or undone after the call, and
 * the authorizations' charges at access. Pure.
 * @module
 */
import type { EVM } from '@ethereumjs/evm';
import { createBlockLevelAccessList } from '@ethereumjs/util';
import { bytesToHex } from '../../core/bytes.ts';
import type { AuthorizationMeter } from '../authorizations.ts';
import type { CallRequest } from '../call-request.ts';
import { AMSTERDAM } from './tx-gas.ts';

/** The EIP-8037 bookkeeping @ethereumjs/evm keeps per transaction (its runTx sets it; Vigil runs no runTx). */
interface StateGasFields {
  stateGasReservoir: bigint;
  executionStateGasUsed: bigint;
  eip2780PrepOog: boolean;
  eip7928CallPostTargetOog: boolean;
  createTxTargetAlive: boolean;
  _stateGasSnapshots: unknown[];
  createdAccountStateGas: Map<string, bigint>;
  createdAccountIntrinsicStateGas: Map<string, bigint>;
  blockLevelAccessList?: unknown;
  /** Draws state gas from the reservoir, then from `gasLimit`; undefined when both together fall short. */
  chargeFrameStateGas(amount: bigint, gasLimit: bigint): { remaining: bigint; spilled: bigint } | undefined;
}

const stateGasFields = (evm: EVM) => evm as unknown as StateGasFields;

/** Whether the top frame's access charges (EIP-2780/8037) ran out of gas before any opcode ran. */
export const prepOutOfGas = (evm: EVM): boolean => stateGasFields(evm).eip2780PrepOog;

/** A transaction's state-gas pools as runTx starts them; the block access list the EVM records into starts empty (nothing reads it here). */
export function startStateGas(evm: EVM, reservoir: bigint): void {
  const f = stateGasFields(evm);
  f.stateGasReservoir = reservoir;
  f.executionStateGasUsed = 0n;
  f.eip2780PrepOog = false;
  f.eip7928CallPostTargetOog = false;
  f.createTxTargetAlive = false;
  f._stateGasSnapshots = [];
  f.createdAccountStateGas = new Map();
  f.createdAccountIntrinsicStateGas = new Map();
  if (f.blockLevelAccessList !== undefined) f.blockLevelAccessList = createBlockLevelAccessList();
}

/**
 * Closes the checkpoint {@link startStateGas}'s caller opened: undone (the reservoir back whole) when
 * the authorizations or the top frame's access charges ran out of gas, kept otherwise. A call that
 * ran out of gas after EIP-7928's post-target access check pays its whole gas limit: the reservoir
 * is spent too.
 * @returns what is left in the reservoir and the state gas the transaction used (never below 0)
 */
export async function endStateGas(evm: EVM, reservoir: bigint, prepOutOfGas: boolean, outOfGas: boolean): Promise<{ reservoirLeft: bigint; used: bigint }> {
  const f = stateGasFields(evm);
  if (prepOutOfGas) {
    await evm.journal.revert();
    f.stateGasReservoir = reservoir;
    f.executionStateGasUsed = 0n;
  } else {
    await evm.journal.commit();
  }
  if (outOfGas && f.eip7928CallPostTargetOog) f.stateGasReservoir = 0n;
  const used = f.executionStateGasUsed > 0n ? f.executionStateGasUsed : 0n;
  return { reservoirLeft: f.stateGasReservoir, used };
}

/**
 * EIP-8037's charges of a set-code transaction's authorizations: ACCOUNT_WRITE in regular gas for
 * an authority the transaction has not written yet (the sender, and a recipient it pays, are
 * written already), state gas as the EVM draws it in a frame: the reservoir first, then the regular gas left.
 */
export function authorizationMeter(evm: EVM, request: CallRequest, left: () => bigint, setLeft: (gas: bigint) => void): AuthorizationMeter {
  const f = stateGasFields(evm);
  const written = new Set([bytesToHex(request.from)]);
  if (request.to !== null && request.value > 0n) written.add(bytesToHex(request.to));
  return {
    written,
    params: AMSTERDAM.tx,
    regular(amount) {
      if (left() < amount) return false;
      setLeft(left() - amount);
      return true;
    },
    state(amount) {
      const charged = f.chargeFrameStateGas(amount, left());
      if (charged === undefined) return false;
      setLeft(charged.remaining);
      return true;
    },
  };
}
