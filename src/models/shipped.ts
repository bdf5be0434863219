/**
 * The statistical models shipped in the package's `models/` folder, read from disk on first use and kept
 * for the life of the process. This is the only place that reads model files; the detection engine gets
 * the loaded models through `ScannerOptions.models`.
 */
import { readFileSync } from 'node:fs';
import { VeilgateError } from '../errors.js';
import { NerTagger } from '../detect/ner/model.js';
import type { EntityModel, ModelSource } from '../detect/types.js';

/** Model name → file under models/, and how to decode it. */
const SHIPPED: Record<string, { file: string; decode: (bytes: Uint8Array) => EntityModel }> = {
  ner: { file: 'ner/ner.bin', decode: (b) => NerTagger.fromBytes(b) },
};

const loaded = new Map<string, EntityModel>();

/** Read and decode a shipped model; `dir` overrides the models folder (for tests and custom builds). */
export function loadShippedModel(name: string, dir?: string): EntityModel {
  const spec = SHIPPED[name];
  if (spec === undefined) throw new VeilgateError('VG_MODEL_MISSING', `no shipped model is called '${name}'`);
  const url =
    dir === undefined ? new URL(`../../models/${spec.file}`, import.meta.url) : `${dir}/${spec.file}`;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(url);
  } catch (cause) {
    throw new VeilgateError(
      'VG_MODEL_MISSING',
      `cannot read the ${name} model (models/${spec.file}); reinstall the package or run 'npm run train:${name}'`,
      { cause },
    );
  }
  return spec.decode(bytes);
}

/** The default model source: each shipped model loaded once per process, on first use. */
export const shippedModels: ModelSource = (name) => {
  let m = loaded.get(name);
  if (m === undefined) loaded.set(name, (m = loadShippedModel(name)));
  return m;
};
