/**
 * The `vigil` command line: the same verification core as the extension, in Node.
 * @module
 */
import { cryptoReady } from '../crypto/backend.ts';
import { balanceCommand, usage as balanceUsage } from './commands/balance.ts';
import { devnetCommand, usage as devnetUsage } from './commands/devnet.ts';
import { lcSpectestCommand, usage as lcSpectestUsage } from './commands/lc-spectest.ts';
import { lcVerifyCommand, usage as lcVerifyUsage } from './commands/lc-verify.ts';
import { syncCommand, usage as syncUsage } from './commands/sync.ts';
import { usage as verifyProofUsage, verifyProofCommand } from './commands/verify-proof.ts';
import { usage as verifyReceiptsUsage, verifyReceiptsCommand } from './commands/verify-receipts.ts';
import { usage as zkVerifyUsage, zkVerifyCommand } from './commands/zk-verify.ts';
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

const commands: Record<string, { run: Command; usage: string }> = {
  'verify-proof': { run: single(verifyProofCommand), usage: verifyProofUsage },
  'verify-receipts': { run: single(verifyReceiptsCommand), usage: verifyReceiptsUsage },
  'lc-verify': { run: single(lcVerifyCommand), usage: lcVerifyUsage },
  'lc-spectest': { run: lcSpectestCommand, usage: lcSpectestUsage },
  sync: { run: (argv, out) => syncCommand(argv, out), usage: syncUsage },
  balance: { run: (argv, out) => balanceCommand(argv, out), usage: balanceUsage },
  devnet: { run: (argv, out) => devnetCommand(argv, out), usage: devnetUsage },
  'zk-verify': { run: zkVerifyCommand, usage: zkVerifyUsage },
};

export const help = `Vigil: an Ethereum light client and wallet that trusts no RPC server.

Usage: vigil <command> [options]

Commands:
${Object.values(commands)
  .map((c) => '  ' + c.usage.replace(/\n/g, '\n  '))
  .join('\n\n')}
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help);
    return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`INVALID_INPUT: unknown command "${name}" (vigil --help lists them)\n`);
    return EXIT_BAD_INPUT;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage + '\n');
    return EXIT_OK;
  }
  try {
    await cryptoReady();
    return await command.run(rest, (line) => process.stdout.write(line + '\n'));
  } catch (err) {
    process.stderr.write(errorLine(err) + '\n');
    return exitCodeFor(err);
  }
}
