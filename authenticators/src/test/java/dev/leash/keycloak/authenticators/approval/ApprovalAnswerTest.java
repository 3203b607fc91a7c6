package dev.leash.keycloak.authenticators.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApprovalAnswerTest {

  private final ApprovalOptions both = new ApprovalOptions(true, true, Set.of());

  @Test
  void acceptsTheCodeEndingInAnyCaseWithOrWithoutTheDash() {
    assertEquals(Optional.empty(), ApprovalAnswer.problem(both, "BCDFGHJK", "ghjk", "why"));
    assertEquals(Optional.empty(), ApprovalAnswer.problem(both, "BCDF-GHJK", " G-HJK ", "why"));
  }

  @Test
  void refusesAWrongOrShortEnding() {
    assertEquals(
        Optional.of(ApprovalAnswer.SUFFIX_MISMATCH),
        ApprovalAnswer.problem(both, "BCDFGHJK", "HJK", "why"));
    assertEquals(
        Optional.of(ApprovalAnswer.SUFFIX_MISMATCH),
        ApprovalAnswer.problem(both, "BCDFGHJK", "FGHJ", "why"));
    assertEquals(
        Optional.of(ApprovalAnswer.SUFFIX_MISMATCH),
        ApprovalAnswer.problem(both, "BCDFGHJK", null, "why"));
  }

  @Test
  void justificationMustBeSaidAndPrintable() {
    assertEquals(
        Optional.of(ApprovalAnswer.JUSTIFICATION_MISSING),
        ApprovalAnswer.problem(both, "BCDFGHJK", "GHJK", "  \n "));
    assertEquals(
        Optional.of(ApprovalAnswer.JUSTIFICATION_INVALID),
        ApprovalAnswer.problem(both, "BCDFGHJK", "GHJK", "bell\u0007"));
    assertEquals(
        Optional.of(ApprovalAnswer.JUSTIFICATION_INVALID),
        ApprovalAnswer.problem(both, "BCDFGHJK", "GHJK", "x".repeat(501)));
    assertEquals(
        Optional.empty(), ApprovalAnswer.problem(both, "BCDFGHJK", "GHJK", "line one\nline two"));
    assertEquals(
        Optional.empty(),
        ApprovalAnswer.problem(both, "BCDFGHJK", "GHJK", "line one\r\nline two"),
        "a browser sends a text area's line breaks as CR LF");
    assertEquals(
        Optional.of(ApprovalAnswer.JUSTIFICATION_INVALID),
        ApprovalAnswer.problem(both, "BCDFGHJK", "GHJK", "line one\rline two"));
    assertEquals("line one\nline two", ApprovalAnswer.justification(" line one\r\nline two\r\n"));
  }

  @Test
  void nothingIsAskedWhenNotConfigured() {
    assertEquals(
        Optional.empty(),
        ApprovalAnswer.problem(
            new ApprovalOptions(false, false, Set.of()), "BCDFGHJK", null, null));
  }

  @Test
  void twoPersonsAreNeededOnlyForTheConfiguredScopes() {
    ApprovalOptions options = new ApprovalOptions(false, false, Set.of("deploy"));
    assertEquals(true, options.needsTwoPersons(List.of("openid", "deploy")));
    assertEquals(false, options.needsTwoPersons(List.of("openid", "profile")));
    assertEquals(false, options.needsTwoPersons(List.of()));
  }
}
