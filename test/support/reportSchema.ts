// The JSON report schema (docs/report.schema.json) compiled once with ajv, for
// tests that check what `scan`, `analyze-listing` and `scan-binary` print.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { REPO } from './paths';

export const REPORT_SCHEMA = JSON.parse(readFileSync(path.join(REPO, 'docs', 'report.schema.json'), 'utf8')) as object;

const validate = new Ajv({ allErrors: true, strict: true }).compile(REPORT_SCHEMA);

/** The schema's complaints about `doc` (empty when it conforms), one line each. */
export function reportSchemaErrors(doc: unknown): string[] {
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
