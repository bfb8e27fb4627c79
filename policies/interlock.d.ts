/**
 * Types for Interlock policies, for editors and `tsc` only: the service never reads this file.
 *
 * A policy annotates its default export with the type for its trigger, and the type checker
 * then knows every field of `ctx`, flags a typo'd field, and refuses a decision the platform
 * would refuse (`"allow"` instead of `"ALLOW"`, claims on an invitation, `error` on an ALLOW,
 * a reserved claim such as `sub`):
 *
 *     // @ts-check
 *     /** @type {import('../interlock').PreSignupPolicy} *\/
 *     export default function (ctx, data) { … }
 *
 * Declare the data files a policy reads to get them typed too (they arrive deeply frozen):
 *
 *     /** @typedef {{ approved_domains: string[] }} Data *\/
 *     /** @type {import('../interlock').PreSignupPolicy<Data>} *\/
 *
 * Helpers shared by policies live in `lib/` (`import { emailDomain } from "../lib/email.js"`).
 * A helper is an ordinary ES module typed by its JSDoc; start it with `// @ts-check` too, and
 * `tsc -p policies` checks it and every call a policy makes to it. A helper may use the types
 * here (`@param {import('../interlock').FrozenJson} value`); the sandbox gives it what a policy
 * gets (no `require`, timers or `process`), and its module-level state lasts one policy call.
 *
 * Request shapes follow the platform's published bodies (seed 000). Fields the platform
 * documents as "present only if …" are optional; the platform may add fields at any time,
 * which a policy simply doesn't see in these types until they are added here.
 */

// ---------------------------------------------------------------------------------------
// JSON and immutability
// ---------------------------------------------------------------------------------------

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A JSON value that cannot be changed: what `data` files, and `ctx`, are to a policy. */
export type FrozenJson = JsonPrimitive | readonly FrozenJson[] | { readonly [key: string]: FrozenJson };

/** Deeply read-only view of `T`. */
export type Frozen<T> = T extends JsonPrimitive | undefined
  ? T
  : T extends readonly (infer E)[]
    ? readonly Frozen<E>[]
    : { readonly [K in keyof T]: Frozen<T[K]> };

/**
 * The second argument of every policy when it does not declare its own: each JSON file of
 * `policies/data/`, by file name without `.json` (`data/approved_domains.json` is
 * `data.approved_domains`). A file that doesn't exist reads as `undefined`.
 */
export type PolicyData = { readonly [file: string]: FrozenJson | undefined };

// ---------------------------------------------------------------------------------------
// Request payloads (ctx), one per trigger, discriminated by trigger_point
// ---------------------------------------------------------------------------------------

/**
 * The triggers whose bodies the platform has published. (It also names
 * POST_USER_AUTHENTICATION and ACCESS_TOKEN_CREATION, without published shapes yet.)
 */
export type TriggerPoint = "PRE_SIGNUP" | "PRE_SESSION_CREATION" | "PRE_USER_INVITATION" | "PRE_M2M_TOKEN_CREATION";

export type DeviceType = "Desktop" | "Mobile" | "Tablet" | "Unknown";

export interface ConnectionDetails {
  id: string;
  type: "OAUTH" | "SAML" | "OIDC" | "PASSWORDLESS";
  /** Identity provider used for authentication, e.g. `"GOOGLE"`. */
  provider: string;
}

/**
 * Parameters of the `/oauth/authorize` request that started the flow. The platform copies
 * the ones the application sent; an application sends only those it needs, so each may be
 * missing.
 */
export interface AuthRequest {
  connection_id?: string;
  organization_id?: string;
  domain?: string;
  login_hint?: string;
  state?: string;
}

/** `"ACTIVE"`, or `"INVITED"` until an invitation is accepted; the platform may use others. */
export type MembershipStatus = "ACTIVE" | "INVITED" | (string & {});

/** Time stamps are ISO 8601 strings, e.g. `"2025-10-09T09:48:02.875Z"`. */
export type Timestamp = string;

// PRE_SIGNUP ------------------------------------------------------------------------------

export interface PreSignupMembership {
  organization_id: string;
  status: MembershipStatus;
  roles: string[];
  metadata: JsonObject;
  organization_name: string;
}

export interface PreSignupUser {
  id: string;
  name: string;
  email: string;
  email_verified: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
  given_name: string;
  family_name: string;
  metadata: JsonObject;
  /** The organizations the user already belongs to. */
  memberships: PreSignupMembership[];
}

/** Fires before a user creates a new organization (signs up). */
export interface PreSignupContext {
  display_name: string;
  trigger_point: "PRE_SIGNUP";
  interceptor_context: {
    environment_id: string;
    /** Present only if the user already exists in another organization. */
    user_id?: string;
    /** The email attempting to sign up. */
    user_email: string;
    connection_details: ConnectionDetails[];
    auth_request: AuthRequest;
    device_type: DeviceType;
    ip_address: string;
    /** Two-letter country code. */
    region: string;
    city: string;
    user_agent: string;
    triggered_at: Timestamp;
  };
  data: {
    /** Present only when the user already exists in another organization. */
    user?: PreSignupUser;
  };
}

// PRE_SESSION_CREATION ---------------------------------------------------------------------

export interface PreSessionCreationMembership {
  organization_id: string;
  status: MembershipStatus;
}

export interface PreSessionCreationUser {
  id: string;
  name: string;
  email: string;
  email_verified: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
  first_name: string;
  last_name: string;
  /** All organizations this user belongs to. */
  memberships: PreSessionCreationMembership[];
}

/** Fires before session tokens are issued for a user. */
export interface PreSessionCreationContext {
  display_name: string;
  trigger_point: "PRE_SESSION_CREATION";
  interceptor_context: {
    environment_id: string;
    user_id: string;
    user_email: string;
    /** The organization the user is logging into. */
    organization_id: string;
    connection_details: ConnectionDetails[];
    user_agent: string;
    device_type: DeviceType;
    ip_address: string;
    /** Two-letter country code. */
    region: string;
    city: string;
    triggered_at: Timestamp;
  };
  data: {
    user: PreSessionCreationUser;
  };
}

// PRE_USER_INVITATION ----------------------------------------------------------------------

/** Fires before an invitation is created or sent. Location and device are the inviter's. */
export interface PreUserInvitationContext {
  display_name: string;
  trigger_point: "PRE_USER_INVITATION";
  interceptor_context: {
    environment_id: string;
    /** Present only if the invitee already exists in another organization. */
    user_id?: string;
    /** The email address being invited. */
    user_email: string;
    /** The organization sending the invitation. */
    organization_id: string;
    city: string;
    device_type: DeviceType;
    ip_address: string;
    /** Two-letter country code. */
    region: string;
    user_agent: string;
    triggered_at: Timestamp;
  };
  data: {
    organization: {
      id: string;
      name: string;
    };
  };
}

// PRE_M2M_TOKEN_CREATION -------------------------------------------------------------------

/** Fires before a machine-to-machine access token is issued. */
export interface PreM2mTokenCreationContext {
  display_name: string;
  trigger_point: "PRE_M2M_TOKEN_CREATION";
  interceptor_context: {
    environment_id: string;
    /** The M2M client requesting the token. */
    client_id: string;
    /** The service making the request, e.g. `"deployment-service/2.1.0"`. */
    user_agent: string;
    device_type: DeviceType;
    triggered_at: Timestamp;
  };
  data: {
    m2m_token_claims: {
      client_id: string;
      /** The claims the token will carry unless the policy changes them. */
      claims: {
        /** Custom claims from the client's configuration. */
        custom_claims: JsonObject;
        /** The organization this M2M client belongs to. */
        oid: string;
        /** Requested scopes, space-separated. */
        scope: string;
        /** Requested scopes, one per entry. */
        scopes: string[];
      };
    };
  };
}

/** Any request Interlock answers; narrow it with `ctx.trigger_point === "…"`. */
export type InterceptorRequest =
  | PreSignupContext
  | PreSessionCreationContext
  | PreUserInvitationContext
  | PreM2mTokenCreationContext;

export type ContextFor<T extends TriggerPoint> = Extract<InterceptorRequest, { trigger_point: T }>;

// ---------------------------------------------------------------------------------------
// Decisions, one per trigger
// ---------------------------------------------------------------------------------------

/**
 * Ends the chain. `message` is shown to the end user; without `error` the platform shows
 * its generic "The request could not be completed due to a policy restriction."
 */
export interface Deny {
  decision: "DENY";
  error?: { message: string };
  response?: never;
}

/**
 * Claim names the platform sets itself and relying parties trust (who the token is for,
 * who issued it, when it is valid, what it may do); the service refuses a decision that
 * sets one. Case-sensitive: `EXP` is an ordinary claim.
 */
export type ReservedClaim =
  // RFC 7519 registered claims
  | "iss" | "sub" | "aud" | "exp" | "nbf" | "iat" | "jti"
  // OpenID Connect: bind an ID token to one client and one authentication
  | "azp" | "nonce" | "auth_time" | "at_hash" | "c_hash" | "acr" | "amr" | "sid"
  // key binding and delegation
  | "cnf" | "act" | "may_act"
  // OAuth client and scopes (scp: the same scopes under Okta's and Entra's name)
  | "client_id" | "scope" | "scopes" | "scp"
  // platform identity
  | "oid" | "xoid" | "xuid" | "custom_claims"
  // authorization relying parties act on: bring your own under a name of your own
  | "roles" | "permissions" | "groups" | "entitlements" | "authorization_details"
  // identifiers applications key accounts on
  | "email" | "email_verified" | "phone_number" | "phone_number_verified";

/** Any JSON value under any name that isn't reserved. */
export type Claims = { readonly [name: string]: FrozenJson } & { readonly [K in ReservedClaim]?: never };

/**
 * M2M tokens may also set `aud` and narrow `scope` (space-separated, only scopes the request
 * carried, not empty: to grant none, DENY); `scp` is narrowed the same way, as a
 * space-separated string or an array of scopes.
 */
export type M2mClaims = { readonly [name: string]: FrozenJson } & {
  readonly [K in Exclude<ReservedClaim, "aud" | "scope" | "scp">]?: never;
} & {
  readonly scope?: string;
  readonly scp?: string | readonly string[];
  readonly aud?: string | readonly string[];
};

/**
 * Provisions the new user into an existing organization instead of a new one. Name the
 * organization by exactly one of its ids; `roles` must not be empty.
 */
export type OrganizationMembership =
  | { organization_id: string; external_organization_id?: never; roles: readonly string[] }
  | { organization_id?: never; external_organization_id: string; roles: readonly string[] };

export interface PreSignupAllow {
  decision: "ALLOW";
  error?: never;
  response?: { create_organization_membership?: OrganizationMembership };
}

export interface PreSessionCreationAllow {
  decision: "ALLOW";
  error?: never;
  /** Claims are added to both the access and the ID token. */
  response?: { claims?: Claims };
}

export interface PreUserInvitationAllow {
  decision: "ALLOW";
  error?: never;
  response?: never;
}

export interface PreM2mTokenCreationAllow {
  decision: "ALLOW";
  error?: never;
  response?: { claims?: M2mClaims };
}

export type PreSignupDecision = PreSignupAllow | Deny;
export type PreSessionCreationDecision = PreSessionCreationAllow | Deny;
export type PreUserInvitationDecision = PreUserInvitationAllow | Deny;
export type PreM2mTokenCreationDecision = PreM2mTokenCreationAllow | Deny;

export type DecisionFor<T extends TriggerPoint> = {
  PRE_SIGNUP: PreSignupDecision;
  PRE_SESSION_CREATION: PreSessionCreationDecision;
  PRE_USER_INVITATION: PreUserInvitationDecision;
  PRE_M2M_TOKEN_CREATION: PreM2mTokenCreationDecision;
}[T];

// ---------------------------------------------------------------------------------------
// Policies
// ---------------------------------------------------------------------------------------

/**
 * A policy: the default export of `policies/<trigger>/NN-name.js`. `Data` describes the data
 * files it reads (default: any JSON). May be `async`.
 */
export type Policy<T extends TriggerPoint, Data extends object = PolicyData> = (
  ctx: Frozen<ContextFor<T>>,
  data: Frozen<Data>,
) => DecisionFor<T> | Promise<DecisionFor<T>>;

export type PreSignupPolicy<Data extends object = PolicyData> = Policy<"PRE_SIGNUP", Data>;
export type PreSessionCreationPolicy<Data extends object = PolicyData> = Policy<"PRE_SESSION_CREATION", Data>;
export type PreUserInvitationPolicy<Data extends object = PolicyData> = Policy<"PRE_USER_INVITATION", Data>;
export type PreM2mTokenCreationPolicy<Data extends object = PolicyData> = Policy<"PRE_M2M_TOKEN_CREATION", Data>;

// ---------------------------------------------------------------------------------------
// What the sandbox offers beyond standard ECMAScript
// ---------------------------------------------------------------------------------------

declare global {
  /**
   * Output is captured into the evaluation trace and the decision log (bounded); the levels
   * other than log prefix the line with theirs ("warn: …").
   */
  var console: {
    log(...values: unknown[]): void;
    info(...values: unknown[]): void;
    warn(...values: unknown[]): void;
    error(...values: unknown[]): void;
    debug(...values: unknown[]): void;
  };

  type HeadersInit = Headers | Record<string, string> | [string, string][];

  type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "PATCH" | "OPTIONS"
    | "get" | "head" | "post" | "put" | "delete" | "patch" | "options";

  /** What fetch() takes besides the URL. Other WHATWG options (cache, mode…) are ignored. */
  interface RequestInit {
    /** GET unless given; one of these, in any case (sent in capitals); any other method is refused before anything is sent. */
    method?: HttpMethod;
    /** Connection-level headers (host, connection, content-length, transfer-encoding, …) are refused. */
    headers?: HeadersInit;
    /**
     * A string (send JSON as JSON.stringify(value)), a FormData (multipart), a Blob, an ArrayBuffer or
     * a typed array, sent as its bytes; at most INTERLOCK_FETCH_MAX_BYTES.
     */
    body?: string | FormData | Blob | ArrayBuffer | ArrayBufferView | null;
    /** follow (default; every hop must be an allowed host), manual (the 3xx is the answer) or error. */
    redirect?: "follow" | "manual" | "error";
    /** A call whose signal is already aborted is not made; it rejects with the signal's reason. */
    signal?: AbortSignal;
  }

  class Blob {
    constructor(parts?: Array<string | Blob | ArrayBuffer | ArrayBufferView>, options?: { type?: string });
    readonly size: number;
    readonly type: string;
    text(): Promise<string>;
    arrayBuffer(): Promise<ArrayBuffer>;
    bytes(): Promise<Uint8Array>;
    slice(start?: number, end?: number, type?: string): Blob;
  }

  class File extends Blob {
    constructor(parts: Array<string | Blob | ArrayBuffer | ArrayBufferView>, name: string, options?: { type?: string; lastModified?: number });
    readonly name: string;
    readonly lastModified: number;
  }

  class FormData {
    constructor();
    append(name: string, value: string | Blob, filename?: string): void;
    set(name: string, value: string | Blob, filename?: string): void;
    get(name: string): string | File | null;
    getAll(name: string): Array<string | File>;
    has(name: string): boolean;
    delete(name: string): void;
    entries(): IterableIterator<[string, string | File]>;
    keys(): IterableIterator<string>;
    values(): IterableIterator<string | File>;
    forEach(callback: (value: string | File, name: string, form: FormData) => void, thisArg?: unknown): void;
    [Symbol.iterator](): IterableIterator<[string, string | File]>;
  }

  class AbortSignal {
    readonly aborted: boolean;
    readonly reason: unknown;
    onabort: ((event: { type: "abort" }) => void) | null;
    throwIfAborted(): void;
    addEventListener(type: "abort", listener: (event: { type: "abort" }) => void): void;
    removeEventListener(type: "abort", listener: (event: { type: "abort" }) => void): void;
    static abort(reason?: unknown): AbortSignal;
    /** Never aborts by itself: there are no timers; every call already ends at INTERLOCK_FETCH_TIMEOUT_MS. */
    static timeout(ms: number): AbortSignal;
    static any(signals: AbortSignal[]): AbortSignal;
  }

  class AbortController {
    readonly signal: AbortSignal;
    abort(reason?: unknown): void;
  }

  class DOMException extends Error {
    constructor(message?: string, name?: string);
    readonly code: number;
  }

  /** A deep copy of plain data, Date, RegExp, Map, Set, ArrayBuffer, typed arrays, Error and Blob; cycles kept. */
  function structuredClone<T>(value: T): T;

  class Headers {
    constructor(init?: HeadersInit);
    get(name: string): string | null;
    has(name: string): boolean;
    set(name: string, value: string): void;
    append(name: string, value: string): void;
    delete(name: string): void;
    forEach(callback: (value: string, name: string, headers: Headers) => void, thisArg?: unknown): void;
    entries(): IterableIterator<[string, string]>;
    keys(): IterableIterator<string>;
    values(): IterableIterator<string>;
    [Symbol.iterator](): IterableIterator<[string, string]>;
  }

  class Response {
    constructor(body?: string | null, init?: { status?: number; statusText?: string; headers?: HeadersInit });
    readonly ok: boolean;
    readonly status: number;
    readonly statusText: string;
    readonly headers: Headers;
    readonly url: string;
    readonly redirected: boolean;
    readonly type: string;
    readonly bodyUsed: boolean;
    /** The body as text (UTF-8 unless the response names another charset); once per response. */
    text(): Promise<string>;
    json(): Promise<any>;
    clone(): Response;
  }

  /**
   * An HTTP call to a host listed in INTERLOCK_FETCH_ALLOW, within the evaluation's time limit,
   * INTERLOCK_FETCH_TIMEOUT_MS, INTERLOCK_FETCH_MAX_BYTES and INTERLOCK_FETCH_MAX_CALLS. Rejects
   * with a TypeError whose message names the call and the reason (a host not allowed, a timeout…).
   * Calls run one after the other. In `interlock test` the case's "fetch" list answers it.
   */
  function fetch(input: string | { url: string } | { href: string; toString(): string }, init?: RequestInit): Promise<Response>;
}
