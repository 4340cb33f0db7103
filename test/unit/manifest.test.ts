// package.json's contributions agree with the code: settings = shared/protocol.ts
// Settings with the same defaults, commands = the client's command registry,
// restricted settings exist, activation only for Go workspaces.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, SETTINGS_SECTION } from '../../shared/protocol';
import { COMMANDS } from '../../client/src/commandIds';
import { REPRO_VIEW_TYPE } from '../../client/src/repro/shared';

const root = path.resolve(__dirname, '../../..');
interface Manifest {
  main: string;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: {
    commands: { command: string; title: string; category: string }[];
    configuration: { properties: Record<string, { default: unknown; scope?: string; markdownDescription?: string }> };
  };
}
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

describe('extension manifest', function () {
  it('contributes exactly the Settings of protocol.ts, with the same defaults', function () {
    const props = pkg.contributes.configuration.properties;
    assert.deepEqual(
      Object.keys(props).sort(),
      Object.keys(DEFAULT_SETTINGS)
        .map((k) => `${SETTINGS_SECTION}.${k}`)
        .sort(),
    );
    for (const [k, v] of Object.entries(DEFAULT_SETTINGS)) {
      const p = props[`${SETTINGS_SECTION}.${k}`];
      assert.deepEqual(p.default, v, k);
      assert.ok(p.markdownDescription && p.markdownDescription.length > 20, `${k} has a description`);
    }
    assert.equal(props['preemptGuard.goPath'].scope, 'machine-overridable');
    assert.equal(props['preemptGuard.buildFlags'].scope, 'resource');
  });

  it('restricts the settings that choose what runs in untrusted workspaces', function () {
    const u = pkg.capabilities.untrustedWorkspaces;
    assert.equal(u.supported, 'limited');
    assert.deepEqual([...u.restrictedConfigurations].sort(), ['preemptGuard.buildFlags', 'preemptGuard.goPath']);
  });

  it("contributes exactly the commands of the client's registry, all in the Preempt Guard category", function () {
    assert.deepEqual(
      pkg.contributes.commands.map((c) => c.command).sort(),
      Object.values(COMMANDS)
        .map((c) => c.id)
        .sort(),
    );
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'Preempt Guard', c.command);
    const titles = pkg.contributes.commands.map((c) => `${c.category}: ${c.title}`);
    for (const t of ['Preempt Guard: Scan Workspace', 'Preempt Guard: Show arm64 Assembly for Function', 'Preempt Guard: Restart Server']) {
      assert.ok(titles.includes(t), t);
    }
  });

  it('activates only for Go workspaces, Go files and restored panels (contributed commands activate it without onCommand events)', function () {
    for (const e of pkg.activationEvents)
      assert.match(e, /^(workspaceContains:\*\*\/go\.(mod|work)|onLanguage:go|onWebviewPanel:preemptGuard\.\w+)$/);
    assert.ok(pkg.activationEvents.includes('workspaceContains:**/go.mod'));
    // A panel with a serializer is restored by a window reload only if the extension activates for it.
    assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${REPRO_VIEW_TYPE}`));
    assert.equal(pkg.main, 'dist/client.js');
  });
});
