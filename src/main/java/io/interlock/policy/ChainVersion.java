package io.interlock.policy;

/**
 * Which version of the code made a decision (issue 28): {@code label} is the operator's policies
 * version (INTERLOCK_POLICIES_VERSION, else the folder's VERSION file; null when neither is set),
 * {@code chain} a short content hash over the chain's policies and the helpers they import.
 */
public record ChainVersion(String label, String chain) {}
