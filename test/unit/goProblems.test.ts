// The "no usable go" notification is sent once per situation: the same
// failure on every save stays quiet; another failure, or the same one after a
// settings change, is told again; other errors are not go problems.
import assert from 'node:assert/strict';
import type { Connection } from 'vscode-languageserver';
import { AnalysisError } from '../../server/src/core/util/errors';
import { GoProblems } from '../../server/src/lsp/goProblems';
import { GoProblemNotification, type GoProblemParams } from '../../shared/protocol';

describe('go problems are told once per situation', function () {
  it('dedupes by message, resets on settings change, ignores other errors', function () {
    const sent: GoProblemParams[] = [];
    const connection = {
      sendNotification: (type: unknown, p: GoProblemParams) => {
        assert.equal(type, GoProblemNotification);
        sent.push(p);
        return Promise.resolve();
      },
    } as unknown as Connection;
    const problems = new GoProblems(connection);
    const missing = new AnalysisError('no-go', 'no `go` found on PATH or in the usual install places', 'Looked in: PATH');
    for (let save = 0; save < 5; save++) problems.report(missing);
    problems.report(new AnalysisError('build-failed', 'go build failed'));
    problems.report(new Error('boom'));
    assert.deepEqual(sent, [{ message: missing.message, details: 'Looked in: PATH', key: missing.message }]);
    problems.report(new AnalysisError('no-go', '`/opt/go/bin/go env GOVERSION` failed in /w'));
    assert.equal(sent.length, 2);
    problems.reset();
    problems.report(missing);
    assert.equal(sent.length, 3);
  });
});
