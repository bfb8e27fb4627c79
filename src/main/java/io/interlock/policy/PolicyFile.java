package io.interlock.policy;

import io.interlock.engine.PolicySource;
import io.interlock.trigger.Trigger;

/**
 * One policy file as read from the folder. {@code name} is the path shown in every error
 * ({@code policies/pre-signup/10-domains.js}); {@code hash} is {@code sha256:<hex>} of its bytes.
 */
public record PolicyFile(Trigger trigger, String name, String fileName, String source, String hash) {

    public PolicySource toSource() {
        return new PolicySource(name, source);
    }
}
