/**
 * `vigil blob-verify --tx <file>` | `--sidecars <file> [--header <file>]`: checks blobs a user or a
 * tool has at hand against their KZG commitments, and the commitments against what names them (a
 * transaction's versioned hashes; a block header's body root by inclusion proof). The checks are
 * src/execution/blobs and src/l1/blobs; this file reads the files and prints.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { kzgBackend, kzgReady } from '../../crypto/kzg.ts';
import { decodeBlobTransactionNetworkForm } from '../../execution/blobs/network-form.ts';
import { verifyBlobTransaction } from '../../execution/blobs/verify.ts';
import { parseHeaderAnswer, parseSidecarsAnswer } from '../../l1/blobs/sidecars.ts';
import { verifySidecars } from '../../l1/blobs/verify-sidecars.ts';
import { EXIT_OK, readJsonFile } from '../io.ts';

export const usage = `vigil blob-verify --tx <file> | --sidecars <file> [--header <file>]
  --tx: a type-3 transaction in its network form, as hex (0x optional, whitespace ignored):
  EIP-4844's 0x03 ‖ rlp([tx, blobs, commitments, proofs]) or EIP-7594's
  0x03 ‖ rlp([tx, 1, blobs, commitments, cell_proofs]) (128 cell proofs per blob). Checks the
  counts, each blob versioned hash against its commitment, the signature (the sender), then
  every proof.
  --sidecars: a Beacon API answer, blob_sidecars (Deneb, Electra) or data_column_sidecars (Fulu):
  each sidecar's inclusion proof against its signed header's body_root, one header for all, and
  the KZG proofs. --header: a /eth/v1/beacon/headers answer the sidecars' header must be (its root
  checked too). The header's signature is not checked.
  Prints one JSON line of what was verified. Exit 0 all verified; 1 well-formed input that does
  not verify (a wrong proof, a proof that is not a curve point, a field element not below the
  modulus, counts or hashes that disagree, a failed inclusion proof, another header); 2 input it
  cannot read (not hex, JSON or RLP, wrong byte lengths, trailing bytes, Gloas sidecars).`;

/** Largest hex file read: a network form of 256 blobs with cell proofs, in hex, with room. */
const MAX_HEX_FILE_BYTES = 128 * 1024 * 1024;

/** Bytes from a file of hex: 0x optional, whitespace anywhere ignored. */
export function readHexFile(path: string, what: string): Uint8Array {
  let text: string;
  try {
    if (statSync(path).size > MAX_HEX_FILE_BYTES) throw new InputError(`${what} file ${path} is larger than ${MAX_HEX_FILE_BYTES} bytes`);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read ${what} file ${path}: ${(err as Error).message}`);
  }
  const digits = text.replace(/\s+/g, '');
  const body = digits.startsWith('0x') || digits.startsWith('0X') ? digits.slice(2) : digits;
  if (body.length === 0) throw new InputError(`${what} file ${path} holds no hex`);
  return hexToBytes('0x' + body, undefined, `${what} file`);
}

export async function blobVerifyCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { tx: { type: 'string' }, sidecars: { type: 'string' }, header: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new InputError(`unexpected argument ${positionals[0]}`);
  if ((values.tx === undefined) === (values.sidecars === undefined)) throw new InputError('expected one of --tx <file> or --sidecars <file>');
  if (values.tx !== undefined && values.header !== undefined) throw new InputError('--header goes with --sidecars, not --tx');

  // Everything is read (exit 2 if it cannot be) before any verdict.
  if (values.tx !== undefined) {
    const nf = decodeBlobTransactionNetworkForm(readHexFile(values.tx, 'transaction'));
    await kzgReady();
    const r = verifyBlobTransaction(nf);
    out(
      JSON.stringify({
        verified: 'transaction',
        form: r.form,
        txHash: bytesToHex(r.txHash),
        from: bytesToHex(r.from),
        blobs: r.blobs,
        versionedHashes: r.versionedHashes.map(bytesToHex),
        proofs: r.proofs,
        proofsChecked: r.proofsChecked,
        kzg: kzgBackend(),
      }),
    );
    return EXIT_OK;
  }
  const answer = parseSidecarsAnswer(readJsonFile(values.sidecars!, 'sidecars'));
  const header = values.header === undefined ? undefined : parseHeaderAnswer(readJsonFile(values.header, 'header'));
  await kzgReady();
  const r = verifySidecars(answer, header);
  out(
    JSON.stringify({
      verified: r.kind,
      block: {
        slot: r.header.slot.toString(),
        proposerIndex: r.header.proposerIndex.toString(),
        root: bytesToHex(r.root),
        parentRoot: bytesToHex(r.header.parentRoot),
        bodyRoot: bytesToHex(r.header.bodyRoot),
      },
      sidecars: r.indices.length,
      indices: r.indices,
      versionedHashes: r.versionedHashes.map(bytesToHex),
      inclusionProofs: r.inclusionProofs,
      proofsChecked: r.proofsChecked,
      header: r.headerMatched ? 'matched' : 'not given',
      canonical: header?.canonical ?? null,
      signature: 'not checked',
      kzg: kzgBackend(),
    }),
  );
  return EXIT_OK;
}
