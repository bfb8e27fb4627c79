package io.interlock.policy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.trigger.Trigger;
import java.util.EnumMap;
import java.util.Map;

/** The version each trigger serves now, as /v1/policies and /metrics show it. */
public final class PolicyVersions {

    private final PolicyRepository policies;

    public PolicyVersions(PolicyRepository policies) {
        this.policies = policies;
    }

    /** Each trigger with a chain serving, and its version. */
    public Map<Trigger, ChainVersion> serving() {
        Map<Trigger, ChainVersion> out = new EnumMap<>(Trigger.class);
        for (Trigger trigger : Trigger.values()) {
            policies.chain(trigger).ifPresent(active -> out.put(trigger, policies.version(active)));
        }
        return out;
    }

    /** {@code {"label": …, "chain": …}}, as each decision records it. */
    public ObjectNode of(PolicyRepository.ActiveChain active) {
        ChainVersion version = policies.version(active);
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("label", version.label());
        node.put("chain", version.chain());
        return node;
    }
}
