// Node's crypto module for Auth0 Actions, in the subset Interlock's sandbox can offer: message
// digests (md5, sha1, sha224, sha256, sha384, sha512), HMAC over them, secure random values from
// the host's SecureRandom, a constant-time compare, and keys (KeyObject) with signatures
// (createSign/createVerify, sign/verify: RSA, RSA-PSS, ECDSA, Ed25519), which the host makes and
// checks with the JDK's providers (NodeCrypto.java): what jsonwebtoken and jws need. Everything else Node's crypto has is a
// function that throws, naming itself, so an Action fails at the call instead of misbehaving.
// Instantiated afresh for every evaluation that requires it. Checked against javax.crypto
// (NodeBuiltinsTest).
'use strict';
const { Buffer } = require('buffer');
const host = require('interlock:host');

const K256 = new Uint32Array([
  0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,
  0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,
  0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,
  0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,
  0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,
  0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,
  0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,
  0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2]);
const H256 = [0x6a09e667,0xbb67ae85,0x3c6ef372,0xa54ff53a,0x510e527f,0x9b05688c,0x1f83d9ab,0x5be0cd19];
const H224 = [0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4];
const K512 = new Uint32Array([
  0x428a2f98,0xd728ae22,0x71374491,0x23ef65cd,
  0xb5c0fbcf,0xec4d3b2f,0xe9b5dba5,0x8189dbbc,
  0x3956c25b,0xf348b538,0x59f111f1,0xb605d019,
  0x923f82a4,0xaf194f9b,0xab1c5ed5,0xda6d8118,
  0xd807aa98,0xa3030242,0x12835b01,0x45706fbe,
  0x243185be,0x4ee4b28c,0x550c7dc3,0xd5ffb4e2,
  0x72be5d74,0xf27b896f,0x80deb1fe,0x3b1696b1,
  0x9bdc06a7,0x25c71235,0xc19bf174,0xcf692694,
  0xe49b69c1,0x9ef14ad2,0xefbe4786,0x384f25e3,
  0x0fc19dc6,0x8b8cd5b5,0x240ca1cc,0x77ac9c65,
  0x2de92c6f,0x592b0275,0x4a7484aa,0x6ea6e483,
  0x5cb0a9dc,0xbd41fbd4,0x76f988da,0x831153b5,
  0x983e5152,0xee66dfab,0xa831c66d,0x2db43210,
  0xb00327c8,0x98fb213f,0xbf597fc7,0xbeef0ee4,
  0xc6e00bf3,0x3da88fc2,0xd5a79147,0x930aa725,
  0x06ca6351,0xe003826f,0x14292967,0x0a0e6e70,
  0x27b70a85,0x46d22ffc,0x2e1b2138,0x5c26c926,
  0x4d2c6dfc,0x5ac42aed,0x53380d13,0x9d95b3df,
  0x650a7354,0x8baf63de,0x766a0abb,0x3c77b2a8,
  0x81c2c92e,0x47edaee6,0x92722c85,0x1482353b,
  0xa2bfe8a1,0x4cf10364,0xa81a664b,0xbc423001,
  0xc24b8b70,0xd0f89791,0xc76c51a3,0x0654be30,
  0xd192e819,0xd6ef5218,0xd6990624,0x5565a910,
  0xf40e3585,0x5771202a,0x106aa070,0x32bbd1b8,
  0x19a4c116,0xb8d2d0c8,0x1e376c08,0x5141ab53,
  0x2748774c,0xdf8eeb99,0x34b0bcb5,0xe19b48a8,
  0x391c0cb3,0xc5c95a63,0x4ed8aa4a,0xe3418acb,
  0x5b9cca4f,0x7763e373,0x682e6ff3,0xd6b2b8a3,
  0x748f82ee,0x5defb2fc,0x78a5636f,0x43172f60,
  0x84c87814,0xa1f0ab72,0x8cc70208,0x1a6439ec,
  0x90befffa,0x23631e28,0xa4506ceb,0xde82bde9,
  0xbef9a3f7,0xb2c67915,0xc67178f2,0xe372532b,
  0xca273ece,0xea26619c,0xd186b8c7,0x21c0c207,
  0xeada7dd6,0xcde0eb1e,0xf57d4f7f,0xee6ed178,
  0x06f067aa,0x72176fba,0x0a637dc5,0xa2c898a6,
  0x113f9804,0xbef90dae,0x1b710b35,0x131c471b,
  0x28db77f5,0x23047d84,0x32caab7b,0x40c72493,
  0x3c9ebe0a,0x15c9bebc,0x431d67c4,0x9c100d4c,
  0x4cc5d4be,0xcb3e42b6,0x597f299c,0xfc657e2a,
  0x5fcb6fab,0x3ad6faec,0x6c44198c,0x4a475817]);
const H512 = [
  0x6a09e667,0xf3bcc908,0xbb67ae85,0x84caa73b,
  0x3c6ef372,0xfe94f82b,0xa54ff53a,0x5f1d36f1,
  0x510e527f,0xade682d1,0x9b05688c,0x2b3e6c1f,
  0x1f83d9ab,0xfb41bd6b,0x5be0cd19,0x137e2179];
const H384 = [
  0xcbbb9d5d,0xc1059ed8,0x629a292a,0x367cd507,
  0x9159015a,0x3070dd17,0x152fecd8,0xf70e5939,
  0x67332667,0xffc00b31,0x8eb44a87,0x68581511,
  0xdb0c2e0d,0x64f98fa7,0x47b5481d,0xbefa4fa4];
const MD5T = new Uint32Array([
  0xd76aa478,0xe8c7b756,0x242070db,0xc1bdceee,0xf57c0faf,0x4787c62a,0xa8304613,0xfd469501,
  0x698098d8,0x8b44f7af,0xffff5bb1,0x895cd7be,0x6b901122,0xfd987193,0xa679438e,0x49b40821,
  0xf61e2562,0xc040b340,0x265e5a51,0xe9b6c7aa,0xd62f105d,0x02441453,0xd8a1e681,0xe7d3fbc8,
  0x21e1cde6,0xc33707d6,0xf4d50d87,0x455a14ed,0xa9e3e905,0xfcefa3f8,0x676f02d9,0x8d2a4c8a,
  0xfffa3942,0x8771f681,0x6d9d6122,0xfde5380c,0xa4beea44,0x4bdecfa9,0xf6bb4b60,0xbebfbc70,
  0x289b7ec6,0xeaa127fa,0xd4ef3085,0x04881d05,0xd9d4d039,0xe6db99e5,0x1fa27cf8,0xc4ac5665,
  0xf4292244,0x432aff97,0xab9423a7,0xfc93a039,0x655b59c3,0x8f0ccc92,0xffeff47d,0x85845dd1,
  0x6fa87e4f,0xfe2ce6e0,0xa3014314,0x4e0811a1,0xf7537e82,0xbd3af235,0x2ad7d2bb,0xeb86d391]);
const MD5S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

/** Message padded as MD-style hashes want it: 0x80, zeros, then the bit length (big or little endian). */
function padded(bytes, blockSize, lengthBytes, littleEndian) {
  const total = Math.ceil((bytes.length + 1 + lengthBytes) / blockSize) * blockSize;
  const out = new Uint8Array(total);
  out.set(bytes);
  out[bytes.length] = 0x80;
  const bits = bytes.length * 8;
  const hi = Math.floor(bits / 0x100000000), lo = bits >>> 0;
  if (littleEndian) {
    for (let i = 0; i < 4; i++) { out[total - 8 + i] = (lo >>> (8 * i)) & 0xff; out[total - 4 + i] = (hi >>> (8 * i)) & 0xff; }
  } else {
    for (let i = 0; i < 4; i++) { out[total - 1 - i] = (lo >>> (8 * i)) & 0xff; out[total - 5 - i] = (hi >>> (8 * i)) & 0xff; }
  }
  return out;
}
function bigEndianWords(words, count) {
  const out = new Uint8Array(count * 4);
  for (let i = 0; i < count; i++) {
    out[4 * i] = words[i] >>> 24; out[4 * i + 1] = (words[i] >>> 16) & 0xff;
    out[4 * i + 2] = (words[i] >>> 8) & 0xff; out[4 * i + 3] = words[i] & 0xff;
  }
  return out;
}
function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
function rotl(x, n) { return (x << n) | (x >>> (32 - n)); }

function sha256(bytes, initial, outWords) {
  const m = padded(bytes, 64, 8, false);
  const h = Uint32Array.from(initial);
  const w = new Uint32Array(64);
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = (m[off + 4 * i] << 24) | (m[off + 4 * i + 1] << 16) | (m[off + 4 * i + 2] << 8) | m[off + 4 * i + 3];
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (let i = 0; i < 64; i++) {
      const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i]) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
  }
  return bigEndianWords(h, outWords);
}

function sha1(bytes) {
  const m = padded(bytes, 64, 8, false);
  const h = Uint32Array.from([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]);
  const w = new Uint32Array(80);
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = (m[off + 4 * i] << 24) | (m[off + 4 * i + 1] << 16) | (m[off + 4 * i + 2] << 8) | m[off + 4 * i + 3];
    for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (let i = 0; i < 80; i++) {
      let f, k;
      if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
      else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
      else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
      else { f = b ^ c ^ d; k = 0xca62c1d6; }
      const t = (rotl(a, 5) + f + e + k + w[i]) | 0;
      e = d; d = c; c = rotl(b, 30); b = a; a = t;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
  }
  return bigEndianWords(h, 5);
}

function md5(bytes) {
  const m = padded(bytes, 64, 8, true);
  const h = Uint32Array.from([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]);
  const x = new Uint32Array(16);
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) x[i] = m[off + 4 * i] | (m[off + 4 * i + 1] << 8) | (m[off + 4 * i + 2] << 16) | (m[off + 4 * i + 3] << 24);
    let a = h[0], b = h[1], c = h[2], d = h[3];
    for (let i = 0; i < 64; i++) {
      let f, g;
      if (i < 16) { f = (b & c) | (~b & d); g = i; }
      else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
      else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) % 16; }
      else { f = c ^ (b | ~d); g = (7 * i) % 16; }
      const t = d; d = c; c = b;
      b = (b + rotl((a + f + MD5T[i] + x[g]) | 0, MD5S[(i >> 4) * 4 + (i & 3)])) | 0;
      a = t;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
  }
  const out = new Uint8Array(16);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) out[4 * i + j] = (h[i] >>> (8 * j)) & 0xff;
  return out;
}

// SHA-512 on pairs of 32-bit words (high, low): JavaScript numbers hold 53 bits, BigInt is slow.
function sha512(bytes, initial, outBytes) {
  const m = padded(bytes, 128, 16, false);
  const h = Uint32Array.from(initial);
  const w = new Uint32Array(160);
  for (let off = 0; off < m.length; off += 128) {
    for (let i = 0; i < 32; i++) w[i] = (m[off + 4 * i] << 24) | (m[off + 4 * i + 1] << 16) | (m[off + 4 * i + 2] << 8) | m[off + 4 * i + 3];
    for (let i = 16; i < 80; i++) {
      const xh = w[2 * (i - 15)], xl = w[2 * (i - 15) + 1];
      const s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
      const s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25));
      const yh = w[2 * (i - 2)], yl = w[2 * (i - 2) + 1];
      const s1h = ((yh >>> 19) | (yl << 13)) ^ ((yl >>> 29) | (yh << 3)) ^ (yh >>> 6);
      const s1l = ((yl >>> 19) | (yh << 13)) ^ ((yh >>> 29) | (yl << 3)) ^ ((yl >>> 6) | (yh << 26));
      let lo = (s0l >>> 0) + (s1l >>> 0) + w[2 * (i - 7) + 1] + w[2 * (i - 16) + 1];
      const hi = s0h + s1h + w[2 * (i - 7)] + w[2 * (i - 16)] + Math.floor(lo / 0x100000000);
      w[2 * i] = hi; w[2 * i + 1] = lo;
    }
    let ah = h[0], al = h[1], bh = h[2], bl = h[3], ch = h[4], cl = h[5], dh = h[6], dl = h[7];
    let eh = h[8], el = h[9], fh = h[10], fl = h[11], gh = h[12], gl = h[13], kh = h[14], kl = h[15];
    for (let i = 0; i < 80; i++) {
      const S1h = ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
      const S1l = ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
      const chh = (eh & fh) ^ (~eh & gh), chl = (el & fl) ^ (~el & gl);
      let t1l = (kl >>> 0) + (S1l >>> 0) + (chl >>> 0) + K512[2 * i + 1] + w[2 * i + 1];
      const t1h = kh + S1h + chh + K512[2 * i] + w[2 * i] + Math.floor(t1l / 0x100000000);
      t1l = t1l >>> 0;
      const S0h = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
      const S0l = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
      const mjh = (ah & bh) ^ (ah & ch) ^ (bh & ch), mjl = (al & bl) ^ (al & cl) ^ (bl & cl);
      const t2l = (S0l >>> 0) + (mjl >>> 0);
      const t2h = S0h + mjh + Math.floor(t2l / 0x100000000);
      kh = gh; kl = gl; gh = fh; gl = fl; fh = eh; fl = el;
      const el2 = (dl >>> 0) + t1l;
      eh = (dh + t1h + Math.floor(el2 / 0x100000000)) >>> 0; el = el2 >>> 0;
      dh = ch; dl = cl; ch = bh; cl = bl; bh = ah; bl = al;
      const al2 = t1l + (t2l >>> 0);
      ah = (t1h + t2h + Math.floor(al2 / 0x100000000)) >>> 0; al = al2 >>> 0;
    }
    const add = [ah, al, bh, bl, ch, cl, dh, dl, eh, el, fh, fl, gh, gl, kh, kl];
    for (let i = 0; i < 16; i += 2) {
      const lo = h[i + 1] + (add[i + 1] >>> 0);
      h[i] = h[i] + add[i] + Math.floor(lo / 0x100000000);
      h[i + 1] = lo;
    }
  }
  return bigEndianWords(h, 16).subarray(0, outBytes);
}

const DIGESTS = {
  __proto__: null,
  md5: { block: 64, run: md5 },
  sha1: { block: 64, run: sha1 },
  sha224: { block: 64, run: (b) => sha256(b, H224, 7) },
  sha256: { block: 64, run: (b) => sha256(b, H256, 8) },
  sha384: { block: 128, run: (b) => sha512(b, H384, 48) },
  sha512: { block: 128, run: (b) => sha512(b, H512, 64) },
};
const NAMES = Object.keys(DIGESTS);

function digestFor(algorithm, call) {
  const name = typeof algorithm === 'string' ? algorithm.toLowerCase().replace(/^rsa-/, '').replace(/^sha-/, 'sha') : '';
  const digest = DIGESTS[name];
  if (digest === undefined) {
    throw new Error('crypto.' + call + '(' + JSON.stringify(String(algorithm)) + '): digest not available in Interlock\'s sandbox'
      + ' (available: ' + NAMES.join(', ') + ')');
  }
  return digest;
}

function bytesOf(data, encoding, what) {
  if (typeof data === 'string') return Buffer.from(data, encoding === 'base64url' ? 'base64' : encoding || 'utf8');
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw new TypeError('The "' + what + '" argument must be of type string or an instance of Buffer, TypedArray, or DataView.');
}

function encoded(bytes, encoding) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding === undefined || encoding === 'buffer') return Buffer.from(buffer);
  if (encoding === 'base64url') return buffer.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return buffer.toString(encoding);
}

function concat(chunks) {
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

class Hash {
  constructor(digest, chunks) { this._digest = digest; this._chunks = chunks || []; this._done = false; }
  update(data, inputEncoding) {
    if (this._done) throw new Error('Digest already called');
    this._chunks.push(Uint8Array.from(bytesOf(data, inputEncoding, 'data')));
    return this;
  }
  digest(encoding) {
    if (this._done) throw new Error('Digest already called');
    this._done = true;
    return encoded(this._digest.run(concat(this._chunks)), encoding);
  }
  copy() {
    if (this._done) throw new Error('Digest already called');
    return new Hash(this._digest, this._chunks.slice());
  }
}

class Hmac {
  constructor(digest, key) {
    if (key instanceof KeyObject) {
      if (key.type !== 'secret') throw new TypeError('Invalid key object type ' + key.type + ', expected secret.');
      key = key.export();
    }
    let k = Uint8Array.from(bytesOf(key, undefined, 'key'));
    if (k.length > digest.block) k = digest.run(k);
    this._key = new Uint8Array(digest.block);
    this._key.set(k);
    this._hash = new Hash(digest);
    const inner = new Uint8Array(digest.block);
    for (let i = 0; i < digest.block; i++) inner[i] = this._key[i] ^ 0x36;
    this._hash.update(inner);
    this._outer = digest;
  }
  update(data, inputEncoding) { this._hash.update(data, inputEncoding); return this; }
  digest(encoding) {
    const inner = this._hash.digest();
    const outer = new Uint8Array(this._outer.block);
    for (let i = 0; i < this._outer.block; i++) outer[i] = this._key[i] ^ 0x5c;
    return encoded(this._outer.run(concat([outer, inner])), encoding);
  }
}

function createHash(algorithm) { return new Hash(digestFor(algorithm, 'createHash')); }
function createHmac(algorithm, key) { return new Hmac(digestFor(algorithm, 'createHmac'), key); }

function randomBytes(size, callback) {
  if (typeof size !== 'number' || !(size >= 0) || size > 65536 || Math.floor(size) !== size) {
    throw new RangeError('crypto.randomBytes: size must be an integer from 0 to 65536, got ' + size);
  }
  const bytes = Buffer.from(host.randomHex(size), 'hex');
  if (typeof callback === 'function') {
    Promise.resolve().then(() => callback(null, bytes));
    return undefined;
  }
  return bytes;
}

function randomUUID() {
  const b = randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}

/** An integer in [min, max), without modulo bias: 48 random bits, retried above the last whole range. */
function randomInt(min, max, callback) {
  if (max === undefined || typeof max === 'function') { callback = max; max = min; min = 0; }
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max <= min || max - min > 0xffffffffffff) {
    throw new RangeError('crypto.randomInt: need safe integers min < max with max - min <= 2^48');
  }
  const range = max - min, limit = 0x1000000000000 - (0x1000000000000 % range);
  let value;
  do { value = randomBytes(6).readUIntBE(0, 6); } while (value >= limit);
  const result = min + (value % range);
  if (typeof callback === 'function') { Promise.resolve().then(() => callback(null, result)); return undefined; }
  return result;
}

/** Web Crypto's getRandomValues: fills an integer typed array in place (at most 65,536 bytes, as there). */
function getRandomValues(array) {
  if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array || array instanceof DataView) {
    throw new TypeError('crypto.getRandomValues: the argument must be an integer TypedArray');
  }
  if (array.byteLength > 65536) throw new RangeError('crypto.getRandomValues: at most 65536 bytes at a time');
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(randomBytes(array.byteLength));
  return array;
}

function timingSafeEqual(a, b) {
  const x = bytesOf(a, undefined, 'buf1'), y = bytesOf(b, undefined, 'buf2');
  if (x.length !== y.length) throw new RangeError('Input buffers must have the same byte length');
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}

// ---- keys and signatures ----
const SECRET = Symbol('secret');
function hostCall(method, request) {
  const answer = JSON.parse(host[method](JSON.stringify(request)));
  if (typeof answer.error === 'string') throw new Error('crypto: ' + answer.error);
  return answer;
}
const PEM_LINE = /.{1,64}/g;

class KeyObject {
  #type;
  #secret;
  #info;
  constructor(type, material) {
    if (type !== SECRET && type !== 'public' && type !== 'private') throw new TypeError('Illegal constructor');
    this.#type = type === SECRET ? 'secret' : type;
    if (type === SECRET) this.#secret = Buffer.from(material); else this.#info = material;
  }
  get type() { return this.#type; }
  get symmetricKeySize() { return this.#type === 'secret' ? this.#secret.length : undefined; }
  get asymmetricKeyType() { return this.#info === undefined ? undefined : this.#info.asymmetricKeyType; }
  get asymmetricKeyDetails() {
    if (this.#info === undefined) return undefined;
    const d = Object.assign({}, this.#info.details);
    if (typeof d.publicExponent === 'string') d.publicExponent = BigInt(d.publicExponent);
    return d;
  }
  export(options) {
    const o = options || {};
    if (this.#type === 'secret') {
      if (o.format === 'jwk') return { kty: 'oct', k: encoded(this.#secret, 'base64url') };
      return Buffer.from(this.#secret);
    }
    if (o.format === 'jwk') {
      if (this.#type === 'private') throw new Error('crypto: exporting a private key as JWK is not supported here');
      return Object.assign({}, this.#info.jwk);
    }
    const der = Buffer.from(this.#info.der, 'base64');
    if (o.format === 'der') return der;
    const label = this.#type === 'private' ? 'PRIVATE KEY' : 'PUBLIC KEY';
    return '-----BEGIN ' + label + '-----\n' + der.toString('base64').match(PEM_LINE).join('\n') + '\n-----END ' + label + '-----\n';
  }
  equals(other) {
    if (!(other instanceof KeyObject) || other.type !== this.#type) return false;
    return this.#type === 'secret' ? timingSafeEqual(this.#secret, other.export()) && this.#secret.length === other.symmetricKeySize
      : this.#info.der === other.#info.der;
  }
  get [Symbol.toStringTag]() { return 'KeyObject'; }
  static from(key) { throw new TypeError('crypto: KeyObject.from() takes a Web Crypto key, which Interlock has not'); }
}

function createSecretKey(key, encoding) {
  return new KeyObject(SECRET, typeof key === 'string' ? Buffer.from(key, encoding || 'utf8') : bytesOf(key, undefined, 'key'));
}

/** A key given as Node takes it: PEM text or Buffer, {key, format, type, encoding}, a JWK, or a KeyObject. */
function asymmetricKey(input, want) {
  if (input instanceof KeyObject) {
    if (input.type === 'secret') throw new TypeError('Invalid key object type secret, expected ' + want + '.');
    if (input.type === want || want === 'private') return input;
    return new KeyObject('public', hostCall('cryptoKey', { want: 'public', der: input.export({ format: 'der' }).toString('base64'), type: 'pkcs8' }));
  }
  let key = input, format = 'pem', type, encoding;
  if (input !== null && typeof input === 'object' && !(input instanceof Uint8Array) && !ArrayBuffer.isView(input)) {
    if (input.passphrase !== undefined) throw new Error('crypto: an encrypted private key (passphrase) is not supported here');
    key = input.key; format = input.format || 'pem'; type = input.type; encoding = input.encoding;
    if (key instanceof KeyObject) return asymmetricKey(key, want);
  }
  if (format === 'jwk') return new KeyObject('public', hostCall('cryptoKey', { want, jwk: key }));
  if (format === 'der') {
    return new KeyObject(want, hostCall('cryptoKey', { want, der: bytesOf(key, encoding, 'key').toString('base64'), type }));
  }
  const pem = typeof key === 'string' ? key : Buffer.from(bytesOf(key, encoding, 'key')).toString('utf8');
  const info = hostCall('cryptoKey', { want, pem });
  return new KeyObject(info.type, info);
}
function createPublicKey(key) { return asymmetricKey(key, 'public'); }
function createPrivateKey(key) { return asymmetricKey(key, 'private'); }

function options(key) {
  const o = key !== null && typeof key === 'object' && !(key instanceof KeyObject) && !ArrayBuffer.isView(key) ? key : {};
  return { padding: o.padding, saltLength: o.saltLength, dsaEncoding: o.dsaEncoding };
}
function signWith(digest, data, key) {
  const k = createPrivateKey(key);
  const o = options(key);
  const answer = hostCall('cryptoSign', { digest, key: { der: k.export({ format: 'der' }).toString('base64') },
    data: Buffer.from(data).toString('base64'), padding: o.padding, saltLength: o.saltLength, dsaEncoding: o.dsaEncoding });
  return Buffer.from(answer.signature, 'base64');
}
function verifyWith(digest, data, key, signature) {
  const k = createPublicKey(key);
  const o = options(key);
  return hostCall('cryptoVerify', { digest, key: { der: k.export({ format: 'der' }).toString('base64') },
    data: Buffer.from(data).toString('base64'), signature: Buffer.from(signature).toString('base64'),
    padding: o.padding, saltLength: o.saltLength, dsaEncoding: o.dsaEncoding }).valid === true;
}

class Sign {
  constructor(algorithm) { this._digest = algorithm; this._chunks = []; }
  update(data, encoding) { this._chunks.push(Uint8Array.from(bytesOf(data, encoding, 'data'))); return this; }
  sign(key, outputEncoding) { return encoded(signWith(this._digest, concat(this._chunks), key), outputEncoding); }
}
class Verify {
  constructor(algorithm) { this._digest = algorithm; this._chunks = []; }
  update(data, encoding) { this._chunks.push(Uint8Array.from(bytesOf(data, encoding, 'data'))); return this; }
  verify(key, signature, signatureEncoding) {
    return verifyWith(this._digest, concat(this._chunks), key, bytesOf(signature, signatureEncoding, 'signature'));
  }
}
function createSign(algorithm) { return new Sign(algorithm); }
function createVerify(algorithm) { return new Verify(algorithm); }
function oneShot(callback, run) {
  if (typeof callback !== 'function') return run();
  let result, error = null;
  try { result = run(); } catch (e) { error = e; }
  Promise.resolve().then(() => callback(error, result));
  return undefined;
}
function sign(algorithm, data, key, callback) {
  return oneShot(callback, () => signWith(algorithm === null || algorithm === undefined ? null : algorithm, bytesOf(data, undefined, 'data'), key));
}
function verify(algorithm, data, key, signature, callback) {
  return oneShot(callback, () => verifyWith(algorithm === null || algorithm === undefined ? null : algorithm,
    bytesOf(data, undefined, 'data'), key, bytesOf(signature, undefined, 'signature')));
}

const constants = { RSA_PKCS1_PADDING: 1, RSA_NO_PADDING: 3, RSA_PKCS1_OAEP_PADDING: 4, RSA_PKCS1_PSS_PADDING: 6,
  RSA_PSS_SALTLEN_DIGEST: -1, RSA_PSS_SALTLEN_MAX_SIGN: -2, RSA_PSS_SALTLEN_AUTO: -2 };

function unavailable(name) {
  return function () {
    throw new Error('crypto.' + name + '() is not available in Interlock\'s sandbox: only digests (createHash), HMAC'
      + ' (createHmac), signatures (createSign, createVerify, sign, verify) with keys (createPublicKey, createPrivateKey,'
      + ' createSecretKey), random values (randomBytes, randomUUID, randomInt, getRandomValues) and timingSafeEqual are');
  };
}

module.exports = {
  createHash, createHmac, randomBytes, randomUUID, randomInt, timingSafeEqual, getRandomValues,
  createSecretKey, createPublicKey, createPrivateKey, createSign, createVerify, sign, verify, KeyObject, constants,
  getHashes() { return NAMES.slice(); },
  getCurves() { return ['prime256v1', 'secp384r1', 'secp521r1']; },
  Hash, Hmac, Sign, Verify,
};
for (const name of ['createCipheriv', 'createDecipheriv', 'pbkdf2', 'pbkdf2Sync',
  'scrypt', 'scryptSync', 'hkdf', 'hkdfSync', 'generateKeyPair', 'generateKeyPairSync', 'generateKey', 'generateKeySync',
  'publicEncrypt', 'privateDecrypt', 'privateEncrypt',
  'publicDecrypt', 'createECDH', 'createDiffieHellman', 'randomFill', 'randomFillSync']) {
  module.exports[name] = unavailable(name);
}
