// One JSON schema for every scan (docs/report.schema.json), checked with a
// real validator (ajv): the JSON of a listing scan and of a binary scan
// (hand-made hazards, no Go) both conform, carry the schema version and the
// tool's version from package.json, and what the schema forbids (the old
// `offset` field, a missing version, a binary without `path`) is refused.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatJson, REPORT_SCHEMA_VERSION } from '../../server/src/core/report/json';
import { binaryScanReport, listingReport } from '../../server/src/core/report/model';
import { VERSION } from '../../server/src/cli/version';
import { HAND_TOOLCHAIN, listingFinding as handListingFinding, runtimeAsmPair } from '../support/handMadeFindings';
import { REPO } from '../support/paths';
import { REPORT_SCHEMA, reportSchemaErrors } from '../support/reportSchema';

const listingFinding = handListingFinding();
// The runtime's assembly pair: no module, not preemptible (remedy none).
const binaryFinding = runtimeAsmPair();
const TOOLCHAIN = HAND_TOOLCHAIN;

const listingJson = () =>
  JSON.parse(
    formatJson(
      listingReport([listingFinding], [{ packagePath: 'main', file: '/src/app/x.go', line: 3, column: 2, message: 'undefined: y' }], {
        toolchain: TOOLCHAIN,
        root: '/src/app',
      }),
      VERSION,
    ),
  );
const binaryJson = () =>
  JSON.parse(
    formatJson(
      binaryScanReport(
        {
          binaries: [
            {
              path: 'image.tar:/usr/bin/app',
              format: 'elf',
              goVersion: 'go1.24.4',
              buildInfo: { goVersion: 'go1.24.4', path: 'example.com/app', main: null, deps: [], settings: { GOARCH: 'arm64' } },
              findings: [binaryFinding],
              errors: ['pclntab cut short'],
              functions: 1200,
            },
          ],
          skipped: 3,
          errors: ['other: no such file or directory'],
        },
        { cwd: '/src/app' },
      ),
      VERSION,
    ),
  );

describe('the JSON report schema', function () {
  it('is a valid JSON Schema whose version is the one the reports carry', function () {
    assert.deepEqual((REPORT_SCHEMA as { properties: { schemaVersion: unknown } }).properties.schemaVersion, {
      const: REPORT_SCHEMA_VERSION,
    });
  });

  it('a listing scan conforms: toolchain, findings with offsets and pseudo, build errors', function () {
    const doc = listingJson();
    assert.deepEqual(reportSchemaErrors(doc), []);
    assert.equal(doc.source, 'listing');
    assert.deepEqual(doc.findings[0].offsets, [0x54, 0x58]);
    assert.equal(doc.findings[0].toolchain, 'go1.24.4');
    assert.equal(doc.findings[0].remedy, 'toolchain');
  });

  it('a binary scan conforms: binaries, skipped, findings naming their binary, errors naming theirs', function () {
    const doc = binaryJson();
    assert.deepEqual(reportSchemaErrors(doc), []);
    assert.equal(doc.source, 'binary');
    assert.deepEqual(doc.findings[0].offsets, [0x54, 0x58]);
    assert.equal(doc.findings[0].binary, 'image.tar:/usr/bin/app');
    assert.equal(doc.findings[0].remedy, 'none');
    assert.equal(doc.binaries[0].mainPackage, 'example.com/app');
    assert.deepEqual(doc.errors, [
      { message: 'other: no such file or directory' },
      { message: 'pclntab cut short', binary: 'image.tar:/usr/bin/app' },
    ]);
  });

  it("the tool's version is package.json's", function () {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    assert.equal(listingJson().tool.version, pkg.version);
  });

  it('refuses what it does not describe', function () {
    const old = binaryJson();
    old.findings[0].offset = 0x54;
    assert.match(reportSchemaErrors(old).join('\n'), /must NOT have additional properties/);
    const unversioned = listingJson();
    delete unversioned.schemaVersion;
    assert.match(reportSchemaErrors(unversioned).join('\n'), /must have required property 'schemaVersion'/);
    const noPath = binaryJson();
    delete noPath.binaries[0].path;
    assert.match(reportSchemaErrors(noPath).join('\n'), /\/binaries\/0 must have required property 'path'/);
  });
});
