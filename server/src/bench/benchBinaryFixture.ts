// The benchmark's large arm64 binary, generated rather than committed: a main
// package importing much of the standard library (net/http, crypto/tls,
// database/sql, go/types, text/template, encoding/...) plus PACKAGES generated
// packages of FUNCS distinct functions each, all kept alive by function
// tables (so the linker keeps them), every 500th one with a 64 KiB + 16 byte
// frame (a split epilogue to find). About 45 MB with go1.24.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGES = 120;
const FUNCS = 600;
const STD = [
  'archive/zip',
  'compress/gzip',
  'crypto/tls',
  'crypto/x509',
  'database/sql',
  'encoding/json',
  'encoding/xml',
  'encoding/csv',
  'go/parser',
  'go/types',
  'go/format',
  'html/template',
  'log/slog',
  'net/http',
  'net/mail',
  'net/smtp',
  'regexp',
  'text/template',
  'image/png',
  'image/jpeg',
  'debug/elf',
  'debug/dwarf',
];

function pkgSource(p: number): string {
  const out = [`// Code generated for the binary benchmark. DO NOT EDIT.\npackage p${p}\n`];
  for (let i = 0; i < FUNCS; i++) {
    const k = p * FUNCS + i;
    if (i % 500 === 250) {
      out.push(
        `//go:noinline\nfunc F${i}(a, b int) int {\n\tvar buf [65552]byte\n\tbuf[a&0xffff] = byte(b)\n\treturn int(buf[(a>>3)&0xffff]) + ${k}\n}\n`,
      );
      continue;
    }
    const call = i > 0 ? `\tif s%${(k % 13) + 3} == ${k % 3} {\n\t\treturn F${i - 1}(s, b-1) ^ ${k}\n\t}\n` : '';
    out.push(
      `//go:noinline\nfunc F${i}(a, b int) int {\n\ts := a ^ ${k}\n\tfor i := 0; i < b; i++ {\n\t\ts = s*${(k % 97) + 31} + i ^ ${k % 1021}\n\t}\n${call}\tm := map[int]string{s: "k${k}"}\n\treturn s + len(m[a]) + ${k}\n}\n`,
    );
  }
  out.push(`var Table = []func(int, int) int{${Array.from({ length: FUNCS }, (_, i) => `F${i}`).join(', ')}}\n`);
  return out.join('\n');
}

function mainSource(): string {
  const imports = [
    ...STD.map((s, i) => `\tstd${i} "${s}"`),
    ...Array.from({ length: PACKAGES }, (_, p) => `\t"example.com/bigbinary/p${p}"`),
  ];
  const uses = [
    'std0.NewWriter',
    'std1.NewWriter',
    'std2.Dial',
    'std3.ParseCertificate',
    'std4.Open',
    'std5.Marshal',
    'std6.Marshal',
    'std7.NewReader',
    'std8.ParseFile',
    'std9.NewChecker',
    'std10.Source',
    'std11.New',
    'std12.New',
    'std13.ListenAndServe',
    'std14.ParseAddress',
    'std15.SendMail',
    'std16.MustCompile',
    'std17.New',
    'std18.Decode',
    'std19.Decode',
    'std20.Open',
    'std21.New',
  ];
  return `// Code generated for the binary benchmark. DO NOT EDIT.
package main

import (
\t"fmt"
\t"os"
${imports.join('\n')}
)

var keep = []any{${uses.join(', ')}}

func main() {
\tsum := 0
${Array.from({ length: PACKAGES }, (_, p) => `\tfor _, f := range p${p}.Table {\n\t\tsum += f(len(os.Args), 3)\n\t}`).join('\n')}
\tfmt.Println(sum, len(keep))
}
`;
}

/** Writes the module under `dir` (once; regenerated when this generator changes) and returns `dir`. */
export function writeBigBinaryModule(dir: string): string {
  const stamp = `${PACKAGES}x${FUNCS}:${STD.join(',')}:v1`;
  const stampFile = path.join(dir, '.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return dir;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'go.mod'), 'module example.com/bigbinary\n\ngo 1.19\n');
  writeFileSync(path.join(dir, 'main.go'), mainSource());
  for (let p = 0; p < PACKAGES; p++) {
    mkdirSync(path.join(dir, `p${p}`), { recursive: true });
    writeFileSync(path.join(dir, `p${p}`, 'gen.go'), pkgSource(p));
  }
  writeFileSync(stampFile, stamp);
  return dir;
}
