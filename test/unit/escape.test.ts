// The one escape of human output (core/report/escape.ts): every C0 control
// but tab, DEL and every C1 control become visible escapes; text stays as it is.
import assert from 'node:assert/strict';
import { escapeControl, escapeLines } from '../../server/src/core/report/escape';

describe('escapeControl', function () {
  it('writes control characters as escapes: newline, CR, ESC (CSI, OSC), BEL, NUL, DEL, C1', function () {
    assert.equal(escapeControl('a\nb\rc'), 'a\\nb\\rc');
    assert.equal(escapeControl('\u001b[31mred\u001b]0;title\u0007'), '\\x1b[31mred\\x1b]0;title\\x07');
    assert.equal(escapeControl('\u0000\u007f\u0085\u009b\u009d'), '\\0\\x7f\\u0085\\u009b\\u009d');
  });

  it('keeps tab, printable ASCII and the rest of Unicode', function () {
    const s = 'main.(*T).f[go.shape.int]\tfile ünï ⟵ 😀 \\x';
    assert.equal(escapeControl(s), s);
  });

  it('every code point below 0x20 but tab, 0x7f and 0x80-0x9f is escaped; nothing else is', function () {
    for (let c = 0; c < 0x2000; c++) {
      const ch = String.fromCharCode(c);
      const control = (c < 0x20 && c !== 0x09) || (c >= 0x7f && c <= 0x9f);
      assert.equal(escapeControl(ch) !== ch, control, `U+${c.toString(16)}`);
      // eslint-disable-next-line no-control-regex -- the characters that must not survive
      if (control) assert.doesNotMatch(escapeControl(ch), /[\u0000-\u001f\u007f-\u009f]/);
    }
  });

  it('escapeLines keeps the line breaks between lines and escapes within them', function () {
    assert.equal(escapeLines('one\u001b[2J\ntwo'), 'one\\x1b[2J\ntwo');
  });
});
