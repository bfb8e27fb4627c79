// Node's stream module for the packages Actions require, in a small form: the legacy Stream
// (an EventEmitter with pipe), and Readable, Writable, Duplex, Transform, PassThrough with the
// behaviour packages rely on (push/read and 'data'/'end' in flowing mode, write/end with
// _write/_final and 'finish', _transform/_flush, pipe, pipeline, finished, Readable.from, async
// iteration). Events are emitted from queued microtasks, as Node emits them on a later tick;
// there is no highWaterMark back-pressure (a whole evaluation's data fits in memory, within the
// memory limit). Instantiated afresh per evaluation.
'use strict';
const EventEmitter = require('events');
const { Buffer } = require('buffer');

const later = (fn) => { Promise.resolve().then(fn); };

function Stream(opts) { EventEmitter.call(this, opts); }
Object.setPrototypeOf(Stream.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Stream, EventEmitter);
// The legacy pipe: every 'data' is written to dest, 'end' ends it.
Stream.prototype.pipe = function (dest, options) {
  const source = this;
  source.on('data', (chunk) => { if (dest.writable !== false && dest.write(chunk) === false && source.pause) source.pause(); });
  if (typeof dest.on === 'function') dest.on('drain', () => { if (source.resume) source.resume(); });
  if (!options || options.end !== false) source.on('end', () => { if (typeof dest.end === 'function') dest.end(); });
  dest.emit('pipe', source);
  return dest;
};

function toChunk(chunk, encoding, objectMode) {
  if (objectMode || Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding || 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('The "chunk" argument must be of type string or an instance of Buffer or Uint8Array');
}

class Readable extends Stream {
  constructor(options) {
    super(options);
    const o = options || {};
    this._readableState = { buffer: [], ended: false, endEmitted: false, flowing: null, reading: false, scheduled: false,
      objectMode: !!(o.objectMode || o.readableObjectMode), encoding: o.encoding || null, destroyed: false };
    this.readable = true;
    if (typeof o.read === 'function') this._read = o.read;
    if (typeof o.destroy === 'function') this._destroy = o.destroy;
  }
  _read() { /* a source pushes when it has data */ }
  push(chunk, encoding) {
    const state = this._readableState;
    if (chunk === null) state.ended = true;
    else if (chunk !== undefined) state.buffer.push(toChunk(chunk, encoding, state.objectMode));
    state.reading = false;
    this._schedule();
    return !state.ended;
  }
  unshift(chunk) { this._readableState.buffer.unshift(toChunk(chunk, undefined, this._readableState.objectMode)); }
  read() {
    const state = this._readableState;
    if (state.buffer.length === 0) { this._pull(); return null; }
    return this._decoded(state.buffer.shift());
  }
  _decoded(chunk) {
    const enc = this._readableState.encoding;
    return enc && Buffer.isBuffer(chunk) ? chunk.toString(enc) : chunk;
  }
  _pull() {
    const state = this._readableState;
    if (!state.ended && !state.reading && !state.destroyed) { state.reading = true; this._read(); }
  }
  _schedule() {
    const state = this._readableState;
    if (state.scheduled) return;
    state.scheduled = true;
    later(() => { state.scheduled = false; this._flow(); });
  }
  _flow() {
    const state = this._readableState;
    if (state.destroyed) return;
    while (state.flowing && state.buffer.length > 0) this.emit('data', this._decoded(state.buffer.shift()));
    if (state.flowing === false) return;
    if (state.buffer.length === 0 && !state.ended) { if (state.flowing) this._pull(); return; }
    if (state.buffer.length > 0 && state.flowing === null) { this.emit('readable'); return; }
    if (state.ended && state.buffer.length === 0 && !state.endEmitted) {
      state.endEmitted = true;
      this.readable = false;
      this.emit('end');
      this.emit('close');
    }
  }
  on(event, listener) {
    super.on(event, listener);
    if (event === 'data' && this._readableState.flowing !== false) this.resume();
    if (event === 'readable' || event === 'end') this._schedule();
    return this;
  }
  resume() { this._readableState.flowing = true; this._schedule(); return this; }
  pause() { this._readableState.flowing = false; return this; }
  isPaused() { return this._readableState.flowing === false; }
  setEncoding(encoding) { this._readableState.encoding = encoding; return this; }
  pipe(dest, options) { const out = super.pipe(dest, options); this.resume(); return out; }
  unpipe() { this.removeAllListeners('data'); return this; }
  destroy(error) {
    const state = this._readableState || {};
    if (state.destroyed) return this;
    state.destroyed = true;
    later(() => { if (error) this.emit('error', error); this.emit('close'); });
    return this;
  }
  get destroyed() { return !!(this._readableState && this._readableState.destroyed); }
  [Symbol.asyncIterator]() {
    const chunks = [];
    let done = false, failure = null, wake = null;
    this.on('data', (c) => { chunks.push(c); if (wake) wake(); });
    this.on('end', () => { done = true; if (wake) wake(); });
    this.on('error', (e) => { failure = e; if (wake) wake(); });
    const self = this;
    return {
      async next() {
        while (chunks.length === 0 && !done && !failure) await new Promise((r) => { wake = r; });
        wake = null;
        if (failure) throw failure;
        return chunks.length > 0 ? { value: chunks.shift(), done: false } : { value: undefined, done: true };
      },
      async return() { self.destroy(); return { value: undefined, done: true }; },
      [Symbol.asyncIterator]() { return this; },
    };
  }
  static from(iterable, options) {
    const stream = new Readable(Object.assign({ objectMode: true }, options));
    if (typeof iterable === 'string' || Buffer.isBuffer(iterable)) { stream.push(iterable); stream.push(null); return stream; }
    (async () => {
      try { for await (const item of iterable) stream.push(item); stream.push(null); } catch (e) { stream.destroy(e); }
    })();
    return stream;
  }
}

// Writable's methods, shared by Writable and Duplex (which extends Readable).
const writableMethods = {
  write(chunk, encoding, callback) {
    if (typeof encoding === 'function') { callback = encoding; encoding = undefined; }
    const state = this._writableState;
    if (state.ending) {
      const error = new Error('write after end');
      error.code = 'ERR_STREAM_WRITE_AFTER_END';
      later(() => { if (callback) callback(error); this.emit('error', error); });
      return false;
    }
    state.queue.push([toChunk(chunk, encoding, state.objectMode), encoding || 'buffer', callback]);
    this._drainQueue();
    return true;
  },
  _drainQueue() {
    const state = this._writableState;
    if (state.writing || state.failed) return;
    const next = state.queue.shift();
    if (next === undefined) { if (state.ending) this._finish(); return; }
    state.writing = true;
    this._write(next[0], next[1], (error) => {
      state.writing = false;
      if (next[2]) later(() => next[2](error || null));
      if (error) { state.failed = true; later(() => this.emit('error', error)); return; }
      this._drainQueue();
    });
  },
  _finish() {
    const state = this._writableState;
    if (state.finished || state.finishing) return;
    state.finishing = true;
    const done = (error) => {
      if (error) { later(() => this.emit('error', error)); return; }
      state.finished = true;
      this.writable = false;
      later(() => { this.emit('finish'); state.ended.forEach((cb) => cb()); if (!(this instanceof Readable)) this.emit('close'); });
    };
    if (typeof this._final === 'function') this._final(done); else done();
  },
  end(chunk, encoding, callback) {
    if (typeof chunk === 'function') { callback = chunk; chunk = undefined; }
    if (typeof encoding === 'function') { callback = encoding; encoding = undefined; }
    if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
    const state = this._writableState;
    if (callback) state.ended.push(callback);
    state.ending = true;
    this._drainQueue();
    return this;
  },
  cork() {},
  uncork() {},
  setDefaultEncoding() { return this; },
};
/** The writable side of a Writable or a Duplex: its state, and the _write/_final the options give. */
function initWritable(stream, options) {
  const o = options || {};
  stream._writableState = { queue: [], writing: false, ending: false, finishing: false, finished: false, failed: false,
    ended: [], objectMode: !!(o.objectMode || o.writableObjectMode) };
  stream.writable = true;
  if (typeof o.write === 'function') stream._write = o.write;
  if (typeof o.final === 'function') stream._final = o.final;
}
function notImplemented(chunk, encoding, callback) { callback(new Error('The _write() method is not implemented')); }

class Writable extends Stream {
  constructor(options) {
    super(options);
    initWritable(this, options);
  }
  destroy(error) { later(() => { if (error) this.emit('error', error); this.emit('close'); }); return this; }
}
Writable.prototype._write = notImplemented;
Object.assign(Writable.prototype, writableMethods);

class Duplex extends Readable {
  constructor(options) {
    super(options);
    initWritable(this, options);
  }
}
Duplex.prototype._write = notImplemented;
for (const name of Object.keys(writableMethods)) Duplex.prototype[name] = writableMethods[name];

class Transform extends Duplex {
  constructor(options) {
    super(options);
    const o = options || {};
    if (typeof o.transform === 'function') this._transform = o.transform;
    if (typeof o.flush === 'function') this._flush = o.flush;
  }
  _write(chunk, encoding, callback) {
    this._transform(chunk, encoding, (error, data) => {
      if (data !== undefined && data !== null) this.push(data);
      callback(error);
    });
  }
  _final(callback) {
    const end = (error, data) => {
      if (data !== undefined && data !== null) this.push(data);
      this.push(null);
      callback(error);
    };
    if (typeof this._flush === 'function') this._flush(end); else end();
  }
  _transform(chunk, encoding, callback) { callback(new Error('The _transform() method is not implemented')); }
}

class PassThrough extends Transform {
  _transform(chunk, encoding, callback) { callback(null, chunk); }
}

function finished(stream, options, callback) {
  if (typeof options === 'function') callback = options;
  let called = false;
  const done = (error) => { if (!called) { called = true; callback(error); } };
  stream.on('end', () => done());
  stream.on('finish', () => done());
  stream.on('error', (e) => done(e));
  return () => {};
}

function pipeline(...streams) {
  const callback = typeof streams[streams.length - 1] === 'function' ? streams.pop() : () => {};
  if (Array.isArray(streams[0])) streams = streams[0];
  for (let i = 0; i < streams.length - 1; i++) streams[i].pipe(streams[i + 1]);
  let failed = false;
  for (const s of streams) s.on('error', (e) => { if (!failed) { failed = true; callback(e); } });
  finished(streams[streams.length - 1], (e) => { if (!failed) callback(e); });
  return streams[streams.length - 1];
}

module.exports = Stream;
Object.assign(Stream, {
  Stream, Readable, Writable, Duplex, Transform, PassThrough, pipeline, finished,
  promises: {
    pipeline: (...streams) => new Promise((resolve, reject) => pipeline(...streams, (e) => (e ? reject(e) : resolve()))),
    finished: (stream, options) => new Promise((resolve, reject) => finished(stream, options, (e) => (e ? reject(e) : resolve()))),
  },
});
