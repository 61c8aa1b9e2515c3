// Validates mutation reports against the official mutation-testing-elements JSON Schema (npm package
// mutation-testing-report-schema) with Ajv, a full JSON Schema validator.
//   node tests/schema/validate-report.mjs REPORT.json...
// Exit 0 when every report is valid; 1 with one line per error (file, JSON pointer, message) otherwise.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);
const schema = require('mutation-testing-report-schema/mutation-testing-report-schema.json');
// The schema's one "format" (a URI) is not checked: Ajv ships no format checks without ajv-formats.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const validate = ajv.compile(schema);

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: validate-report.mjs REPORT.json...\n');
  process.exit(2);
}
let failed = false;
for (const file of files) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    process.stdout.write(`${file}: not JSON: ${error.message}\n`);
    failed = true;
    continue;
  }
  if (validate(report)) {
    process.stdout.write(`${file}: valid (schema ${schema.$id})\n`);
  } else {
    failed = true;
    for (const error of validate.errors) {
      process.stdout.write(`${file}: ${error.instancePath || '/'}: ${error.message}\n`);
    }
  }
}
process.exit(failed ? 1 : 0);
