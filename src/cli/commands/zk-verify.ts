/**
 * `vigil zk-verify --system groth16|plonk|fflonk|gnark-plonk --vkey <file> --proof <file> --public <file>`:
 * verifies a snarkjs proof against its verification key (JSON, or the Solidity verifier snarkjs
 * exported) and public signals, or a gnark PLONK proof against gnark's Solidity verifier.
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { InputError } from '../../core/errors.ts';
import { verifyGnarkPlonkProof, verifyZkProof, ZK_SYSTEMS, type ZkSystem, type ZkVerdict } from '../../zk/index.ts';
import { errorLine, EXIT_OK, EXIT_UNVERIFIED, readJsonFile } from '../io.ts';

export const usage = `vigil zk-verify --system groth16|plonk|fflonk|gnark-plonk --vkey <file> --proof <file> --public <file>
  groth16|plonk|fflonk: verifies a snarkjs proof (BN254, curve "bn128" or "bn254") against its
  verification key (verification_key.json, or a <file>.sol: the Solidity verifier snarkjs exported)
  and public signals (JSON array of decimal strings).
  gnark-plonk: verifies a gnark PLONK proof (Linea's, SP1's) against gnark's exported Solidity
  verifier (--vkey <file>.sol); --proof holds the proof bytes as 0x-hex, --public a JSON array of
  decimal or 0x-hex strings.
  Prints {"valid":true}, or {"valid":false,"reason":<code>} with the reason on stderr.
  Exit 0 verified; 1 does not verify (bad points, out-of-range values, wrong number of public
  signals, failed check); 2 input that is not a proof (not JSON, missing fields, wrong types).`;

const SYSTEMS = [...ZK_SYSTEMS, 'gnark-plonk'] as const;
const isSnarkjs = (s: string): s is ZkSystem => (ZK_SYSTEMS as readonly string[]).includes(s);

/** Largest text input read (verifier contracts are ~60 kB, proofs a few kB). */
const MAX_TEXT_BYTES = 16 * 1024 * 1024;

function readTextFile(path: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${what} file ${path}: ${(err as Error).message}`);
  }
  if (text.length > MAX_TEXT_BYTES) throw new InputError(`${what} file ${path} is larger than ${MAX_TEXT_BYTES} bytes`);
  return text;
}

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
  const system = values.system;
  if (!isSnarkjs(system) && system !== 'gnark-plonk') {
    throw new InputError(`--system expected one of ${SYSTEMS.join(', ')}, got "${system}"`);
  }
  if (values.vkey === undefined) throw new InputError('missing --vkey');
  if (values.proof === undefined) throw new InputError('missing --proof');
  if (values.public === undefined) throw new InputError('missing --public');
  if (positionals.length > 0) throw new InputError(`unexpected argument ${positionals[0]}`);

  const verdict: ZkVerdict = isSnarkjs(system)
    ? verifyZkProof(
        system,
        values.vkey.endsWith('.sol') ? readTextFile(values.vkey, 'Solidity verifier') : readJsonFile(values.vkey, 'verification key'),
        readJsonFile(values.proof, 'proof'),
        readJsonFile(values.public, 'public signals'),
      )
    : verifyGnarkPlonkProof(
        readTextFile(values.vkey, 'Solidity verifier'),
        readTextFile(values.proof, 'proof').trim(),
        readJsonFile(values.public, 'public inputs'),
      );
  if (verdict.valid) {
    out(JSON.stringify({ valid: true }));
    return EXIT_OK;
  }
  out(JSON.stringify({ valid: false, reason: verdict.reason }));
  process.stderr.write(errorLine(verdict.error) + '\n');
  return EXIT_UNVERIFIED;
}
