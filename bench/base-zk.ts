/**
 * One-shot: following one new Base game with its ZK leg re-verified (issue 38, part 2), excluding
 * the network, in a warm process. The follow of test/unit/l2/op-stack/base-zk-world.ts's world
 * (the shipped Base mainnet config, one step wanted): the factory's list, the registry, the game's
 * slot 0 and code (its args), its ZK slots, the L2 header against its root claim, the Proved log,
 * the verifyProposalProof calldata decoded, the implementation's and ZKVerifier's getters (the
 * world's table: no real AggregateVerifier bytecode is available offline, so the local EVM run of
 * the getters is not in the figure), the gateway's route, the journal rebuilt, and one real SP1
 * PLONK verification standing in for the game's proof (SP1's v6.0.0 fibonacci fixture: no real
 * v6.1.0 PLONK proof or AggregateVerifier vector was found; both keys have the same shape).
 * Anchor: the released SP1VerifierPlonk.sol (v6.0.0) on @ethereumjs/evm, warm, for the verification alone.
 * Usage: node --import tsx bench/base-zk.ts   (prints markdown)
 */
import { median, SP1_PLONK_FIXTURE, sp1PlonkContractMs } from './sp1-plonk-anchor.ts';

const FIXTURE = SP1_PLONK_FIXTURE;
const RUNS = 15;

async function main(): Promise<void> {
  const { bn254Ready, bn254Backend } = await import('../src/crypto/bn254.ts');
  const { verifyZkProof } = await import('../src/zk/index.ts');
  const w = await import('../test/unit/l2/op-stack/base-zk-world.ts');
  await bn254Ready();
  const config = w.baseConfig((j) => (j.zkVerifySteps = 1));
  const games = [w.gameSpec(config, 0), w.gameSpec(config, 1)];
  const world = w.world(config, games);
  const real = () => verifyZkProof('sp1', { release: 'plonk-v6.0.0', programVKey: FIXTURE.vkey }, FIXTURE.proof, [FIXTURE.publicValues]).valid;
  if (!real()) throw new Error('the fixture did not verify'); // warm: the key parsed, the kernel ready
  const verifyAlone: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    real();
    verifyAlone.push(performance.now() - s);
  }
  const recorded = JSON.stringify(w.recordedCheck(config, games[0]!));
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // A fresh follower each time: nothing of the game is cached, as when it is new.
    const { follower } = w.follower(config, games, { w: world, verify: (check) => real() && JSON.stringify(check) === recorded });
    const s = performance.now();
    const followed = await follower.follow(w.HEAD);
    times.push(performance.now() - s);
    if (followed.tier.tier !== 'reverified') throw new Error(`the game was not re-verified: ${JSON.stringify(followed.tier)}`);
  }
  const contract = await sp1PlonkContractMs();
  const verify = median(verifyAlone);
  console.log(
    [
      `### Base: one new AggregateVerifier game followed with its ZK leg re-verified (median of ${RUNS}, warm, in process; target ≤ 100 ms)`,
      '',
      '| what | ms | anchor: SP1VerifierPlonk.sol on @ethereumjs/evm, ms | ratio (anchor ÷ ours) |',
      '|---|---:|---:|---:|',
      `| SP1 PLONK v6.0.0 proof alone, warm (${bn254Backend()}) | ${verify.toFixed(1)} | ${contract.toFixed(1)} | ${(contract / verify).toFixed(1)}× |`,
      `| follow of one new Base game, excluding network (one PLONK verification included) | ${median(times).toFixed(1)} | | |`,
    ].join('\n'),
  );
}

await main();
