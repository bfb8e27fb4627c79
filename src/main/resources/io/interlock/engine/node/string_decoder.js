// Node's string_decoder module for the packages Actions require: decodes Buffers written in
// pieces without splitting a character (utf8, utf16le, base64 keep the partial end for the next
// write). Instantiated afresh per evaluation.
'use strict';
const { Buffer } = require('buffer');

function normalized(encoding) {
  const e = String(encoding === undefined || encoding === null ? 'utf8' : encoding).toLowerCase();
  switch (e) {
    case 'utf8': case 'utf-8': return 'utf8';
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
    case 'latin1': case 'binary': return 'latin1';
    case 'base64': case 'base64url': case 'ascii': case 'hex': return e;
  }
  throw new TypeError('Unknown encoding: ' + encoding);
}

/** How many bytes at the end of `bytes` start a character not complete yet. */
function incompleteTail(bytes, encoding) {
  const n = bytes.length;
  if (encoding === 'utf8') {
    for (let back = 1; back <= Math.min(3, n); back++) {
      const c = bytes[n - back];
      if ((c & 0xc0) === 0x80) continue;
      const need = (c & 0xe0) === 0xc0 ? 2 : (c & 0xf0) === 0xe0 ? 3 : (c & 0xf8) === 0xf0 ? 4 : 1;
      return need > back ? back : 0;
    }
    return 0;
  }
  if (encoding === 'utf16le') {
    let tail = n % 2;
    if (tail === 0 && n >= 2) {
      const unit = bytes[n - 2] | (bytes[n - 1] << 8);
      if (unit >= 0xd800 && unit <= 0xdbff) tail = 2;
    }
    return tail;
  }
  if (encoding === 'base64' || encoding === 'base64url') return n % 3;
  return 0;
}

class StringDecoder {
  constructor(encoding) {
    this.encoding = normalized(encoding);
    this._pending = Buffer.alloc(0);
  }
  write(chunk) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.concat([this._pending, Buffer.from(chunk)]);
    if (typeof chunk === 'string') return chunk;
    const tail = incompleteTail(bytes, this.encoding);
    this._pending = Buffer.from(bytes.subarray(bytes.length - tail));
    return bytes.subarray(0, bytes.length - tail).toString(this.encoding);
  }
  end(chunk) {
    let out = chunk === undefined ? '' : this.write(chunk);
    if (this._pending.length > 0) out += this._pending.toString(this.encoding);
    this._pending = Buffer.alloc(0);
    return out;
  }
}

module.exports = { StringDecoder };
