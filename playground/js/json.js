// JSON validation with a message, line and column for the first error, the same in every browser
// (engines word JSON.parse errors differently, and some give no position at all).

/** Line and column (both 1-based) of a 0-based offset in text. */
export function lineColumnAt(text, offset) {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

class JsonSyntaxError extends Error {
  constructor(message, offset) {
    super(message);
    this.offset = offset;
  }
}

/** Finds the first syntax error of text (RFC 8259), or null when it is valid JSON. */
function locateError(text) {
  let i = 0;
  const n = text.length;
  const describe = () => (i >= n ? 'end of input' : `'${text[i]}'`);
  const fail = (msg) => {
    throw new JsonSyntaxError(msg, i);
  };
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = () => {
    i++; // opening quote
    while (i < n) {
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            fail('Invalid \\u escape in string');
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          i++;
          fail('Invalid escape in string');
        }
      } else if (c === '\n' || c.charCodeAt(0) < 0x20) {
        fail('Unterminated string (line break or control character inside a string)');
      } else {
        i++;
      }
    }
    fail('Unterminated string');
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-' || m[0] === '') fail(`Unexpected ${describe()}`);
    i += m[0].length;
  };
  const literal = (word) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`Unexpected ${describe()}`);
  };
  const value = (depth) => {
    if (depth > 512) fail('Nested too deeply');
    ws();
    if (i >= n) fail('Unexpected end of input: a value is missing');
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') {
          fail(text[i] === '}' ? 'Trailing comma before }' : `Expected a property name in double quotes, found ${describe()}`);
        }
        string();
        ws();
        if (text[i] !== ':') fail(`Expected ':' after the property name, found ${describe()}`);
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`Expected ',' or '}' after a property value, found ${describe()}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] === ']') fail('Trailing comma before ]');
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`Expected ',' or ']' after an array element, found ${describe()}`);
      }
    }
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '/') fail('Comments are not allowed in JSON');
    if (c === "'") fail('Strings must use double quotes');
    return fail(`Unexpected ${describe()}`);
  };
  try {
    value(0);
    ws();
    if (i < n) fail(`Unexpected ${describe()} after the end of the JSON value`);
    return null;
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e;
    throw e;
  }
}

/**
 * Parses text as JSON. Returns {ok:true, value} or {ok:false, message, line, column, offset}.
 */
export function checkJson(text) {
  if (!text.trim()) return { ok: false, message: 'The payload is empty.', line: 1, column: 1, offset: 0 };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const found = locateError(text);
    const offset = found ? found.offset : text.length;
    const { line, column } = lineColumnAt(text, offset);
    const message = found ? found.message : String(e && e.message ? e.message : e);
    return { ok: false, message, line, column, offset };
  }
}
