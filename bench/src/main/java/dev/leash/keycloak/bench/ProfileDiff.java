package dev.leash.keycloak.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a candidate server spends more CPU per operation than the baseline, method by method: each
 * method's share of its server's samples times that server's CPU per operation ({@link
 * MethodCosts}), the candidate's minus the baseline's. The inclusive list narrows from the outer
 * frames (which carry the whole difference) down to the methods that add it; the own-time list
 * names the leaves; the savings list names the work the baseline does and the candidate does not.
 * Estimates from sampling: a method needs some tens of samples before its figure means much.
 */
final class ProfileDiff {

  private ProfileDiff() {}

  /**
   * The {@code top} largest additions on the stack and on top, and the {@code top / 2} largest
   * savings on the stack.
   */
  static String of(
      MethodCosts baseline,
      double baselineCpuPerOp,
      MethodCosts candidate,
      double candidateCpuPerOp,
      int top) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "CPU µs/op: baseline %.0f (%d samples), candidate %.0f (%d samples)%n",
            baselineCpuPerOp, baseline.samples(), candidateCpuPerOp, candidate.samples()));
    out.append("Added µs/op, method anywhere on the stack (baseline → candidate):\n");
    differences(
        out, baseline, baselineCpuPerOp, candidate, candidateCpuPerOp, MethodCosts::inclusive, top);
    out.append("Added µs/op, method on top (own time):\n");
    differences(
        out, baseline, baselineCpuPerOp, candidate, candidateCpuPerOp, MethodCosts::own, top);
    out.append("Saved µs/op, method anywhere on the stack (work the candidate does not do):\n");
    differences(
        out,
        baseline,
        baselineCpuPerOp,
        candidate,
        candidateCpuPerOp,
        MethodCosts::inclusive,
        -Math.max(1, top / 2));
    return out.toString();
  }

  private static void differences(
      StringBuilder out,
      MethodCosts baseline,
      double baselineCpuPerOp,
      MethodCosts candidate,
      double candidateCpuPerOp,
      Function<MethodCosts, Map<String, Integer>> counts,
      int top) {
    // top > 0: the largest additions first; top < 0: the largest savings first.
    Set<String> methods = new HashSet<>(counts.apply(baseline).keySet());
    methods.addAll(counts.apply(candidate).keySet());
    Function<String, Double> before =
        method ->
            baseline.microsPerOp(counts.apply(baseline).getOrDefault(method, 0), baselineCpuPerOp);
    Function<String, Double> after =
        method ->
            candidate.microsPerOp(
                counts.apply(candidate).getOrDefault(method, 0), candidateCpuPerOp);
    Comparator<String> byAdded =
        Comparator.comparingDouble((String method) -> after.apply(method) - before.apply(method));
    methods.stream()
        .sorted(top > 0 ? byAdded.reversed() : byAdded)
        .limit(Math.abs(top))
        .forEach(
            method ->
                out.append(
                    String.format(
                        "  %+7.1f  %7.1f → %7.1f  %s%n",
                        after.apply(method) - before.apply(method),
                        before.apply(method),
                        after.apply(method),
                        method)));
  }

  /** The samples of {@code recording} taken from {@code from} on. */
  static MethodCosts read(Path recording, Instant from) throws IOException {
    MethodCosts costs = new MethodCosts();
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if ("jdk.ExecutionSample".equals(event.getEventType().getName())
          && !event.getStartTime().isBefore(from)
          && event.getStackTrace() != null) {
        costs.add(names(event.getStackTrace().getFrames()));
      }
    }
    return costs;
  }

  private static List<String> names(List<RecordedFrame> frames) {
    return frames.stream()
        .map(
            frame ->
                samePerJvm(frame.getMethod().getType().getName())
                    + "."
                    + frame.getMethod().getName())
        .toList();
  }

  /**
   * A lambda's or method handle's class is named by the JVM that made it ({@code
   * Outer$$Lambda$457+0x00007fb7bb15eb48.1305004711}), differently in each server: without the
   * JVM's part, the same lambda in both servers is one method of the difference, not one added and
   * one removed.
   */
  static String samePerJvm(String typeName) {
    String withoutAddress = HIDDEN_CLASS_ADDRESS.matcher(typeName).replaceAll("");
    return LAMBDA_NUMBER.matcher(withoutAddress).replaceAll("\\$\\$Lambda");
  }

  /** The address (and number) the JVM appends to a hidden class's name, lambdas' among them. */
  private static final Pattern HIDDEN_CLASS_ADDRESS =
      Pattern.compile("\\+0x[0-9a-f]+([./][0-9]+)?");

  /** The number of a lambda's class, in the JVMs that still write one. */
  private static final Pattern LAMBDA_NUMBER = Pattern.compile("\\$\\$Lambda\\$[0-9]+");

  /**
   * {@code java ... ProfileDiff <baseline.jfr> <baseline CPU µs/op> <candidate.jfr> <candidate CPU
   * µs/op> [top] [from]}: prints the differences of the samples taken from {@code from} (an ISO
   * instant) on, or of all. The CPU figures are the report's medians for the scenario.
   */
  public static void main(String[] args) throws IOException {
    Instant from = args.length > 5 ? Instant.parse(args[5]) : Instant.MIN;
    System.out.print(
        of(
            read(Path.of(args[0]), from),
            Double.parseDouble(args[1]),
            read(Path.of(args[2]), from),
            Double.parseDouble(args[3]),
            args.length > 4 ? Integer.parseInt(args[4]) : 40));
  }
}
