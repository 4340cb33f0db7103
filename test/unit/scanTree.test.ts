// The scan view's model (client/src/scanView/tree.ts): a binary-scan result
// as the server sends it → the tree's items, exactly: image → layer → binary →
// module → function for an image (errors of the image's binaries under it, the
// scan's own errors at the top), binary → module → function for a directory;
// descriptions, the fix in the tooltip, where a click goes (only to files in
// the workspace), and the summary line. Also what the image input box accepts.
import assert from 'node:assert/strict';
import type { ScanBinaryEntry, ScanBinaryFinding, ScanBinaryResult } from '../../shared/protocol';
import { scanTree, type ScanNode } from '../../client/src/scanView/tree';
import { imageInputProblem, ociReference } from '../../client/src/scanView/imageReference';

function finding(over: Partial<ScanBinaryFinding> & Pick<ScanBinaryFinding, 'function' | 'file' | 'line'>): ScanBinaryFinding {
  return {
    kind: 'split-sp-update',
    packagePath: null,
    module: 'example.com/app',
    moduleVersion: '(devel)',
    declLine: 10,
    frameSize: 131088,
    leaf: true,
    preemptible: true,
    instructions: ['add sp, sp, #0x10', 'add sp, sp, #0x20, lsl #12'],
    offsets: [0x40, 0x44],
    address: 0x10040,
    pseudo: null,
    binary: 'bin',
    toolchain: 'go1.24.4',
    fixedByToolchain: false,
    remedy: 'code-change',
    message: 'm',
    ...over,
  };
}

const IMAGE = { ref: 'oci:/tmp/layout', digest: `sha256:${'ab'.repeat(32)}`, platform: 'linux/arm64' };
const layer = (index: number) => ({ index, digest: `sha256:${String(index).repeat(64)}`, createdBy: `COPY app${index} /usr/bin/` });
const entry = (over: Partial<ScanBinaryEntry> & Pick<ScanBinaryEntry, 'path'>): ScanBinaryEntry => ({
  goVersion: 'go1.24.4',
  functions: 1500,
  mainModule: 'example.com/app',
  findings: [],
  errors: [],
  ...over,
});

/** One line per item: depth, kind, label, description, and ` -> file:line` when a click opens a workspace file. */
function render(nodes: ScanNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${'  '.repeat(depth)}${n.kind} ${n.label}${n.description ? ` | ${n.description}` : ''}${n.open ? ` -> ${n.open.file}:${n.open.line}` : ''}`,
    ...render(n.children, depth + 1),
  ]);
}

describe('scan view: the tree of a binary or image scan', () => {
  const imageResult: ScanBinaryResult = {
    binaries: [
      entry({
        path: 'oci:/tmp/layout:/usr/bin/app',
        image: IMAGE,
        layer: layer(1),
        findings: [
          finding({ function: 'main.checksum', file: 'main.go', line: 17, localFile: '/ws/main.go' }),
          finding({
            function: 'main.(*big).fill',
            file: 'main.go',
            line: 31,
            localFile: '/ws/main.go',
            leaf: false,
            frameSize: 70000,
            remedy: 'toolchain',
            fixedByToolchain: true,
          }),
          finding({
            function: 'main.(*big).fill',
            file: 'main.go',
            line: 35,
            localFile: '/ws/main.go',
            leaf: false,
            frameSize: 70000,
            remedy: 'toolchain',
            fixedByToolchain: true,
          }),
          finding({
            function: 'example.com/dep.Sum',
            file: 'example.com/dep@v1.2.0/sum.go',
            line: 8,
            module: 'example.com/dep',
            moduleVersion: 'v1.2.0',
          }),
        ],
      }),
      entry({ path: 'oci:/tmp/layout:/usr/bin/tool', image: IMAGE, layer: layer(0), mainModule: 'example.com/tool' }),
      entry({
        path: 'oci:/tmp/layout:/usr/bin/broken',
        goVersion: null,
        functions: 0,
        mainModule: null,
        errors: ['truncated: the file ends at 4096 of 81920 bytes'],
      }),
    ],
    skipped: 12,
    errors: ['oci:/tmp/layout (linux/amd64): layer 2 is\nneither tar, gzip nor zstd'],
    report: '',
    diagnostics: [],
  };

  it('groups an image scan as image → layer → binary → module → function, layers base first, the fix in the tooltip', () => {
    const t = scanTree(imageResult, 'oci:/tmp/layout');
    assert.deepEqual(render(t.roots), [
      `image oci:/tmp/layout | linux/arm64 · sha256:${'ab'.repeat(6)}`,
      '  layer layer 0 | COPY app0 /usr/bin/',
      '    binary /usr/bin/tool | go1.24.4 · example.com/tool · no split epilogue',
      '  layer layer 1 | COPY app1 /usr/bin/',
      '    binary /usr/bin/app | go1.24.4 · example.com/app · 4 hazards',
      '      module example.com/app | (devel)',
      '        function main.checksum | go1.24.4 · leaf · 128 KiB frame · preemptible -> /ws/main.go:17',
      '        function main.(*big).fill | go1.24.4 · non-leaf · 68 KiB frame · preemptible -> /ws/main.go:31',
      '          return main.go:31 | split SP pop -> /ws/main.go:31',
      '          return main.go:35 | split SP pop -> /ws/main.go:35',
      '      module example.com/dep | v1.2.0',
      '        function example.com/dep.Sum | go1.24.4 · leaf · 128 KiB frame · preemptible',
      '  binary /usr/bin/broken | Go version unknown · error',
      '    error truncated: the file ends at 4096 of 81920 bytes | error',
      'error oci:/tmp/layout (linux/amd64): layer 2 is\\nneither tar, gzip nor zstd | error',
    ]);
    assert.equal(
      t.message,
      '4 preemptible split SP updates (2 in leaf functions: need a code change) in 2 binaries; 12 files skipped (not Go arm64 executables); 2 errors',
    );
    const fns = t.roots[0].children[1].children[0].children;
    const checksum = fns[0].children[0];
    assert.equal(
      checksum.tooltip,
      [
        "Split SP pop in main.checksum's epilogue (128 KiB frame, leaf): a preemption here crashes the GC",
        'fix: change the code: move the large local to the heap, or shrink the frame below 64 KiB (leaf function: no toolchain fixes it; go1.26 and go1.27 still split leaf epilogues)',
        'main.go:17',
      ].join('\n'),
    );
    assert.equal(
      fns[0].children[1].tooltip,
      [
        "Split SP pop in main.(*big).fill's epilogue (68 KiB frame, non-leaf): a preemption here crashes the GC",
        'fix: rebuild with go1.24.6+ (non-leaf function: the fixed toolchain pops the frame atomically)',
        'main.go:31',
        'main.go:35',
      ].join('\n'),
    );
    assert.match(fns[1].children[0].tooltip ?? '', /\nexample\.com\/dep@v1\.2\.0\/sum\.go:8 \(the source is not in this workspace\)$/);
    // Which items carry a hazard (the view's warning icons): down to the function, not the clean binary.
    assert.deepEqual(
      [t.roots[0], ...t.roots[0].children, t.roots[0].children[0].children[0]].map((n) => `${n.label}:${n.hazard}`),
      ['oci:/tmp/layout:true', 'layer 0:false', 'layer 1:true', '/usr/bin/broken:false', '/usr/bin/tool:false'],
    );
    const ids = new Set<string>();
    const walk = (ns: ScanNode[]) => ns.forEach((n) => (ids.add(n.id), walk(n.children)));
    walk(t.roots);
    assert.equal(ids.size, render(t.roots).length, 'every item has its own id');
  });

  it('shows a directory scan as binary → module → function, paths below the directory, a not-preemptible pair said so', () => {
    const result: ScanBinaryResult = {
      binaries: [
        entry({
          path: '/srv/bin/app',
          findings: [
            finding({
              function: 'main.big',
              file: '/src/app/main.go',
              line: 9,
              preemptible: false,
              notPreemptible: 'unsafe-point',
              remedy: 'none',
            }),
          ],
        }),
        entry({ path: '/srv/bin/sub/evil\u001b[31m', goVersion: 'go1.25.0', mainModule: null }),
      ],
      skipped: 1,
      errors: [],
      report: '',
      diagnostics: [],
    };
    const t = scanTree(result, '/srv/bin');
    assert.deepEqual(render(t.roots), [
      'binary app | go1.24.4 · example.com/app · no hazards',
      '  module example.com/app | (devel)',
      '    function main.big | go1.24.4 · leaf · 128 KiB frame · not preemptible',
      'binary sub/evil\\x1b[31m | go1.25.0 · no split epilogue',
    ]);
    assert.match(t.roots[0].children[0].children[0].tooltip ?? '', /\nnot a hazard: the compiler marked this point unsafe/);
    assert.equal(
      t.message,
      '0 preemptible split SP updates (0 in leaf functions: need a code change) in 2 binaries; 1 file skipped (not Go arm64 executables); 0 errors',
    );
    // A single file: its name.
    assert.deepEqual(render(scanTree({ ...result, binaries: [result.binaries[1]] }, '/srv/bin/sub/evil\u001b[31m').roots), [
      'binary evil\\x1b[31m | go1.25.0 · no split epilogue',
    ]);
  });
});

describe('scan view: the image reference input', () => {
  it('accepts the CLI image sources and says what is wrong with the rest', () => {
    for (const ok of [
      'oci:/tmp/layout',
      'oci:/tmp/layout:1.0',
      'registry:127.0.0.1:5000/app:1.0',
      'docker://localhost:5000/team/app@sha256:' + 'a'.repeat(64),
      'oci-archive:/tmp/a.tar',
      'docker-archive:img.tar',
    ])
      assert.equal(imageInputProblem(ok), undefined, ok);
    assert.equal(imageInputProblem('/tmp/layout'), 'Start with registry:, docker://, oci:, oci-archive: or docker-archive:');
    assert.equal(imageInputProblem('oci:'), 'Name the directory after the colon');
    assert.equal(imageInputProblem('docker-archive:'), 'Name the file after the colon');
    assert.equal(
      imageInputProblem('registry:app:1.0'),
      "registry reference 'app:1.0' names no registry host (write HOST[:PORT]/REPO[:TAG])",
    );
    assert.equal(
      imageInputProblem('registry:127.0.0.1:5000/App'),
      "registry reference '127.0.0.1:5000/App': 'App' is not a valid repository name",
    );
    assert.equal(ociReference('/tmp/layout'), 'oci:/tmp/layout');
    assert.equal(ociReference('/tmp/a:b'), 'oci:/tmp/a:b:');
  });
});
