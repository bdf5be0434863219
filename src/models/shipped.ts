/**
 * The statistical models shipped in the package's `models/` folder, read from disk on first use and kept
 * for the life of the process. This is the only place that reads model files; the detection engine gets
 * the loaded models through `ScannerOptions.models`.
 */
import { readFileSync } from 'node:fs';
import { VeilgateError } from '../errors.js';
import { InjectionClassifier } from '../detect/injection/classifier.js';
import { createInjectionDetector, type InjectionThresholds } from '../detect/injection/detector.js';
import type { InjectionDetector } from '../detect/injection/types.js';
import { NerTagger } from '../detect/ner/model.js';
import type { EntityModel, ModelSource } from '../detect/types.js';

/** Model name → file under models/, and how to decode it. */
const SHIPPED: Record<string, { file: string; decode: (bytes: Uint8Array) => EntityModel }> = {
  ner: { file: 'ner/ner.bin', decode: (b) => NerTagger.fromBytes(b) },
};

const loaded = new Map<string, EntityModel>();

function readModelFile(name: string, file: string, dir: string | undefined): Uint8Array {
  const url = dir === undefined ? new URL(`../../models/${file}`, import.meta.url) : `${dir}/${file}`;
  try {
    return readFileSync(url);
  } catch (cause) {
    throw new VeilgateError(
      'VG_MODEL_MISSING',
      `cannot read the ${name} model (models/${file}); reinstall the package or run 'npm run train:${name}'`,
      { cause },
    );
  }
}

/** Read and decode a shipped model; `dir` overrides the models folder (for tests and custom builds). */
export function loadShippedModel(name: string, dir?: string): EntityModel {
  const spec = SHIPPED[name];
  if (spec === undefined) throw new VeilgateError('VG_MODEL_MISSING', `no shipped model is called '${name}'`);
  return spec.decode(readModelFile(name, spec.file, dir));
}

let injectionClassifier: InjectionClassifier | undefined;

/** The shipped injection classifier (models/injection/injection.bin), read once per process. */
export function shippedInjectionClassifier(dir?: string): InjectionClassifier {
  if (dir !== undefined)
    return InjectionClassifier.fromBytes(readModelFile('injection', 'injection/injection.bin', dir));
  return (injectionClassifier ??= InjectionClassifier.fromBytes(
    readModelFile('injection', 'injection/injection.bin', undefined),
  ));
}

/** The injection and jailbreak detector with the shipped classifier. */
export function loadInjectionDetector(thresholds?: InjectionThresholds): InjectionDetector {
  return createInjectionDetector(shippedInjectionClassifier(), thresholds);
}

/** The default model source: each shipped model loaded once per process, on first use. */
export const shippedModels: ModelSource = (name) => {
  let m = loaded.get(name);
  if (m === undefined) loaded.set(name, (m = loadShippedModel(name)));
  return m;
};
