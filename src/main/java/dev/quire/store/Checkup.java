package dev.quire.store;

import java.util.List;

/**
 * What {@link Store#check} found: each finding with its status. The store is sound when
 * nothing is left to repair and nothing needs a person (notes, such as secrets this device
 * lacks or hand edits not committed yet, do not count).
 */
public record Checkup(List<Finding> findings) {
  /** What became of a finding. */
  public enum Status {
    /** Put right by the check. */
    REPAIRED,
    /** Could be put right by the check, which was asked only to look. */
    NEEDS_REPAIR,
    /** Only a person can put it right (a damaged object: fetch it again). */
    NEEDS_A_PERSON,
    /** Worth knowing, not wrong. */
    NOTE
  }

  /** One finding: its status, what it concerns (a path, a secret reference), and what it is. */
  public record Finding(Status status, String subject, String message) {
    @Override
    public String toString() {
      return status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + subject + ": " + message;
    }
  }

  public Checkup {
    findings = List.copyOf(findings);
  }

  public boolean sound() {
    return findings.stream().noneMatch(f -> f.status() == Status.NEEDS_REPAIR || f.status() == Status.NEEDS_A_PERSON);
  }
}
