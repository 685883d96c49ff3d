/**
 * The anchor of the SP1 benches (bench/op-succinct.ts, bench/base-zk.ts): SP1's own
 * SP1VerifierPlonk.sol (v6.0.0) run on the local EVM over Succinct's fibonacci fixture, the same
 * proof Vigil's verifier is timed on, so that each bench reports its ratio in the same run.
 * @module
 */
import { readFileSync } from 'node:fs';

export const SP1_PLONK_FIXTURE = JSON.parse(readFileSync(new URL('../test/fixtures/sp1/v6.0.0/fibonacci-plonk-fixture.json', import.meta.url), 'utf8')) as { vkey: string; publicValues: string; proof: string };

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** The median of five warm runs of the contract on the fixture, in ms (the contract must accept it). */
export async function sp1PlonkContractMs(): Promise<number> {
  const { sp1ReferenceVerifier } = await import('../test/unit/zk/solidity-evm.ts');
  const { hexToBytes } = await import('../src/core/bytes.ts');
  const reference = await sp1ReferenceVerifier('v6.0.0', 'Plonk');
  const args = [hexToBytes(SP1_PLONK_FIXTURE.vkey), hexToBytes(SP1_PLONK_FIXTURE.publicValues), hexToBytes(SP1_PLONK_FIXTURE.proof)] as const;
  if ((await reference.verify(...args)) !== 'ok') throw new Error('the contract refused the proof');
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    await reference.verify(...args);
    times.push(performance.now() - s);
  }
  return median(times);
}
