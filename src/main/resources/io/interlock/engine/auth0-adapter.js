// Interlock's Auth0 Actions adapter. Evaluated right after the harness, and only in contexts whose
// chain holds an Action. It builds the `event` an Action reads from the platform's payload, and
// an `api` whose calls are recorded and turned into an ordinary decision object, which the
// harness then snapshots and the host validates exactly like any policy's result.
//
// Like the harness it runs before any policy code and captures what it relies on now: by the
// time an Action runs, an earlier policy of the chain may have replaced prototype methods.
// Mapping rules (docs/auth0-actions.md): objects Auth0 always provides are present, values the
// payload does not carry are absent, never invented.
// Shape: (trigger, secretsJson, deepFreeze) => { load(wrapper, handlerName, chainScope) }, where
// deepFreeze is the harness's own (captured before any policy code, like everything here).
(function (trigger, secretsJson, deepFreeze) {
  'use strict';
  const freeze = Object.freeze;
  const ownKeys = Reflect.ownKeys;
  const apply = Reflect.apply;
  const hasOwn = Object.hasOwn;
  const defineProperty = Object.defineProperty;
  const isArray = Array.isArray;
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const ProxyCtor = Proxy;
  const ErrorCtor = Error;
  const TypeErrorCtor = TypeError;
  const toStr = String;
  const strSplit = String.prototype.split;
  const strTrim = String.prototype.trim;
  const strUpper = String.prototype.toUpperCase;
  const strSlice = String.prototype.slice;
  const promiseResolve = Promise.resolve;
  const promiseThen = Promise.prototype.then;
  const PromiseCtor = Promise;
  const log = console.log; // the harness's bounded console: frozen, non-writable
  const ObjectProto = Object.prototype;
  // What printing or comparing an api object looks up; these must not count as unsupported calls.
  const OBJECT_MEMBERS = freeze({ __proto__: null, toString: ObjectProto.toString, valueOf: ObjectProto.valueOf,
    toLocaleString: ObjectProto.toLocaleString, hasOwnProperty: ObjectProto.hasOwnProperty,
    isPrototypeOf: ObjectProto.isPrototypeOf, propertyIsEnumerable: ObjectProto.propertyIsEnumerable,
    constructor: Object });

  const SIGNUP = 'PRE_SIGNUP', SESSION = 'PRE_SESSION_CREATION', M2M = 'PRE_M2M_TOKEN_CREATION';

  const secrets = deepFreeze(parse(secretsJson));

  // ---- small helpers over captured intrinsics ----
  // Reads of the payload take own properties only and writes define them, so a setter or value
  // an earlier policy put on Object.prototype can neither feed nor intercept the event.
  function isObject(v) { return v !== null && typeof v === 'object' && !isArray(v); }
  function object(v) { return isObject(v) ? v : {}; }
  function own(o, key) { return o !== null && typeof o === 'object' && hasOwn(o, key) ? o[key] : undefined; }
  function text(v) { return typeof v === 'string' && v !== '' ? v : undefined; }
  function define(target, key, value) {
    defineProperty(target, key, { __proto__: null, value, writable: true, enumerable: true, configurable: true });
  }
  function put(target, key, value) { if (value !== undefined) define(target, key, value); return target; }
  function push(list, value) { define(list, list.length, value); }
  function contains(list, value) { for (let i = 0; i < list.length; i++) if (list[i] === value) return true; return false; }
  function joined(list) { let s = ''; for (let i = 0; i < list.length; i++) s += (i ? ' ' : '') + list[i]; return s; }
  /** Space-separated text or an array of strings → a fresh array; anything else → undefined. */
  function words(v) {
    let parts;
    if (typeof v === 'string') parts = apply(strSplit, apply(strTrim, v, []), [' ']);
    else if (isArray(v)) parts = v;
    else return undefined;
    const out = [];
    for (let i = 0; i < parts.length; i++) if (typeof parts[i] === 'string' && parts[i] !== '' && !contains(out, parts[i])) push(out, parts[i]);
    return out;
  }
  function show(value) {
    if (value === undefined) return 'undefined';
    try {
      const s = stringify(value);
      return s === undefined ? typeof value : s;
    } catch (e) {
      return '[unprintable]';
    }
  }
  function showArgs(args) {
    let s = '';
    for (let i = 0; i < args.length; i++) s += (i ? ', ' : '') + show(args[i]);
    return s.length > 300 ? apply(strSlice, s, [0, 300]) + '…' : s;
  }

  // ---- event ----

  // Auth0 strategy for the platform's OAUTH providers; its default connection name is the same.
  const SOCIAL = freeze({ GOOGLE: 'google-oauth2', MICROSOFT: 'windowslive', GITHUB: 'github',
    LINKEDIN: 'linkedin', APPLE: 'apple', FACEBOOK: 'facebook', SALESFORCE: 'salesforce' });

  function request(ic) {
    const geoip = {};
    put(geoip, 'countryCode', text(own(ic, 'region')));
    put(geoip, 'cityName', text(own(ic, 'city')));
    const r = {};
    put(r, 'ip', text(own(ic, 'ip_address')));
    put(r, 'user_agent', text(own(ic, 'user_agent')));
    put(r, 'geoip', geoip);
    return r;
  }

  function user(ic, u) {
    const out = {};
    put(out, 'user_id', text(own(u, 'id')) ?? text(own(ic, 'user_id')));
    put(out, 'email', text(own(ic, 'user_email')) ?? text(own(u, 'email')));
    put(out, 'email_verified', typeof own(u, 'email_verified') === 'boolean' ? u.email_verified : undefined);
    put(out, 'name', text(own(u, 'name')));
    put(out, 'given_name', text(own(u, 'given_name')) ?? text(own(u, 'first_name')));
    put(out, 'family_name', text(own(u, 'family_name')) ?? text(own(u, 'last_name')));
    put(out, 'created_at', text(own(u, 'created_at')));
    put(out, 'updated_at', text(own(u, 'updated_at')));
    // The platform has one metadata object per user, written by the application (never by the
    // user), so it can stand for both: app_metadata's trust and user_metadata's convenience.
    const metadata = object(own(u, 'metadata'));
    put(out, 'user_metadata', metadata);
    put(out, 'app_metadata', metadata);
    return out;
  }

  function connection(ic) {
    const list = own(ic, 'connection_details');
    const out = {};
    if (!isArray(list) || !isObject(own(list, '0'))) return out;
    const c = list[0];
    const type = typeof own(c, 'type') === 'string' ? apply(strUpper, c.type, []) : '';
    const provider = typeof own(c, 'provider') === 'string' ? apply(strUpper, c.provider, []) : '';
    put(out, 'id', text(own(c, 'id')));
    let strategy, name;
    if (type === 'OAUTH') strategy = name = hasOwn(SOCIAL, provider) ? SOCIAL[provider] : 'oauth2';
    else if (type === 'PASSWORDLESS') strategy = name = 'email';
    else if (type === 'SAML') strategy = 'samlp';
    else if (type === 'OIDC') strategy = 'oidc';
    put(out, 'name', name);
    put(out, 'strategy', strategy);
    const metadata = {};
    put(metadata, 'type', text(own(c, 'type')));
    put(metadata, 'provider', text(own(c, 'provider')));
    put(out, 'metadata', metadata);
    return out;
  }

  function protocol(responseType) {
    const types = words(responseType);
    if (types === undefined || types.length === 0) return undefined;
    const code = contains(types, 'code');
    const implicit = contains(types, 'token') || contains(types, 'id_token');
    return code ? (implicit ? 'oidc-hybrid-profile' : 'oidc-basic-profile') : implicit ? 'oidc-implicit-profile' : undefined;
  }

  function transaction(ic) {
    const a = own(ic, 'auth_request');
    if (!isObject(a)) return undefined;
    const t = {};
    put(t, 'login_hint', text(own(a, 'login_hint')));
    put(t, 'state', text(own(a, 'state')));
    put(t, 'requested_scopes', words(own(a, 'scope')));
    put(t, 'protocol', protocol(own(a, 'response_type')));
    put(t, 'acr_values', words(own(a, 'acr_values')));
    put(t, 'ui_locales', words(own(a, 'ui_locales')));
    put(t, 'redirect_uri', text(own(a, 'redirect_uri')));
    return t;
  }

  /** The roles of the membership in the organization being signed into, when the payload has them. */
  function authorization(ic, u) {
    const memberships = own(u, 'memberships');
    const orgId = text(own(ic, 'organization_id'));
    if (!isArray(memberships) || orgId === undefined) return undefined;
    for (let i = 0; i < memberships.length; i++) {
      const m = own(memberships, toStr(i));
      if (own(m, 'organization_id') === orgId && isArray(own(m, 'roles'))) return { roles: words(m.roles) };
    }
    return undefined;
  }

  function requestedM2mScopes(claims) {
    return (isArray(own(claims, 'scopes')) ? words(claims.scopes) : words(own(claims, 'scope'))) ?? [];
  }

  function buildEvent(ctx, startScope) {
    const ic = object(own(ctx, 'interceptor_context'));
    const data = object(own(ctx, 'data'));
    const event = {};
    put(event, 'tenant', put({}, 'id', text(own(ic, 'environment_id'))));
    put(event, 'request', request(ic));
    if (trigger === M2M) {
      const tc = object(own(data, 'm2m_token_claims'));
      const claims = object(own(tc, 'claims'));
      put(event, 'client', put({ metadata: {} }, 'client_id', text(own(ic, 'client_id')) ?? text(own(tc, 'client_id'))));
      put(event, 'resource_server', put({}, 'identifier', text(own(claims, 'aud'))));
      put(event, 'transaction', { requested_scopes: requestedM2mScopes(claims) });
      put(event, 'accessToken', { customClaims: object(own(claims, 'custom_claims')), scope: words(startScope) });
      put(event, 'organization', text(own(claims, 'oid')) === undefined ? undefined : { id: claims.oid });
    } else {
      const u = object(own(data, 'user'));
      put(event, 'user', user(ic, u));
      put(event, 'connection', connection(ic));
      put(event, 'transaction', transaction(ic));
      if (trigger === SESSION) {
        put(event, 'organization', text(own(ic, 'organization_id')) === undefined ? undefined : { id: ic.organization_id });
        put(event, 'authorization', authorization(ic, u));
      }
    }
    put(event, 'secrets', secrets);
    return deepFreeze(event);
  }

  // ---- api ----

  const SUPPORTED = {
    [SIGNUP]: ['access.deny', 'validation.error', 'user.setUserMetadata', 'user.setAppMetadata'],
    [SESSION]: ['access.deny', 'idToken.setCustomClaim', 'accessToken.setCustomClaim', 'user.setUserMetadata', 'user.setAppMetadata'],
    [M2M]: ['access.deny', 'accessToken.setCustomClaim', 'accessToken.addScope', 'accessToken.removeScope'],
  };
  const supportedList = (function () {
    const names = SUPPORTED[trigger] || [];
    let s = '';
    for (let i = 0; i < names.length; i++) s += (i ? ', ' : '') + 'api.' + names[i];
    return s;
  })();

  function newEffects(startScope) {
    return { denied: false, message: undefined, claims: { __proto__: null }, claimed: false,
      startScope, scope: undefined, unsupported: undefined };
  }

  // An unknown member reads as a function that throws when called, naming the full call: reading
  // `api.cache` alone must not fail (code may test for it), calling `api.cache.get()` must.
  // `then` stays undefined so that `return api.access.deny(...)` from an async handler works.
  function unsupported(effects, path) {
    const fail = function () {
      const error = new ErrorCtor(path + '() is not supported by Interlock at ' + trigger + '; the platform has no'
        + ' equivalent. Available here: ' + supportedList + '.');
      if (effects.unsupported === undefined) effects.unsupported = error;
      throw error;
    };
    return new ProxyCtor(fail, {
      get(target, key) {
        if (typeof key === 'symbol' || key === 'then' || key === 'toJSON') return undefined;
        if (hasOwn(OBJECT_MEMBERS, key)) return OBJECT_MEMBERS[key];
        return unsupported(effects, path + '.' + key);
      },
    });
  }
  function guarded(effects, members, path) {
    return new ProxyCtor(freeze(members), {
      get(target, key) {
        if (typeof key === 'symbol' || key === 'then' || key === 'toJSON') return undefined;
        if (hasOwn(target, key)) return target[key];
        if (hasOwn(OBJECT_MEMBERS, key)) return OBJECT_MEMBERS[key];
        return unsupported(effects, path + '.' + key);
      },
    });
  }

  function buildApi(effects) {
    let api;
    // deny(reason, userMessage) at registration, deny(reason) at login, deny(code, reason) for
    // M2M, validation.error(code, message): the user sees the second argument, else the first.
    function denial(call) {
      return function (reason, userMessage) {
        if (!effects.denied) {
          effects.denied = true;
          effects.message = text(userMessage) ?? text(reason);
          // What Auth0 would only log stays in the trace when the user is shown something else.
          if (text(userMessage) !== undefined && text(reason) !== undefined) log(call + ': ' + show(reason));
        }
        return api;
      };
    }
    function claim(path) {
      return function setCustomClaim(name, value) {
        if (typeof name !== 'string') throw new TypeErrorCtor(path + '.setCustomClaim: the claim name must be a string');
        effects.claims[name] = value;
        effects.claimed = true;
        return api;
      };
    }
    function workingScope() {
      if (effects.scope === undefined) effects.scope = words(effects.startScope) ?? [];
      return effects.scope;
    }
    function scopeArg(method, scope) {
      if (typeof scope !== 'string' || scope === '') throw new TypeErrorCtor('api.accessToken.' + method + ': the scope must be a non-empty string');
    }
    function notApplicable(call) {
      return function () {
        log('not applicable: api.user.' + call + '(' + showArgs(arguments) + ') — the platform keeps no Auth0 user'
          + ' metadata; nothing was stored');
        return api;
      };
    }
    const members = { __proto__: null, access: guarded(effects, { __proto__: null, deny: denial('api.access.deny') }, 'api.access') };
    if (trigger === SIGNUP) {
      members.validation = guarded(effects, { __proto__: null, error: denial('api.validation.error') }, 'api.validation');
    }
    if (trigger === SIGNUP || trigger === SESSION) {
      members.user = guarded(effects, { __proto__: null, setUserMetadata: notApplicable('setUserMetadata'),
        setAppMetadata: notApplicable('setAppMetadata') }, 'api.user');
    }
    if (trigger === SESSION) {
      members.idToken = guarded(effects, { __proto__: null, setCustomClaim: claim('api.idToken') }, 'api.idToken');
      members.accessToken = guarded(effects, { __proto__: null, setCustomClaim: claim('api.accessToken') }, 'api.accessToken');
    }
    if (trigger === M2M) {
      members.accessToken = guarded(effects, {
        __proto__: null,
        setCustomClaim: claim('api.accessToken'),
        addScope(scope) {
          scopeArg('addScope', scope);
          const list = workingScope();
          if (!contains(list, scope)) push(list, scope);
          return api;
        },
        removeScope(scope) {
          scopeArg('removeScope', scope);
          const list = workingScope();
          const kept = [];
          for (let i = 0; i < list.length; i++) if (list[i] !== scope) push(kept, list[i]);
          effects.scope = kept;
          return api;
        },
      }, 'api.accessToken');
    }
    api = guarded(effects, members, 'api');
    return api;
  }

  /** What the handler did, as the decision a policy would have returned. */
  function decision(effects) {
    if (effects.unsupported !== undefined) throw effects.unsupported; // even if the Action caught it
    if (effects.denied) {
      return effects.message === undefined ? { decision: 'DENY' } : { decision: 'DENY', error: { message: effects.message } };
    }
    const claims = effects.claims;
    if (effects.scope !== undefined) claims.scope = joined(effects.scope);
    return effects.claimed || effects.scope !== undefined ? { decision: 'ALLOW', response: { claims } } : { decision: 'ALLOW' };
  }

  // Node's answer to require() of a package; Actions here have none, and no Node built-ins.
  function require(name) {
    throw new ErrorCtor('require(' + show(typeof name === 'string' ? name : toStr(name)) + ') is not available:'
      + ' Actions run in Interlock\'s sandbox without npm packages or Node built-ins, so nothing can be'
      + ' required (available: none). Copy the code you need into the Action.');
  }

  function exportedHandlers(exported) {
    if (exported === null || (typeof exported !== 'object' && typeof exported !== 'function')) return '';
    const keys = ownKeys(exported);
    let s = '';
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (typeof key === 'string' && apply(strSlice, key, [0, 9]) === 'onExecute' && typeof exported[key] === 'function') {
        s += (s ? ', ' : '') + key;
      }
    }
    return s;
  }

  return freeze({
    // Runs the Action's CommonJS top level as Node would (this === exports), then returns the
    // (ctx) => decision function the harness calls, or a string listing the Auth0 handlers the
    // file exports when the one this trigger runs is missing.
    load(wrapper, handlerName, chainScope) {
      const module = { exports: {} };
      apply(wrapper, module.exports, [module.exports, require, module]);
      const exported = module.exports;
      const handler = exported !== null && (typeof exported === 'object' || typeof exported === 'function')
        ? exported[handlerName] : undefined;
      if (typeof handler !== 'function') return exportedHandlers(exported);
      return function (ctx) {
        const effects = newEffects(chainScope ?? joined(trigger === M2M
          ? requestedM2mScopes(object(own(object(own(object(own(ctx, 'data')), 'm2m_token_claims')), 'claims'))) : []));
        const result = apply(handler, exported, [buildEvent(ctx, effects.startScope), buildApi(effects)]);
        return apply(promiseThen, apply(promiseResolve, PromiseCtor, [result]), [function () { return decision(effects); }]);
      };
    },
  });
})
