/**
 * `vigil zk-verify --system groth16|plonk|fflonk --vkey <file> --proof <file> --public <file>`:
 * verifies a snarkjs proof against its verification key and public signals.
 * @module
 */
import { parseArgs } from 'node:util';
import { InputError } from '../../core/errors.ts';
import { verifyZkProof, ZK_SYSTEMS, type ZkSystem } from '../../zk/index.ts';
import { errorLine, EXIT_OK, EXIT_UNVERIFIED, readJsonFile } from '../io.ts';

export const usage = `vigil zk-verify --system groth16|plonk|fflonk --vkey <file> --proof <file> --public <file>
  Verifies a snarkjs proof (BN254, curve "bn128" or "bn254") against its verification key and
  public signals. Prints {"valid":true}, or {"valid":false,"reason":<code>} with the reason on stderr.
  Exit 0 verified; 1 does not verify (bad points, out-of-range values, wrong number of public
  signals, failed check); 2 input that is not a proof (not JSON, missing fields, wrong types).`;

const isSystem = (s: string): s is ZkSystem => (ZK_SYSTEMS as readonly string[]).includes(s);

export function zkVerifyCommand(argv: string[], out: (line: string) => void): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      system: { type: 'string' },
      vkey: { type: 'string' },
      proof: { type: 'string' },
      public: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.system === undefined) throw new InputError('missing --system');
  if (!isSystem(values.system)) {
    throw new InputError(`--system expected one of ${ZK_SYSTEMS.join(', ')}, got "${values.system}"`);
  }
  if (values.vkey === undefined) throw new InputError('missing --vkey');
  if (values.proof === undefined) throw new InputError('missing --proof');
  if (values.public === undefined) throw new InputError('missing --public');
  if (positionals.length > 0) throw new InputError(`unexpected argument ${positionals[0]}`);

  const verdict = verifyZkProof(
    values.system,
    readJsonFile(values.vkey, 'verification key'),
    readJsonFile(values.proof, 'proof'),
    readJsonFile(values.public, 'public signals'),
  );
  if (verdict.valid) {
    out(JSON.stringify({ valid: true }));
    return EXIT_OK;
  }
  out(JSON.stringify({ valid: false, reason: verdict.reason }));
  process.stderr.write(errorLine(verdict.error) + '\n');
  return EXIT_UNVERIFIED;
}
