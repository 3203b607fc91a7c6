package dev.leash.keycloak.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileDiffTest {

  @Test
  void aMethodCountsOncePerSampleOnTheStackAndOnTopOnlyWhereItIsTheLeaf() {
    MethodCosts costs = new MethodCosts();
    costs.add(List.of("Leaf.run", "Outer.call", "Outer.call", "Thread.run"));
    costs.add(List.of("Outer.call", "Thread.run"));
    costs.add(List.of());

    assertEquals(2, costs.samples());
    assertEquals(2, costs.inclusive().get("Outer.call"));
    assertEquals(2, costs.inclusive().get("Thread.run"));
    assertEquals(1, costs.own().get("Leaf.run"));
    assertEquals(1, costs.own().get("Outer.call"));
  }

  @Test
  void aShareOfTheSamplesIsThatShareOfTheCpuPerOperation() {
    MethodCosts costs = new MethodCosts();
    for (int sample = 0; sample < 4; sample++) {
      costs.add(List.of(sample == 0 ? "Hot.spot" : "Other.work"));
    }
    assertEquals(100.0, costs.microsPerOp(1, 400), 1e-9);
    assertEquals(0.0, new MethodCosts().microsPerOp(0, 400), 1e-9);
  }

  @Test
  void theDifferenceRanksWhatTheCandidateAddsPerOperationFirst() {
    MethodCosts baseline = new MethodCosts();
    baseline.add(List.of("Keycloak.grant", "Thread.run"));
    baseline.add(List.of("Keycloak.grant", "Thread.run"));
    MethodCosts candidate = new MethodCosts();
    candidate.add(List.of("Keycloak.grant", "Thread.run"));
    candidate.add(List.of("Keycloak.grant", "Thread.run"));
    candidate.add(List.of("Leash.check", "Keycloak.grant", "Thread.run"));
    candidate.add(List.of("Leash.check", "Keycloak.grant", "Thread.run"));

    // Baseline: 300 µs/op, all in Keycloak.grant. Candidate: 400 µs/op, half in Leash.check.
    String diff = ProfileDiff.of(baseline, 300, candidate, 400, 2);

    List<String> lines = diff.lines().toList();
    assertTrue(lines.get(2).contains("+200.0") && lines.get(2).contains("Leash.check"), diff);
    assertTrue(lines.get(3).contains("+100.0"), diff); // Keycloak.grant and Thread.run tie
    assertTrue(lines.get(5).contains("+200.0") && lines.get(5).contains("Leash.check"), diff);
    assertTrue(lines.get(6).contains("-100.0") && lines.get(6).contains("Keycloak.grant"), diff);
  }

  @Test
  void savingsListTheWorkTheCandidateNoLongerDoes() {
    MethodCosts baseline = new MethodCosts();
    baseline.add(List.of("Keycloak.readAgain", "Keycloak.grant"));
    baseline.add(List.of("Keycloak.grant"));
    MethodCosts candidate = new MethodCosts();
    candidate.add(List.of("Keycloak.grant"));

    String diff = ProfileDiff.of(baseline, 200, candidate, 100, 2);

    String saved = diff.substring(diff.indexOf("Saved"));
    assertTrue(saved.lines().skip(1).findFirst().orElseThrow().contains("-100.0"), diff);
    assertTrue(saved.contains("Keycloak.readAgain"), diff);
  }

  @Test
  void aLambdaIsTheSameMethodInBothServersWhateverTheJvmCalledIt() {
    assertEquals(
        "org.example.Interceptor$$Lambda",
        ProfileDiff.samePerJvm(
            "org.example.Interceptor$$Lambda$457+0x00007fb7bb15eb48.1305004711"));
    assertEquals(
        "org.example.Interceptor$$Lambda",
        ProfileDiff.samePerJvm("org.example.Interceptor$$Lambda+0x00007f0000001234"));
    assertEquals(
        "java.lang.invoke.LambdaForm$DMH",
        ProfileDiff.samePerJvm("java.lang.invoke.LambdaForm$DMH+0x00007fb7bb00d000.536765369"));
    assertEquals("org.example.Plain", ProfileDiff.samePerJvm("org.example.Plain"));
  }
}
