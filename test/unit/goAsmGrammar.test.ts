// The go-asm-listing TextMate grammar, run through the same engine VS Code
// uses (vscode-textmate + vscode-oniguruma), on lines of a real go1.24
// `-gcflags=-S` listing and on native (capstone) instruction text.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, type IGrammar, parseRawGrammar, Registry } from 'vscode-textmate';

const root = path.resolve(__dirname, '../../..');
const grammarPath = path.join(root, 'syntaxes/go-asm.tmLanguage.json');

async function loadGrammar(): Promise<IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'source.go-asm-listing' ? parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  const g = await registry.loadGrammar('source.go-asm-listing');
  assert.ok(g, 'grammar loads');
  return g;
}

/** Tokenizes one line and returns the scopes of the token that covers `text`. */
function scopesOf(grammar: IGrammar, line: string, text: string, after = ''): string[] {
  const at = line.indexOf(text, after ? line.indexOf(after) + after.length : 0);
  assert.ok(at >= 0, `"${text}" in "${line}"`);
  const { tokens } = grammar.tokenizeLine(line, INITIAL);
  const tok = tokens.find((t) => t.startIndex <= at && at < t.endIndex);
  assert.ok(tok, `token at ${at}`);
  const covered = line.slice(tok.startIndex, tok.endIndex);
  assert.equal(covered, text, `token boundaries around "${text}" in "${line}" (got "${covered}")`);
  return tok.scopes;
}

function hasScope(scopes: string[], prefix: string): boolean {
  return scopes.some((s) => s === `${prefix}.go-asm-listing` || s.startsWith(`${prefix}.`));
}

const P = '/home/u/e2edemo/main.go';
const lines = {
  header: 'main.checksum STEXT size=144 args=0x8 locals=0x20008 funcid=0x0 align=0x0 leaf',
  text: `\t0x0000 00000 (${P}:14)\tTEXT\tmain.checksum(SB), LEAF|ABIInternal, $131088-8`,
  funcdata: `\t0x0030 00048 (${P}:14)\tFUNCDATA\t$0, gclocals·FzY36IO2mY0y4dZ1+Izd/w==(SB)`,
  pcdata: `\t0x0004 00004 (${P}:14)\tPCDATA\t$0, $-2`,
  local: `\t0x0030 00048 (${P}:15)\tMOVD\t$main.buf-131072(SP), R16`,
  stp: `\t0x0024 00036 (${P}:14)\tSTP\t(R29, R30), -8(R20)`,
  g: `\t0x0000 00000 (${P}:14)\tMOVD\t16(g), R16`,
  add: `\t0x0068 00104 (${P}:17)\tADD\t$131088, RSP`,
  call: `\t0x007c 00124 (${P}:14)\tCALL\truntime.morestack_noctxt(SB)`,
  method: `\t0x0010 00016 (${P}:30)\tCALL\tmain.(*T).m(SB)`,
  zr: `\t0x003c 00060 (${P}:15)\tSTP.P\t(ZR, ZR), 16(R16)`,
  hex: '\t0x0060 fd 23 00 91 bd 83 40 91 ff 43 00 91 ff 83 40 91  .#....@..C....@.',
  rel: '\trel 124+4 t=R_CALLARM64 runtime.morestack_noctxt+0',
  pkg: '# example.com/e2edemo',
  comment: '// main.checksum  go1.24.4  frame 131088  leaf',
  native: '0x0068  add sp, sp, #0x10',
  nativeShift: '0x006c  add sp, sp, #0x20, lsl #12',
  nativeMem: '0x0050  ldp x29, x30, [sp, #-8]',
  // The assembly view's own format (core/listing/assembly.ts assemblyText): pseudo | native; a split Prog's
  // instructions on their own lines under it, the mark between the halves.
  viewHeader: '// main.fill  frame=131104 args=8  (go1.24.4, GOARCH=arm64)',
  viewSplitHead: '0x0054 (main.go:31)\tADD $131104, RSP',
  viewSplitNative: '       0x0058  add sp, sp, #0x20, lsl #12',
  viewSplitMark: '               ⟵ preemption here = crash',
  viewPlain: '0x0010 (main.go:28)\tSUB $131104, RSP, R20              \t| sub x20, sp, #0x20; sub x20, x20, #0x20, lsl #12',
  viewArg: '0x0060 (main.go:30)\tMOVD R0, main.val(FP)                   \t| add x27, sp, #0x20, lsl #12; str x0, [x27, #0x28]',
  viewBranch: '0x0010 (main.go:28)\tBLO 172                                 \t| b.lo #0xac',
};

describe('go-asm-listing grammar', function () {
  this.timeout(30_000);
  let g: IGrammar;
  before(async function () {
    g = await loadGrammar();
  });

  it('is valid JSON with the scope name the manifest names', function () {
    const raw = JSON.parse(readFileSync(grammarPath, 'utf8')) as { scopeName: string };
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { grammars: { language: string; scopeName: string; path: string }[]; languages: { id: string }[] };
    };
    const contributed = pkg.contributes.grammars.find((x) => x.language === 'go-asm-listing');
    assert.ok(contributed);
    assert.equal(contributed.scopeName, raw.scopeName);
    assert.equal(path.resolve(root, contributed.path), grammarPath);
    assert.ok(pkg.contributes.languages.some((l) => l.id === 'go-asm-listing'));
  });

  it('function header: name, section, attributes, leaf flag', function () {
    assert.ok(hasScope(scopesOf(g, lines.header, 'main.checksum'), 'entity.name.function'));
    assert.ok(hasScope(scopesOf(g, lines.header, 'STEXT'), 'storage.type.section'));
    assert.ok(hasScope(scopesOf(g, lines.header, 'locals'), 'variable.parameter.attribute'));
    assert.ok(hasScope(scopesOf(g, lines.header, '0x20008'), 'constant.numeric'));
    assert.ok(hasScope(scopesOf(g, lines.header, 'leaf'), 'storage.modifier'));
  });

  it('instruction line: offsets, source position, directive, symbol, flags, frame', function () {
    assert.ok(hasScope(scopesOf(g, lines.text, '0x0000'), 'constant.numeric.offset'));
    assert.ok(hasScope(scopesOf(g, lines.text, '00000'), 'constant.numeric.offset.decimal'));
    assert.ok(hasScope(scopesOf(g, lines.text, P), 'string.unquoted.filename'));
    assert.ok(hasScope(scopesOf(g, lines.text, '14'), 'constant.numeric.line'));
    assert.ok(hasScope(scopesOf(g, lines.text, 'TEXT'), 'keyword.control.directive'));
    assert.ok(hasScope(scopesOf(g, lines.text, 'main.checksum'), 'entity.name.function.symbol'));
    assert.ok(hasScope(scopesOf(g, lines.text, 'SB'), 'variable.language.register.pseudo'));
    assert.ok(hasScope(scopesOf(g, lines.text, 'LEAF'), 'storage.modifier.flag'));
    assert.ok(hasScope(scopesOf(g, lines.text, 'ABIInternal'), 'storage.modifier.flag'));
    assert.ok(hasScope(scopesOf(g, lines.text, '$131088-8'), 'constant.numeric.immediate'));
    assert.ok(hasScope(scopesOf(g, lines.text, '14)'.slice(0, 2)), 'meta.position'));
  });

  it('FUNCDATA/PCDATA with gclocals symbols and negative immediates', function () {
    assert.ok(hasScope(scopesOf(g, lines.funcdata, 'FUNCDATA'), 'keyword.control.directive'));
    assert.ok(hasScope(scopesOf(g, lines.funcdata, 'gclocals·FzY36IO2mY0y4dZ1+Izd/w=='), 'entity.name.function.symbol'));
    assert.ok(hasScope(scopesOf(g, lines.pcdata, 'PCDATA'), 'keyword.control.directive'));
    assert.ok(hasScope(scopesOf(g, lines.pcdata, '$-2'), 'constant.numeric.immediate'));
  });

  it('Plan 9 operands: named stack slots, register pairs, memory offsets, g, ZR', function () {
    assert.ok(hasScope(scopesOf(g, lines.local, '$'), 'keyword.operator.address'));
    assert.ok(hasScope(scopesOf(g, lines.local, 'main.buf'), 'variable.other.local'));
    assert.ok(hasScope(scopesOf(g, lines.local, '-131072'), 'constant.numeric.offset'));
    assert.ok(hasScope(scopesOf(g, lines.local, 'SP'), 'variable.language.register.pseudo'));
    assert.ok(hasScope(scopesOf(g, lines.local, 'R16'), 'variable.language.register'));
    assert.ok(hasScope(scopesOf(g, lines.local, 'MOVD'), 'keyword.other.mnemonic'));
    assert.ok(hasScope(scopesOf(g, lines.stp, 'R29'), 'variable.language.register'));
    assert.ok(hasScope(scopesOf(g, lines.stp, 'R30'), 'variable.language.register'));
    assert.ok(hasScope(scopesOf(g, lines.stp, '-8'), 'constant.numeric.offset'));
    assert.ok(hasScope(scopesOf(g, lines.g, 'g', '16('), 'variable.language.register'));
    assert.ok(hasScope(scopesOf(g, lines.zr, 'ZR'), 'variable.language.register'));
    assert.ok(hasScope(scopesOf(g, lines.zr, 'STP.P'), 'keyword.other.mnemonic'));
    assert.ok(hasScope(scopesOf(g, lines.add, 'RSP'), 'variable.language.register'));
    assert.ok(hasScope(scopesOf(g, lines.add, '$131088'), 'constant.numeric.immediate'));
  });

  it('call targets, including method symbols with (*T)', function () {
    assert.ok(hasScope(scopesOf(g, lines.call, 'runtime.morestack_noctxt'), 'entity.name.function.symbol'));
    assert.ok(hasScope(scopesOf(g, lines.method, 'main.(*T).m'), 'entity.name.function.symbol'));
  });

  it('hex dump lines: offset, bytes, ASCII column', function () {
    assert.ok(hasScope(scopesOf(g, lines.hex, '0x0060'), 'constant.numeric.offset'));
    assert.ok(hasScope(scopesOf(g, lines.hex, ' fd 23 00 91 bd 83 40 91 ff 43 00 91 ff 83 40 91'), 'constant.numeric.hex.bytes'));
    assert.ok(hasScope(scopesOf(g, lines.hex, '.#....@..C....@.'), 'string.unquoted.ascii'));
  });

  it('relocation lines, package headers and comment lines', function () {
    assert.ok(hasScope(scopesOf(g, lines.rel, 'rel'), 'keyword.other.relocation'));
    assert.ok(hasScope(scopesOf(g, lines.rel, 't=R_CALLARM64'), 'support.type.relocation'));
    assert.ok(hasScope(scopesOf(g, lines.rel, 'runtime.morestack_noctxt'), 'entity.name.function'));
    assert.ok(hasScope(scopesOf(g, lines.pkg, 'example.com/e2edemo'), 'entity.name.namespace'));
    assert.ok(hasScope(scopesOf(g, lines.comment, lines.comment), 'comment.line.double-slash'));
  });

  it('native column as capstone prints it', function () {
    assert.ok(hasScope(scopesOf(g, lines.native, 'add'), 'keyword.other.mnemonic.native'));
    assert.ok(hasScope(scopesOf(g, lines.native, 'sp'), 'variable.language.register.native'));
    assert.ok(hasScope(scopesOf(g, lines.native, '#0x10'), 'constant.numeric.immediate.native'));
    assert.ok(hasScope(scopesOf(g, lines.nativeShift, 'lsl'), 'keyword.operator.shift'));
    assert.ok(hasScope(scopesOf(g, lines.nativeShift, '#12'), 'constant.numeric.immediate.native'));
    assert.ok(hasScope(scopesOf(g, lines.nativeMem, 'ldp'), 'keyword.other.mnemonic.native'));
    assert.ok(hasScope(scopesOf(g, lines.nativeMem, 'x29'), 'variable.language.register.native'));
    assert.ok(hasScope(scopesOf(g, lines.nativeMem, '#-8'), 'constant.numeric.immediate.native'));
  });

  it('the assembly view format: offset, position, pseudo | native; a split on its own lines with the mark between', function () {
    assert.ok(hasScope(scopesOf(g, lines.viewHeader, lines.viewHeader), 'comment.line.double-slash'));
    assert.ok(hasScope(scopesOf(g, lines.viewSplitHead, '0x0054'), 'constant.numeric.offset'));
    assert.ok(hasScope(scopesOf(g, lines.viewSplitHead, 'main.go'), 'string.unquoted.filename'));
    assert.ok(hasScope(scopesOf(g, lines.viewSplitHead, '31'), 'constant.numeric.line'));
    assert.ok(hasScope(scopesOf(g, lines.viewSplitHead, 'ADD'), 'keyword.other.mnemonic'));
    assert.ok(hasScope(scopesOf(g, lines.viewSplitHead, '$131104'), 'constant.numeric.immediate'));
    assert.ok(hasScope(scopesOf(g, lines.viewSplitNative, '0x0058'), 'constant.numeric.offset'));
    assert.ok(hasScope(scopesOf(g, lines.viewSplitNative, 'add'), 'keyword.other.mnemonic.native'));
    assert.ok(hasScope(scopesOf(g, lines.viewSplitNative, '#0x20'), 'constant.numeric.immediate.native'));
    assert.ok(hasScope(scopesOf(g, lines.viewSplitNative, 'lsl'), 'keyword.operator.shift'));
    assert.ok(hasScope(scopesOf(g, lines.viewSplitMark, lines.viewSplitMark.trim()), 'invalid.illegal.split'));
    assert.ok(hasScope(scopesOf(g, lines.viewPlain, '|'), 'punctuation.separator'));
    assert.ok(hasScope(scopesOf(g, lines.viewPlain, 'sub', '|'), 'keyword.other.mnemonic.native'));
    assert.ok(hasScope(scopesOf(g, lines.viewPlain, 'sub', '#0x20;'), 'keyword.other.mnemonic.native'));
    assert.ok(hasScope(scopesOf(g, lines.viewArg, 'main.val'), 'variable.other.local'));
    assert.ok(hasScope(scopesOf(g, lines.viewArg, 'FP'), 'variable.language.register.pseudo'));
    assert.ok(hasScope(scopesOf(g, lines.viewArg, 'x27'), 'variable.language.register.native'));
    assert.ok(hasScope(scopesOf(g, lines.viewArg, 'str'), 'keyword.other.mnemonic.native'));
    assert.ok(hasScope(scopesOf(g, lines.viewBranch, 'BLO'), 'keyword.other.mnemonic'));
    assert.ok(hasScope(scopesOf(g, lines.viewBranch, 'b.lo'), 'keyword.other.mnemonic.native'));
  });
});
