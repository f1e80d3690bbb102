package dev.kubeward.posture.internal;

import dev.cel.runtime.CelRuntime;
import dev.kubeward.posture.Rule;
import java.util.List;

/**
 * A rule with its CEL compiled once: the condition, the parts of its message template, and its quick-fix patch.
 *
 * @param rule the rule as written
 * @param condition the compiled condition
 * @param message literal text and compiled {@code {{ }}} parts, in order
 * @param fix the compiled quick-fix patch, or null
 */
public record CompiledRule(Rule rule, CelRuntime.Program condition, List<MessagePart> message, CelRuntime.Program fix) {
  /** A piece of a message template: literal text or a compiled expression. */
  public record MessagePart(String text, CelRuntime.Program expression) {}
}
