package dev.quire.schema;

import dev.quire.codec.JsonText;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The value sets of LiteChat's fields. A <em>closed</em> set is every value LiteChat's code
 * handles (a rule's type, an interaction's status, …): another value is an error for review,
 * since LiteChat would mishandle it. An <em>open</em> set lists the values LiteChat knows but
 * others occur in real data (an interaction's type, a workflow step's type, a provider's
 * type): another value is a warning. Either way the store itself accepts the value, as it
 * accepts whatever LiteChat wrote; only {@code quire validate} reports it.
 */
final class ValueSets {
  private ValueSets() {}

  /** A set of values for a field ({@code a.b[].c}: {@code []} walks every element of a list). */
  record ValueSet(EntityType type, String field, String noun, boolean closed, List<String> values) {}

  private static final List<String> RULE_TYPES = List.of("system", "before", "after", "control");
  private static final List<String> SOURCES = List.of("direct", "vfs");

  static final List<ValueSet> ALL = List.of(
      closed(EntityTypes.RULES, "type", "rule type", RULE_TYPES),
      closed(EntityTypes.INTERACTIONS, "status", "interaction status",
          List.of("PENDING", "STREAMING", "COMPLETED", "ERROR", "WARNING", "CANCELLED", "PAUSED", "AWAITING_INPUT")),
      open(EntityTypes.INTERACTIONS, "type", "interaction type", List.of("message.user_assistant",
          "message.assistant_regen", "message.assistant_explain", "message.user_edit", "message.workflow_step",
          "conversation.title_generation", "conversation.compact", "prompt.enhance", "tool.execution",
          "system.info", "system.error", "workflow.run", "rules.auto_selection", "code.security_check",
          "code_block.repair_enhance")),
      closed(EntityTypes.INTERACTIONS, "prompt.metadata.effectiveRulesContent[].type", "rule type", RULE_TYPES),
      closed(EntityTypes.INTERACTIONS, "prompt.metadata.attachedFiles[].source", "attached file source", SOURCES),
      closed(EntityTypes.INTERACTIONS, "metadata.attachedFiles[].source", "attached file source", SOURCES),
      closed(EntityTypes.PROMPT_TEMPLATES, "type", "prompt template type", List.of("prompt", "task", "agent")),
      closed(EntityTypes.PROMPT_TEMPLATES, "variables[].type", "template variable type",
          List.of("string", "number", "boolean", "array")),
      closed(EntityTypes.WORKFLOWS, "triggerType", "workflow trigger type", List.of("custom", "template", "task")),
      open(EntityTypes.WORKFLOWS, "steps[].type", "workflow step type", List.of("trigger", "prompt", "agent-task",
          "transform", "tool-call", "custom-prompt", "function", "human-in-the-loop", "parallel", "sub-workflow")),
      open(EntityTypes.PROVIDER_CONFIGS, "type", "provider type", List.of("openai", "google", "openrouter",
          "ollama", "openai-compatible", "mistral", "anthropic", "xai", "fal", "replicate", "luma", "deepinfra",
          "fireworks")));

  private static ValueSet closed(EntityType type, String field, String noun, List<String> values) {
    return new ValueSet(type, field, noun, true, values);
  }

  private static ValueSet open(EntityType type, String field, String noun, List<String> values) {
    return new ValueSet(type, field, noun, false, values);
  }

  /**
   * Reports every value of {@code e} outside its set to {@code report} as (JSON path such as
   * {@code $.variables[1].type}, message); the message says whether it is a warning.
   */
  static void check(Entity e, BiConsumer<String, Finding> report) {
    for (ValueSet set : ALL) {
      if (set.type() == e.type()) {
        visit(e.fields(), set.field().split("\\."), 0, "$", set, report);
      }
    }
  }

  /** What a value outside a set is: an error message, or a warning. */
  record Finding(String message, boolean warning) {}

  private static void visit(Object node, String[] steps, int i, String at, ValueSet set, BiConsumer<String, Finding> report) {
    if (!(node instanceof Map<?, ?> map)) {
      return;
    }
    boolean each = steps[i].endsWith("[]");
    String name = each ? steps[i].substring(0, steps[i].length() - 2) : steps[i];
    Object value = map.get(name);
    String here = at + "." + name;
    if (each) {
      if (value instanceof List<?> list) {
        for (int k = 0; k < list.size(); k++) {
          visit(list.get(k), steps, i + 1, here + "[" + k + "]", set, report);
        }
      }
    } else if (i + 1 < steps.length) {
      visit(value, steps, i + 1, here, set, report);
    } else if (value instanceof String s && !set.values().contains(s)) {
      report.accept(here, set.closed()
          ? new Finding(JsonText.quote(s) + " is not a " + set.noun() + " LiteChat handles; use one of: "
              + String.join(", ", set.values()), false)
          : new Finding(JsonText.quote(s) + " is not one of LiteChat's known " + set.noun() + "s ("
              + String.join(", ", set.values()) + "); LiteChat may not handle it", true));
    } // a value of the wrong type is the JSON Schema's to report
  }
}
