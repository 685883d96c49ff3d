/**
 * Reading consensus-spec-tests case files as published: YAML (every scalar a string, as the
 * configs write hex versions unquoted) and `*.ssz_snappy` (SSZ, then Snappy *block* compression).
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../../core/errors.ts';
import { snappyBlockDecode } from '../../core/snappy.ts';

/** Larger than any light-client or KZG case's SSZ; what a crafted header may not make us allocate past. */
const MAX_SSZ_BYTES = 2 ** 28;

/** One result line of a case: a step of a sync test, or the checks of a proof test. */
export interface StepResult {
  step: string;
  ok: boolean;
  detail: string;
}

export const readYaml = (dir: string, name: string): unknown => {
  try {
    return parseYaml(readFileSync(join(dir, name), 'utf8'), { schema: 'failsafe' });
  } catch (err) {
    throw new InputError(`cannot read ${name} in ${dir}: ${(err as Error).message}`);
  }
};

export const readSszSnappy = (dir: string, name: string): Uint8Array => {
  let compressed: Uint8Array;
  try {
    compressed = readFileSync(join(dir, `${name}.ssz_snappy`));
  } catch (err) {
    throw new InputError(`cannot read ${name}.ssz_snappy: ${(err as Error).message}`);
  }
  const ssz = snappyBlockDecode(compressed, MAX_SSZ_BYTES);
  if (ssz === undefined) throw new InputError(`${name}.ssz_snappy is not Snappy block data (of at most ${MAX_SSZ_BYTES} bytes decoded)`);
  return ssz;
};
