// Interlock's Auth0 Actions adapter. Evaluated right after the harness, and only in contexts whose
// chain holds an Action. It builds the `event` an Action reads from the platform's payload, and
// an `api` whose calls are recorded and turned into an ordinary decision object, which the
// harness then snapshots and the host validates exactly like any policy's result.
//
// Like the harness it runs before any policy code and captures what it relies on now: by the
// time an Action runs, an earlier policy of the chain may have replaced prototype methods.
// Mapping rules (docs/auth0-actions.md): objects Auth0 always provides are present, values the
// payload does not carry are absent, never invented, and reading one of them leaves a trace
// line `interlock: event.… is not …` (so does an api call Interlock cannot honour).
//
// Shape: (trigger, deepFreeze, node) => { bind(key, secretsJson) → { load(wrapper, handlerName, chainScope) } }:
// bind() gives each Action of the chain its own secrets and configuration (`key` names it, as
// `pre-signup/30-x.js`), once per prepared context; what it returns is frozen.
// deepFreeze is the harness's own; node is the host's module table (NodeModules: resolve, compile,
// json, randomHex), absent where the host offers none. Nothing made for one evaluation outlives
// it: load() creates the module registry, the Node globals and the trace memory afresh, and the
// returned handler builds event and api afresh on every call. What lives at this level is frozen.
//
// The Action's wrapper (Auth0Action.PREFIX) is `(function (node) { with (node) return function
// (exports, require, module, __filename, __dirname) { … } })`: Node's globals (Buffer, URL, process,
// …) come from a per-evaluation object whose getters create them only when the code names them,
// and the Action's own declarations shadow them as in Node.
(function (trigger, deepFreeze, node) {
  'use strict';
  const freeze = Object.freeze;
  const ownKeys = Reflect.ownKeys;
  const apply = Reflect.apply;
  const reflectGet = Reflect.get;
  const reflectHas = Reflect.has;
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
  const strIndexOf = String.prototype.indexOf;
  const strLastIndexOf = String.prototype.lastIndexOf;
  const promiseResolve = Promise.resolve;
  const promiseThen = Promise.prototype.then;
  const PromiseCtor = Promise;
  const DisplayNames = typeof Intl === 'object' ? Intl.DisplayNames : undefined;
  const G = globalThis;
  const log = console.log; // the harness's bounded console: frozen, non-writable
  const ObjectProto = Object.prototype;
  // What printing or comparing an api object looks up; these must not count as unsupported calls.
  const OBJECT_MEMBERS = freeze({ __proto__: null, toString: ObjectProto.toString, valueOf: ObjectProto.valueOf,
    toLocaleString: ObjectProto.toLocaleString, hasOwnProperty: ObjectProto.hasOwnProperty,
    isPrototypeOf: ObjectProto.isPrototypeOf, propertyIsEnumerable: ObjectProto.propertyIsEnumerable,
    constructor: Object });

  const SIGNUP = 'PRE_SIGNUP', SESSION = 'PRE_SESSION_CREATION', M2M = 'PRE_M2M_TOKEN_CREATION';
  const PREFIX = 'interlock: ';

  // ---- small helpers over captured intrinsics ----
  // Reads of the payload take own properties only and writes define them, so a setter or value
  // an earlier policy put on Object.prototype can neither feed nor intercept the event.
  function isObject(v) { return v !== null && typeof v === 'object' && !isArray(v); }
  function object(v) { return isObject(v) ? v : {}; }
  function own(o, key) { return o !== null && typeof o === 'object' && hasOwn(o, key) ? o[key] : undefined; }
  function text(v) { return typeof v === 'string' && v !== '' ? v : undefined; }
  function number(v) { return typeof v === 'number' && v === v ? v : undefined; }
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
  /** A plain deep copy of JSON data (from data/auth0.json), so the event never shares the frozen data. */
  function copy(v) { return v === undefined ? undefined : parse(stringify(v)); }
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
  function list(names) { let s = ''; for (let i = 0; i < names.length; i++) s += (i ? ', ' : '') + names[i]; return s; }

  /** One evaluation's trace notes: each distinct note once, as a console line of the running policy. */
  function newNotes() {
    const seen = { __proto__: null };
    return function note(message) {
      if (seen[message] === true) return;
      seen[message] = true;
      log(PREFIX + message);
    };
  }

  // ---- event ----

  // Auth0 strategy for the platform's OAUTH providers; its default connection name is the same.
  const SOCIAL = freeze({ GOOGLE: 'google-oauth2', MICROSOFT: 'windowslive', GITHUB: 'github',
    LINKEDIN: 'linkedin', APPLE: 'apple', FACEBOOK: 'facebook', SALESFORCE: 'salesforce' });

  // Continent of each ISO 3166 country code, as Auth0's geoip.continentCode reports it.
  const CONTINENTS = (function () {
    const table = {
      AF: 'DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR MU YT MA MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN UG EH ZM ZW',
      AN: 'AQ BV GS HM TF',
      AS: 'AF AM AZ BH BD BT BN KH CN CY GE HK IN ID IR IQ IL JP JO KZ KW KG LA LB MO MY MV MN MM NP KP OM PK PS PH QA SA SG KR LK SY TW TJ TH TL TR TM AE UZ VN YE IO CX CC',
      EU: 'AX AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM IT JE XK LV LI LT LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB',
      NA: 'AI AG AW BS BB BZ BM BQ VG CA KY CR CU CW DM DO SV GL GD GP GT HT HN JM MQ MX MS NI PA PR BL KN LC MF PM VC SX TT TC US VI',
      OC: 'AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV VU WF UM',
      SA: 'AR BO BR CL CO EC FK GF GY PY PE SR UY VE',
    };
    const out = { __proto__: null };
    const continents = ownKeys(table);
    for (let i = 0; i < continents.length; i++) {
      const codes = apply(strSplit, table[continents[i]], [' ']);
      for (let j = 0; j < codes.length; j++) out[codes[j]] = continents[i];
    }
    return freeze(out);
  })();

  function countryName(code) {
    if (code === undefined || DisplayNames === undefined) return undefined;
    try {
      const name = new DisplayNames(['en'], { type: 'region', fallback: 'none' }).of(code);
      return text(name);
    } catch (e) {
      return undefined;
    }
  }

  function geoip(ic) {
    const g = {};
    const code = text(own(ic, 'region'));
    const upper = code === undefined ? undefined : apply(strUpper, code, []);
    put(g, 'countryCode', code);
    put(g, 'countryName', text(own(ic, 'country_name')) ?? (upper !== undefined && upper.length === 2 ? countryName(upper) : undefined));
    put(g, 'continentCode', text(own(ic, 'continent_code')) ?? (upper !== undefined && upper.length === 2 ? CONTINENTS[upper] : undefined));
    put(g, 'cityName', text(own(ic, 'city')));
    put(g, 'timeZone', text(own(ic, 'time_zone')) ?? text(own(ic, 'timezone')));
    put(g, 'latitude', number(own(ic, 'latitude')));
    put(g, 'longitude', number(own(ic, 'longitude')));
    return g;
  }

  // Auth0 always gives a login its query and body, and a token exchange its body; the platform
  // sends neither, so they are empty objects whose every read is noted.
  const REQUEST_PARTS = trigger === SESSION ? ['query', 'body'] : trigger === M2M ? ['body'] : [];
  function request(ic) {
    const r = {};
    put(r, 'ip', text(own(ic, 'ip_address')));
    put(r, 'user_agent', text(own(ic, 'user_agent')));
    put(r, 'geoip', geoip(ic));
    for (let i = 0; i < REQUEST_PARTS.length; i++) put(r, REQUEST_PARTS[i], NOT_SENT_PART);
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

  function connection(ic, auth0) {
    const list = own(ic, 'connection_details');
    const out = {};
    if (!isArray(list) || !isObject(own(list, '0'))) return out;
    const c = list[0];
    const type = typeof own(c, 'type') === 'string' ? apply(strUpper, c.type, []) : '';
    const provider = typeof own(c, 'provider') === 'string' ? apply(strUpper, c.provider, []) : '';
    const id = text(own(c, 'id'));
    const configured = object(own(object(own(auth0, 'connections')), id ?? ''));
    put(out, 'id', id);
    let strategy, name;
    if (type === 'OAUTH') strategy = name = hasOwn(SOCIAL, provider) ? SOCIAL[provider] : 'oauth2';
    else if (type === 'PASSWORDLESS') strategy = name = 'email';
    else if (type === 'SAML') strategy = 'samlp';
    else if (type === 'OIDC') strategy = 'oidc';
    put(out, 'name', text(own(configured, 'name')) ?? name);
    put(out, 'strategy', strategy);
    const metadata = {};
    put(metadata, 'type', text(own(c, 'type')));
    put(metadata, 'provider', text(own(c, 'provider')));
    const extra = object(own(configured, 'metadata'));
    const keys = ownKeys(extra);
    for (let i = 0; i < keys.length; i++) put(metadata, keys[i], copy(extra[keys[i]]));
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
    put(t, 'response_type', words(own(a, 'response_type')));
    put(t, 'acr_values', words(own(a, 'acr_values')));
    put(t, 'ui_locales', words(own(a, 'ui_locales')));
    put(t, 'redirect_uri', text(own(a, 'redirect_uri')));
    return t;
  }

  /** The roles of the membership in the organization being signed into ([] when it has none). */
  function authorization(ic, u) {
    const memberships = own(u, 'memberships');
    const orgId = text(own(ic, 'organization_id'));
    if (!isArray(memberships) || orgId === undefined) return undefined;
    for (let i = 0; i < memberships.length; i++) {
      const m = own(memberships, toStr(i));
      if (own(m, 'organization_id') === orgId) return { roles: words(own(m, 'roles')) ?? [] };
    }
    return { roles: [] };
  }

  function requestedM2mScopes(claims) {
    return (isArray(own(claims, 'scopes')) ? words(claims.scopes) : words(own(claims, 'scope'))) ?? [];
  }

  // What the operator provides in data/auth0.json for what the platform does not send. `stand-in`
  // marks a metadata object made up because nothing was configured: reading it leaves a note.
  function client(id, auth0) {
    const c = {};
    put(c, 'client_id', id);
    const configured = object(own(object(own(auth0, 'clients')), id ?? ''));
    put(c, 'name', text(own(configured, 'name')));
    put(c, 'metadata', isObject(own(configured, 'metadata')) ? copy(configured.metadata) : STAND_IN);
    return c;
  }
  function organization(id, auth0) {
    if (id === undefined) return undefined;
    const o = { id };
    const configured = object(own(object(own(auth0, 'organizations')), id));
    put(o, 'name', text(own(configured, 'name')));
    put(o, 'display_name', text(own(configured, 'display_name')));
    put(o, 'metadata', isObject(own(configured, 'metadata')) ? copy(configured.metadata) : STAND_IN);
    return o;
  }
  const STAND_IN = freeze({ __proto__: null });
  const NOT_SENT_PART = freeze({ __proto__: null });

  /** The client at sign-up and login: named by the payload, else the one data/auth0.json names. */
  function loginClient(ic, auth0) {
    const id = text(own(ic, 'client_id')) ?? text(own(object(own(ic, 'auth_request')), 'client_id'))
      ?? text(own(auth0, 'login_client_id'));
    return id === undefined ? undefined : client(id, auth0);
  }

  /** An Action's non-secret settings: data/auth0.json's configuration, then actions.<key>.configuration over it. */
  function configuration(auth0, key) {
    const out = {};
    const shared = object(own(auth0, 'configuration'));
    const mine = object(own(object(own(object(own(auth0, 'actions')), key)), 'configuration'));
    const sources = [shared, mine];
    for (let s = 0; s < sources.length; s++) {
      const keys = ownKeys(sources[s]);
      for (let i = 0; i < keys.length; i++) put(out, keys[i], copy(sources[s][keys[i]]));
    }
    return out;
  }

  function buildEvent(ctx, data, startScope, binding) {
    const ic = object(own(ctx, 'interceptor_context'));
    const payloadData = object(own(ctx, 'data'));
    const auth0 = object(own(object(data), 'auth0'));
    const event = {};
    put(event, 'tenant', put({}, 'id', text(own(ic, 'environment_id'))));
    put(event, 'request', request(ic));
    if (trigger === M2M) {
      const tc = object(own(payloadData, 'm2m_token_claims'));
      const claims = object(own(tc, 'claims'));
      put(event, 'client', client(text(own(ic, 'client_id')) ?? text(own(tc, 'client_id')), auth0));
      put(event, 'resource_server', put({}, 'identifier', text(own(claims, 'aud'))));
      put(event, 'transaction', { requested_scopes: requestedM2mScopes(claims) });
      put(event, 'accessToken', { customClaims: object(own(claims, 'custom_claims')), scope: words(startScope) });
      put(event, 'organization', organization(text(own(claims, 'oid')), auth0));
    } else {
      const u = object(own(payloadData, 'user'));
      put(event, 'user', user(ic, u));
      put(event, 'connection', connection(ic, auth0));
      put(event, 'transaction', transaction(ic));
      put(event, 'client', loginClient(ic, auth0));
      if (trigger === SESSION) {
        put(event, 'organization', organization(text(own(ic, 'organization_id')), auth0));
        put(event, 'authorization', authorization(ic, u));
      }
    }
    put(event, 'configuration', configuration(auth0, binding.key));
    put(event, 'secrets', binding.secrets);
    return event;
  }

  // ---- nothing silent: what reading an absent event field says ----

  const NOT_SENT = 'is not provided by the platform';
  const NOT_IN_PAYLOAD = 'is not in this request\'s payload';
  // Per event path: the fields Auth0 documents that Interlock fills when the payload has them
  // (absent: NOT_IN_PAYLOAD), then those the platform never sends (absent: NOT_SENT). Other
  // names are not Auth0's and read as undefined without a note, as they would there.
  function fields(mapped, never) { return freeze({ mapped: apply(strSplit, mapped, [' ']), never: never === '' ? [] : apply(strSplit, never, [' ']) }); }
  const SCHEMA = freeze({
    event: trigger === M2M
      ? fields('tenant request client resource_server transaction accessToken organization configuration secrets', 'custom_domain')
      : trigger === SESSION
        ? fields('tenant request user connection transaction client organization authorization configuration secrets',
            'authentication session stats resource_server refresh_token prompt security_context custom_domain')
        : fields('tenant request user connection transaction client configuration secrets', ''),
    'event.user': fields('user_id email email_verified name given_name family_name created_at updated_at app_metadata user_metadata',
      'nickname username phone_number phone_verified picture identities multifactor last_password_reset enrolledFactors'),
    'event.request': fields('ip user_agent geoip', 'hostname method language body query asn'),
    'event.request.geoip': fields('countryCode countryName continentCode cityName timeZone latitude longitude',
      'countryCode3 subdivisionCode subdivisionName'),
    'event.client': fields('client_id name metadata', ''),
    'event.organization': fields('id name display_name metadata', ''),
    'event.connection': fields('id name strategy metadata', ''),
    'event.transaction': trigger === M2M ? fields('requested_scopes', '')
      : fields('login_hint state requested_scopes protocol response_type acr_values ui_locales redirect_uri',
          'locale requested_authorization_details response_mode linking_id metadata'),
    'event.tenant': fields('id', ''),
    'event.authorization': fields('roles', ''),
    'event.accessToken': fields('customClaims scope', ''),
    'event.resource_server': fields('identifier', ''),
  });

  function why(path, key) {
    const schema = SCHEMA[path];
    if (schema === undefined) return undefined;
    if (contains(schema.mapped, key)) return path + '.' + key + ' ' + NOT_IN_PAYLOAD;
    if (contains(schema.never, key)) return path + '.' + key + ' ' + NOT_SENT;
    // Auth0 copies what the identity provider says about a user (groups, department, …) onto the
    // user, under names no reference lists: whatever name an Action reads there is noted.
    if (path === 'event.user') return path + '.' + key + ' ' + NOT_SENT + ' (Auth0 adds the identity provider\'s'
      + ' attributes to the user; the platform sends none)';
    return undefined;
  }

  // A frozen view of `target` that notes reads of absent fields. The target is frozen first and
  // each nested object is already a view, so the Proxy invariants hold (own properties read back
  // exactly as stored) and the harness's snapshot, which reads own data properties, sees plain data.
  // Names serialisers, promise machinery and test tools probe on any object: never a field read.
  const PROBES = freeze({ __proto__: null, toJSON: true, then: true, inspect: true, asymmetricMatch: true, $$typeof: true,
    nodeType: true, '@@__IMMUTABLE_ITERABLE__@@': true });
  function watched(target, explain, note) {
    freeze(target);
    return new ProxyCtor(target, {
      get(t, key, receiver) {
        if (typeof key === 'string' && PROBES[key] !== true && !hasOwn(t, key) && !reflectHas(t, key)) {
          const message = explain(key);
          if (message !== undefined) note(message);
        }
        return reflectGet(t, key, receiver);
      },
      has(t, key) {
        if (typeof key === 'string' && !hasOwn(t, key) && !reflectHas(t, key)) {
          const message = explain(key);
          if (message !== undefined) note(message);
        }
        return reflectHas(t, key);
      },
    });
  }

  function watchedEvent(event, note, binding) {
    function view(value, path) {
      if (value === NOT_SENT_PART) return watched({}, (key) => path + '.' + key + ' ' + NOT_SENT, note);
      if (path === 'event.configuration') {
        return watched(deepFreeze(value), (key) => path + '.' + key + ' is not set; set configuration.' + key + ' or actions["'
          + binding.key + '"].configuration.' + key + ' in data/auth0.json', note);
      }
      if (value === STAND_IN) {
        return watched({}, (key) => path + '.' + key + ' ' + NOT_SENT + (apply(strIndexOf, path, ['client']) >= 0
          ? '; set clients.<client_id>.metadata in data/auth0.json' : '; set organizations.<id>.metadata in data/auth0.json'), note);
      }
      if (!isObject(value) || SCHEMA[path] === undefined) return deepFreeze(value);
      const keys = ownKeys(value);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const child = value[key];
        if (child !== null && typeof child === 'object') define(value, key, view(child, path + '.' + key));
      }
      return watched(value, (key) => why(path, key), note);
    }
    const keys = ownKeys(event);
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== 'secrets') define(event, keys[i], view(event[keys[i]], 'event.' + keys[i]));
    }
    const known = {};
    const names = ownKeys(binding.secrets);
    for (let i = 0; i < names.length; i++) define(known, names[i], binding.secrets[names[i]]);
    define(event, 'secrets', watched(known, (key) => 'event.secrets.' + key + ' is not set (INTERLOCK_SECRET_'
      + key + ', INTERLOCK_ACTION_' + binding.envStem + '_SECRET_' + key + ' or INTERLOCK_SECRETS_FILE; in a cases file, "secrets")', note));
    return watched(event, (key) => why('event', key), note);
  }

  // ---- api ----

  const SUPPORTED = {
    [SIGNUP]: ['access.deny', 'validation.error', 'user.setUserMetadata', 'user.setAppMetadata', 'cache.get', 'cache.set', 'cache.delete'],
    [SESSION]: ['access.deny', 'idToken.setCustomClaim', 'accessToken.setCustomClaim', 'user.setUserMetadata', 'user.setAppMetadata',
      'cache.get', 'cache.set', 'cache.delete', 'rules.wasExecuted'],
    [M2M]: ['access.deny', 'accessToken.setCustomClaim', 'accessToken.addScope', 'accessToken.removeScope', 'cache.get', 'cache.set', 'cache.delete'],
  };
  const supportedList = (function () {
    const names = SUPPORTED[trigger] || [];
    let s = '';
    for (let i = 0; i < names.length; i++) s += (i ? ', ' : '') + 'api.' + names[i];
    return s;
  })();
  // Auth0 api members Interlock knows and cannot honour, and why. Calling one fails the policy:
  // each of them makes a login stricter (a factor, a redirect, a shorter session), so going on
  // without it would allow what the author meant to hold back.
  const CANNOT = freeze({
    __proto__: null,
    multifactor: 'the platform runs its own multi-factor authentication; an interceptor cannot prompt for a factor',
    authentication: 'the platform runs its own multi-factor authentication; an interceptor cannot prompt for a factor',
    redirect: 'an interceptor answers ALLOW or DENY; it cannot send the user to another page and resume',
    session: 'the platform manages sessions; an interceptor cannot change or revoke them',
    refreshToken: 'the platform manages refresh tokens; an interceptor cannot change or revoke them',
    samlResponse: 'the platform builds SAML responses itself',
    prompt: 'an interceptor cannot render forms',
  });

  function newEffects(startScope, note) {
    return { denied: false, message: undefined, claims: { __proto__: null }, claimed: false,
      startScope, scope: undefined, unsupported: undefined, note };
  }

  // An unknown member reads as a function that throws when called, naming the full call: reading
  // `api.cache` alone must not fail (code may test for it), calling `api.cache.get()` must.
  // `then` stays undefined so that `return api.access.deny(...)` from an async handler works.
  function unsupported(effects, path) {
    const fail = function () {
      const second = apply(strIndexOf, path + '.', ['.', 4]);
      const family = apply(strSlice, path, [4, second]);
      const reason = CANNOT[family];
      const message = reason !== undefined
        ? path + '() cannot be honoured by Interlock at ' + trigger + ': ' + reason + '; the policy fails rather than go on without it.'
        : path + '() is not supported by Interlock at ' + trigger + '; the platform has no equivalent.';
      effects.note(message);
      const error = new ErrorCtor(message + ' Available here: ' + supportedList + '.');
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

  // Auth0's cache may drop an entry at any time, so a cache that lives for one evaluation is a
  // faithful one: set then get in the same run works, nothing reaches the next request.
  function newCache(effects) {
    const entries = { __proto__: null };
    let noted = false;
    function once() {
      if (!noted) effects.note('api.cache keeps values for this evaluation only (Auth0 may drop them too); nothing reaches the next request');
      noted = true;
    }
    return {
      __proto__: null,
      get(key) { once(); const e = entries[toStr(key)]; return e === undefined ? undefined : { value: e.value, expires_at: e.expires_at }; },
      set(key, value, options) {
        once();
        const ttl = number(own(options, 'ttl'));
        const expires = number(own(options, 'expires_at'));
        const record = { value: toStr(value), expires_at: expires ?? (ttl !== undefined ? 0 : undefined) };
        entries[toStr(key)] = record;
        return { type: 'success', record: { value: record.value, expires_at: record.expires_at } };
      },
      delete(key) { once(); const had = entries[toStr(key)] !== undefined; entries[toStr(key)] = undefined; return { type: 'success', deleted: had }; },
    };
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
        effects.note('api.user.' + call + '(' + showArgs(arguments) + ') is not applicable: the platform keeps no Auth0'
          + ' user metadata; nothing was stored');
        return api;
      };
    }
    const members = { __proto__: null, access: guarded(effects, { __proto__: null, deny: denial('api.access.deny') }, 'api.access') };
    members.cache = guarded(effects, newCache(effects), 'api.cache');
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
      // No Auth0 Rules exist here, so none was executed: the faithful answer.
      members.rules = guarded(effects, { __proto__: null, wasExecuted() { return false; } }, 'api.rules');
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

  // ---- Node: require() and the globals Node gives every module ----

  // What the host's module table answers: `builtin:NAME`, `file:PATH`, `json:PATH`, or
  // `error:MESSAGE` (a module that is not there, or is refused; the message names it).
  const host = node === undefined || node === null ? undefined : node;
  // Only Interlock's own built-in modules (crypto) may ask the host for secure random bytes.
  const hostForBuiltins = freeze({ __proto__: null, randomHex(n) { return host.randomHex(n); },
    cryptoKey(json) { return host.cryptoKey(json); }, cryptoSign(json) { return host.cryptoSign(json); },
    cryptoVerify(json) { return host.cryptoVerify(json); } });
  // Node's globals with no place in the sandbox (streams, workers, sockets, timing, events).
  const MISSING_GLOBALS = freeze(['BroadcastChannel', 'ByteLengthQueuingStrategy', 'CompressionStream', 'CountQueuingStrategy',
    'CryptoKey', 'CustomEvent', 'DecompressionStream', 'Event', 'EventTarget', 'MessageChannel', 'MessageEvent', 'MessagePort',
    'Navigator', 'PerformanceEntry', 'PerformanceObserver', 'ReadableStream', 'Request',
    'SubtleCrypto', 'TextDecoderStream', 'TextEncoderStream', 'TransformStream', 'WebAssembly', 'WebSocket', 'WritableStream']);
  const dateNow = Date.now;
  const SETTERS = ['setTimeout', 'setInterval', 'setImmediate'];
  const CLEARERS = ['clearTimeout', 'clearInterval', 'clearImmediate'];

  function moduleError(message, code) {
    const error = new ErrorCtor(message);
    error.code = code;
    return error;
  }

  /** One evaluation's modules: each required module instantiated once, in this evaluation only. */
  // helperRequire: the policies' helpers (policies/lib/) this Action requires by a relative
  // literal name, each instantiated for this evaluation only; undefined for any other name.
  function newModules(note, helperRequire) {
    const registry = { __proto__: null };
    const timers = { __proto__: null };
    let timerCount = 0;
    let globals;

    function resolve(dir, specifier) {
      if (typeof specifier !== 'string') throw new TypeErrorCtor('require(): the module name must be a string, got ' + show(specifier));
      if (host === undefined) {
        throw moduleError('require(' + show(specifier) + ') is not available here: this chain was prepared without Node modules', 'MODULE_NOT_FOUND');
      }
      const id = host.resolve(dir, specifier);
      if (apply(strSlice, id, [0, 6]) === 'error:') {
        const message = apply(strSlice, id, [6]);
        note(message);
        throw moduleError(message, 'MODULE_NOT_FOUND');
      }
      return id;
    }

    function instantiate(id) {
      const existing = registry[id];
      if (existing !== undefined) return existing.exports;
      const colon = apply(strIndexOf, id, [':']);
      const kind = apply(strSlice, id, [0, colon]);
      const path = apply(strSlice, id, [colon + 1]);
      const builtin = kind === 'builtin';
      const filename = builtin ? 'node:' + path : '/' + path;
      const slash = apply(strLastIndexOf, path, ['/']);
      const dir = builtin ? 'node:' : slash < 0 ? '' : apply(strSlice, path, [0, slash]);
      const module = { exports: {}, id: filename, filename, loaded: false, children: [], paths: [] };
      registry[id] = module;
      try {
        if (kind === 'json') {
          module.exports = parse(host.json(path));
        } else {
          const outer = host.compile(id);
          if (typeof outer === 'string') { note(outer); throw moduleError(outer, 'ERR_INTERLOCK_MODULE'); }
          const inner = apply(outer, undefined, [globalsObject()]);
          apply(inner, module.exports, [module.exports, requireFrom(dir, builtin), module, filename, builtin ? '' : '/' + dir]);
        }
      } catch (e) {
        registry[id] = undefined; // as Node does: a module that threw is loaded again next time
        throw e;
      }
      module.loaded = true;
      return module.exports;
    }

    function requireFrom(dir, privileged) {
      const require = function require(specifier) {
        if (privileged && specifier === 'interlock:host') return hostForBuiltins;
        if (privileged && specifier === 'interlock:note') return note;
        if (dir === '' && !privileged && helperRequire !== undefined) {
          const helper = helperRequire(specifier);
          if (helper !== undefined) return helper;
        }
        return instantiate(resolve(dir, specifier));
      };
      require.resolve = function (specifier) {
        const id = resolve(dir, specifier);
        const kind = apply(strSlice, id, [0, apply(strIndexOf, id, [':'])]);
        return kind === 'builtin' ? apply(strSlice, id, [8]) : '/' + apply(strSlice, id, [kind.length + 1]);
      };
      require.cache = {};
      return require;
    }

    const builtin = (name) => instantiate(resolve('', name));

    function lazy(target, name, make) {
      let made = false, value;
      defineProperty(target, name, { __proto__: null, enumerable: true, configurable: false,
        get() { if (!made) { value = make(); made = true; } return value; },
        set(v) { value = v; made = true; } });
    }
    function unavailable(name, why) {
      return function () {
        const message = name + '() is not available in Interlock\'s sandbox: ' + why;
        note(message);
        throw new ErrorCtor(message);
      };
    }
    function processObject() {
      const env = watched({}, (key) => 'process.env.' + key + ' is empty in the sandbox; Actions read configuration from event.secrets', note);
      return deepFreeze({
        env, version: 'v18.20.4', versions: { node: '18.20.4' }, platform: 'linux', arch: 'x64', argv: [], execArgv: [],
        browser: false, title: 'node', release: { name: 'node' },
        cwd() { return '/'; },
        nextTick(fn) {
          const args = [];
          for (let i = 1; i < arguments.length; i++) push(args, arguments[i]);
          apply(promiseThen, apply(promiseResolve, PromiseCtor, []), [() => apply(fn, undefined, args)]);
        },
        emitWarning() {},
        exit: unavailable('process.exit', 'a policy ends by returning or throwing'),
      });
    }

    /** Node's Web Crypto global in the part Interlock has: randomUUID and getRandomValues. */
    function webCrypto() {
      const nodeCrypto = builtin('crypto');
      const subtle = watched({}, (key) => 'crypto.subtle.' + key + ' is not available in Interlock\'s sandbox (no Web Crypto'
        + ' keys); use require("crypto")', note);
      return deepFreeze({
        randomUUID() { return nodeCrypto.randomUUID(); },
        getRandomValues(array) { return nodeCrypto.getRandomValues(array); },
        subtle,
      });
    }

    /** The object behind the wrappers' `with`: Node's globals, each made on first use. */
    function globalsObject() {
      if (globals !== undefined) return globals;
      const g = { __proto__: null };
      lazy(g, 'Buffer', () => builtin('buffer').Buffer);
      lazy(g, 'URL', () => builtin('url').URL);
      lazy(g, 'URLSearchParams', () => builtin('url').URLSearchParams);
      lazy(g, 'TextEncoder', () => builtin('util').TextEncoder);
      lazy(g, 'TextDecoder', () => builtin('util').TextDecoder);
      lazy(g, 'atob', () => builtin('util').atob);
      lazy(g, 'btoa', () => builtin('util').btoa);
      lazy(g, 'process', processObject);
      lazy(g, 'global', () => G);
      lazy(g, 'queueMicrotask', () => function queueMicrotask(fn) { apply(promiseThen, apply(promiseResolve, PromiseCtor, []), [() => apply(fn, undefined, [])]); });
      // No timer ever fires here. Code that sets one only to cancel it (a client's request timeout,
      // cleared when the answer comes) works; a timer still set when the Action ends fails it, as
      // whatever it was meant to do never happened.
      for (let i = 0; i < SETTERS.length; i++) {
        const name = SETTERS[i];
        lazy(g, name, () => function () {
          note(name + '() was called: timers never fire in Interlock\'s sandbox; one still set when the Action ends fails it');
          timerCount++;
          timers[timerCount] = name;
          return timerCount;
        });
      }
      for (let i = 0; i < CLEARERS.length; i++) {
        lazy(g, CLEARERS[i], () => function (id) { if (typeof id === 'number') timers[id] = undefined; });
      }
      lazy(g, 'crypto', webCrypto);
      lazy(g, 'performance', () => deepFreeze({ timeOrigin: dateNow(), now() { return dateNow() - this.timeOrigin; } }));
      // Node's globals the sandbox cannot offer read as undefined (so `typeof X` feature tests
      // still work), with a note: an Action that catches the TypeError that follows still says so.
      for (let i = 0; i < MISSING_GLOBALS.length; i++) {
        const name = MISSING_GLOBALS[i];
        lazy(g, name, () => { note(name + ' is not available in Interlock\'s sandbox (Node has it as a global); it reads as undefined'); return undefined; });
      }
      // fetch, Headers, Response, Blob, FormData, AbortController, structuredClone… are the
      // realm's own (the harness's), as in Node: not here.
      globals = g;
      return g;
    }

    /** The first timer set and never cleared, or undefined. */
    function pendingTimer() {
      for (let id = 1; id <= timerCount; id++) if (timers[id] !== undefined) return timers[id];
      return undefined;
    }

    return { require: requireFrom('', false), globalsObject, pendingTimer };
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

  // envStem: the Action's part of INTERLOCK_ACTION_<stem>_SECRET_<NAME>, for the note on a secret not set.
  function bind(key, envStem, secretsJson) {
    const binding = freeze({ key, envStem, secrets: deepFreeze(parse(secretsJson)) });
    return freeze({ load: (wrapper, handlerName, chainScope, helperRequire) => load(binding, wrapper, handlerName, chainScope,
      helperRequire) });
  }

  return freeze({ bind });

  // Runs the Action's CommonJS top level as Node would (this === exports), then returns the
  // (ctx, data) => decision function the harness calls, or a string listing the Auth0 handlers
  // the file exports when the one this trigger runs is missing. Called once per evaluation.
  function load(binding, wrapper, handlerName, chainScope, helperRequire) {
    const note = newNotes();
    const modules = newModules(note, helperRequire);
    const module = { exports: {}, id: '.', filename: '/action.js', loaded: false, children: [], paths: [] };
    // Auth0Action.PREFIX: the outer function takes Node's globals; a bare CommonJS wrapper
    // (exports, require, module) is still accepted.
    const inner = wrapper.length === 1 ? apply(wrapper, undefined, [modules.globalsObject()]) : wrapper;
    apply(inner, module.exports, [module.exports, modules.require, module, '/action.js', '/']);
    module.loaded = true;
    const exported = module.exports;
    const handler = exported !== null && (typeof exported === 'object' || typeof exported === 'function')
      ? exported[handlerName] : undefined;
    if (typeof handler !== 'function') return exportedHandlers(exported);
    return function (ctx, data) {
      const effects = newEffects(chainScope ?? joined(trigger === M2M
        ? requestedM2mScopes(object(own(object(own(object(own(ctx, 'data')), 'm2m_token_claims')), 'claims'))) : []), note);
      const event = watchedEvent(buildEvent(ctx, data, effects.startScope, binding), note, binding);
      const result = apply(handler, exported, [event, buildApi(effects)]);
      return apply(promiseThen, apply(promiseResolve, PromiseCtor, [result]), [function () {
        const timer = modules.pendingTimer();
        if (timer !== undefined) {
          throw new ErrorCtor(timer + '() set a timer that was still pending when the Action ended: timers never fire in'
            + ' Interlock\'s sandbox, so what it was to do did not happen; the policy fails rather than go on without it');
        }
        return decision(effects);
      }]);
    };
  }
})
