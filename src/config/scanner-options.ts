import type { ScannerOptions } from '../detect/scanner.js';
import type { ScanConfig } from './schema.js';

/** The scanner a configuration describes. */
export function scannerOptionsFromConfig(scan: ScanConfig): ScannerOptions {
  return {
    threshold: scan.threshold,
    disabled: scan.disabled,
    allow: scan.allow,
    deny: scan.deny,
    custom: scan.recognizers,
  };
}
