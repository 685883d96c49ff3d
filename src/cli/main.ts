/**
 * The `vigil` command line: the same verification core as the extension, in Node.
 * @module
 */
import { cryptoReady, forceNoble } from '../crypto/backend.ts';
import { errorLine, exitCodeFor, EXIT_BAD_INPUT, EXIT_OK } from './io.ts';

/** A command writes its stdout through `out` (one line a call) and returns its exit code. */
export type Command = (argv: string[], out: (line: string) => void) => number | Promise<number>;

/** A command that prints one JSON result and exits 0. */
const single =
  (fn: (argv: string[]) => string): Command =>
  (argv, out) => {
    out(fn(argv));
    return EXIT_OK;
  };

/**
 * Each command is imported when it runs, not before: `vigil lc-verify` should not pay for
 * compiling the devnet, the BN254 kernel or the zk verifiers (the whole-process benchmark
 * against Lodestar counts every millisecond of start-up).
 */
const commands: Record<string, () => Promise<{ run: Command; usage: string }>> = {
  'verify-proof': async () => {
    const m = await import('./commands/verify-proof.ts');
    return { run: single(m.verifyProofCommand), usage: m.usage };
  },
  'verify-receipts': async () => {
    const m = await import('./commands/verify-receipts.ts');
    return { run: single(m.verifyReceiptsCommand), usage: m.usage };
  },
  'lc-verify': async () => {
    const m = await import('./commands/lc-verify.ts');
    return { run: single(m.lcVerifyCommand), usage: m.usage };
  },
  'lc-spectest': async () => {
    const m = await import('./commands/lc-spectest.ts');
    return { run: m.lcSpectestCommand, usage: m.usage };
  },
  sync: async () => {
    const m = await import('./commands/sync.ts');
    return { run: (argv, out) => m.syncCommand(argv, out), usage: m.usage };
  },
  balance: async () => {
    const m = await import('./commands/balance.ts');
    return { run: (argv, out) => m.balanceCommand(argv, out), usage: m.usage };
  },
  call: async () => {
    const m = await import('./commands/call.ts');
    return { run: (argv, out) => m.callCommand(argv, out), usage: m.usage };
  },
  simulate: async () => {
    const m = await import('./commands/simulate.ts');
    return { run: (argv, out) => m.simulateCommand(argv, out), usage: m.usage };
  },
  receipt: async () => {
    const m = await import('./commands/receipt.ts');
    return { run: (argv, out) => m.receiptCommand(argv, out), usage: m.usage };
  },
  'l2-balance': async () => {
    const m = await import('./commands/l2-balance.ts');
    return { run: (argv, out) => m.l2BalanceCommand(argv, out), usage: m.usage };
  },
  exit: async () => {
    const m = await import('./commands/exit.ts');
    return { run: (argv, out) => m.exitCommand(argv, out), usage: m.usage };
  },
  activity: async () => {
    const m = await import('./commands/activity.ts');
    return { run: (argv, out) => m.activityCommand(argv, out), usage: m.usage };
  },
  logs: async () => {
    const m = await import('./commands/logs.ts');
    return { run: (argv, out) => m.logsCommand(argv, out), usage: m.usage };
  },
  wallet: async () => {
    const m = await import('./commands/wallet.ts');
    return { run: (argv, out) => m.walletCommand(argv, out), usage: m.usage };
  },
  devnet: async () => {
    const m = await import('./commands/devnet.ts');
    return { run: (argv, out) => m.devnetCommand(argv, out), usage: m.usage };
  },
  start: async () => {
    const m = await import('./commands/start.ts');
    return { run: (argv, out) => m.startCommand(argv, out), usage: m.usage };
  },
  'zk-verify': async () => {
    const m = await import('./commands/zk-verify.ts');
    return { run: m.zkVerifyCommand, usage: m.usage };
  },
  'kzg-spectest': async () => {
    const m = await import('./commands/kzg-spectest.ts');
    return { run: m.kzgSpectestCommand, usage: m.usage };
  },
  'blob-verify': async () => {
    const m = await import('./commands/blob-verify.ts');
    return { run: m.blobVerifyCommand, usage: m.usage };
  },
  'l2-head': async () => {
    const m = await import('./commands/l2-head.ts');
    return { run: m.l2HeadCommand, usage: m.usage };
  },
  'l2-fee': async () => {
    const m = await import('./commands/l2-fee.ts');
    return { run: m.l2FeeCommand, usage: m.usage };
  },
};

/** The full help text (loads every command for its usage). */
export async function help(): Promise<string> {
  const usages = await Promise.all(Object.values(commands).map(async (load) => (await load()).usage));
  return `Vigil: an Ethereum light client and wallet that trusts no RPC server.

Usage: vigil <command> [options]

Commands:
${usages.map((u) => '  ' + u.replace(/\n/g, '\n  ')).join('\n\n')}
`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(await help());
    return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`INVALID_INPUT: unknown command "${name}" (vigil --help lists them)\n`);
    return EXIT_BAD_INPUT;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage + '\n');
    return EXIT_OK;
  }
  try {
    await cryptoReady();
    // The fallback every primitive has where WebAssembly is missing, on demand (the tests' second run).
    if (process.env.VIGIL_CRYPTO_BACKEND === 'noble') forceNoble(true);
    return await command.run(rest, (line) => process.stdout.write(line + '\n'));
  } catch (err) {
    process.stderr.write(errorLine(err) + '\n');
    return exitCodeFor(err);
  }
}
