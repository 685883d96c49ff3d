/**
 * The `vigil` command line: the same verification core as the extension, in Node.
 * @module
 */
import { errorLine, exitCodeFor, EXIT_BAD_INPUT, EXIT_OK } from './io.ts';
import { usage as verifyProofUsage, verifyProofCommand } from './commands/verify-proof.ts';
import { usage as verifyReceiptsUsage, verifyReceiptsCommand } from './commands/verify-receipts.ts';
import { cryptoReady } from '../crypto/backend.ts';

const commands: Record<string, { run: (argv: string[]) => string; usage: string }> = {
  'verify-proof': { run: verifyProofCommand, usage: verifyProofUsage },
  'verify-receipts': { run: verifyReceiptsCommand, usage: verifyReceiptsUsage },
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
    process.stdout.write(command.run(rest) + '\n');
    return EXIT_OK;
  } catch (err) {
    process.stderr.write(errorLine(err) + '\n');
    return exitCodeFor(err);
  }
}
