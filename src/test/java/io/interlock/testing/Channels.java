package io.interlock.testing;

import io.interlock.trigger.Trigger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The channels issue 22 found through which one evaluation, or one policy of a chain, reached
 * another in a reused context: each a chain with its polluter and its detector, the user each
 * evaluation is for, and the answers every evaluation must give. Run through the engine
 * ({@code IsolationChannelsTest}) and through {@code /v1/intercept} with one worker
 * ({@code IsolationChannelsHttpTest}), where consecutive calls share the worker's contexts.
 *
 * <p>An answer is written {@code ALLOW}, {@code DENY <message>}, or {@code <failure code>
 * <policy file>}.
 */
public final class Channels {

    public record Policy(String file, String source) {}

    public record Channel(String name, Trigger trigger, List<Policy> chain, List<String> emails, List<String> answers) {
        @Override
        public String toString() {
            return name;
        }

        /** The trigger's sample payload, sent for {@code email}. */
        public byte[] payload(String email) {
            String text = new String(Payloads.bytes(trigger), StandardCharsets.UTF_8);
            return text.replace(SAMPLE_EMAIL, email).getBytes(StandardCharsets.UTF_8);
        }
    }

    static final String SAMPLE_EMAIL = "john.doe@acmecorp.com";
    static final String MALLORY = "mallory@evil.test";
    /** Read by the Actions below as event.secrets.API_KEY. */
    public static final String SECRET_NAME = "API_KEY";
    public static final String SECRET = "sk_channel_5f0c2d9e7a";

    public static final List<Channel> ALL = List.of(
            new Channel("a counter kept on the original Object.prototype.toString", Trigger.PRE_SIGNUP,
                    List.of(new Policy("10-counter.js", """
                            export default () => {
                              const original = Object.prototype.toString;
                              const seen = original.count;
                              try { original.count = (seen || 0) + 1; } catch (frozen) {}
                              return seen === undefined ? {decision: 'ALLOW'} : {decision: 'DENY', error: {message: 'leak: counter ' + seen}};
                            };
                            """)),
                    List.of(SAMPLE_EMAIL, SAMPLE_EMAIL, SAMPLE_EMAIL), List.of("ALLOW", "ALLOW", "ALLOW")),
            new Channel("a later policy reshapes the original hasOwnProperty an earlier one relies on", Trigger.PRE_SIGNUP,
                    List.of(new Policy("10-blocklist.js", """
                            const blocked = {'mallory@evil.test': true};
                            export default (ctx) => Object.prototype.hasOwnProperty.call(blocked, ctx.interceptor_context.user_email)
                              ? {decision: 'DENY', error: {message: 'blocked'}} : {decision: 'ALLOW'};
                            """), new Policy("20-reshaper.js", """
                            export default () => {
                              try { Object.setPrototypeOf(Object.prototype.hasOwnProperty, {call() { return false; }}); } catch (frozen) {}
                              return {decision: 'ALLOW'};
                            };
                            """)),
                    List.of(SAMPLE_EMAIL, MALLORY, MALLORY), List.of("ALLOW", "DENY blocked", "DENY blocked")),
            new Channel("a plain policy plants a prototype on globalThis and reads an Action's secret", Trigger.PRE_SIGNUP,
                    List.of(new Policy("10-planter.js", """
                            export default () => {
                              const planted = Object.getPrototypeOf(globalThis);
                              const held = Object.getOwnPropertyDescriptor(planted, 'apiKey');
                              if (held !== undefined && typeof planted.apiKey === 'string') {
                                return {decision: 'DENY', error: {message: 'leak: an Action secret of ' + planted.apiKey.length + ' characters'}};
                              }
                              let stash;
                              try {
                                Object.setPrototypeOf(globalThis, Object.create(planted, {
                                  apiKey: {get() { return stash; }, set(value) { stash = value; }, configurable: true}}));
                              } catch (refused) {}
                              return {decision: 'ALLOW'};
                            };
                            """), new Policy("20-action.js", """
                            exports.onExecutePreUserRegistration = async (event, api) => {
                              apiKey = event.secrets.API_KEY;
                            };
                            """)),
                    List.of(SAMPLE_EMAIL, SAMPLE_EMAIL, SAMPLE_EMAIL),
                    List.of("policy_error 10-planter.js", "policy_error 10-planter.js", "policy_error 10-planter.js")),
            new Channel("a plain policy after a blocklist Action turns its DENY into ALLOW through globalThis's prototype",
                    Trigger.PRE_SIGNUP,
                    List.of(new Policy("10-blocklist.js", """
                            exports.onExecutePreUserRegistration = async (event, api) => {
                              blocked = ['mallory@evil.test'];
                              if (blocked.includes(event.user.email)) api.access.deny('blocked', 'blocked');
                            };
                            """), new Policy("20-planter.js", """
                            export default () => {
                              try {
                                Object.setPrototypeOf(globalThis, Object.create(Object.getPrototypeOf(globalThis), {
                                  blocked: {get() { return []; }, set(ignored) {}, configurable: true}}));
                              } catch (refused) {}
                              return {decision: 'ALLOW'};
                            };
                            """)),
                    List.of(SAMPLE_EMAIL, MALLORY, MALLORY), List.of("policy_error 20-planter.js", "DENY blocked", "DENY blocked")),
            new Channel("a non-extensible globalThis breaks the next call's Action", Trigger.PRE_SIGNUP,
                    List.of(new Policy("10-action.js", """
                            exports.onExecutePreUserRegistration = async (event, api) => {
                              count = 1;
                              if (count !== 1) api.access.deny('lost its global', 'lost its global');
                            };
                            """), new Policy("20-sealer.js", """
                            export default () => {
                              try { Object.preventExtensions(globalThis); } catch (refused) {}
                              return {decision: 'ALLOW'};
                            };
                            """)),
                    List.of(SAMPLE_EMAIL, SAMPLE_EMAIL, SAMPLE_EMAIL),
                    List.of("policy_error 20-sealer.js", "policy_error 20-sealer.js", "policy_error 20-sealer.js")));

    private Channels() {}
}
