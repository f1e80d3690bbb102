package dev.kubeward.server.posture;

/** Published when the rule set changed (a custom rule was added, replaced or removed): every cluster is re-evaluated. */
record RulesChangedEvent(String ruleId, String change) {}
