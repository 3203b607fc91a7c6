package dev.leash.keycloak.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The execution samples of a flight recording, summarised: how many were in Leash's code at all (a
 * {@code dev.leash} frame anywhere on the stack) and in Keycloak's client-policy manager, the split
 * by {@link SampleBuckets} (which also gives the manager's share outside Leash's executors, what
 * running any client policy costs), the Leash method nearest the caller, and the hottest methods
 * overall by own time (top frame).
 */
final class ProfileSummary {

  private static final String LEASH = "dev.leash.";

  private static final String POLICY_MANAGER = SampleBuckets.POLICY_MANAGER;

  private ProfileSummary() {}

  /** The summary of the samples taken from {@code from} on. */
  static String of(Path recording, int top, Instant from) throws IOException {
    Map<String, Integer> selfTime = new HashMap<>();
    Map<String, Integer> leashEntry = new HashMap<>();
    Map<String, Integer> buckets = new LinkedHashMap<>();
    SampleBuckets.labels().forEach(label -> buckets.put(label, 0));
    int samples = 0;
    int inLeash = 0;
    int inPolicyManager = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if (!"jdk.ExecutionSample".equals(event.getEventType().getName())
          || event.getStartTime().isBefore(from)) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = stack.getFrames();
      selfTime.merge(name(frames.get(0)), 1, Integer::sum);
      buckets.merge(
          SampleBuckets.of(frames.stream().map(ProfileSummary::name).toList()), 1, Integer::sum);
      String outermostLeash = null;
      boolean policyManager = false;
      for (RecordedFrame frame : frames) {
        String name = name(frame);
        if (name.startsWith(LEASH)) {
          outermostLeash = name;
        }
        policyManager |= name.startsWith(POLICY_MANAGER);
      }
      if (policyManager) {
        inPolicyManager++;
      }
      if (outermostLeash != null) {
        inLeash++;
        leashEntry.merge(outermostLeash, 1, Integer::sum);
      }
    }
    int total = samples;
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%d samples, %d (%.1f%%) with Leash code on the stack%n",
            samples, inLeash, percent(inLeash, samples)));
    out.append(
        String.format(
            "%d (%.1f%%) in Keycloak's client-policy manager, Leash's executors included%n",
            inPolicyManager, percent(inPolicyManager, samples)));
    out.append("Where the samples were (the first bucket on the stack, in this order):\n");
    buckets.forEach((label, count) -> line(out, label, count, total));
    out.append("Leash entry points (outermost dev.leash frame):\n");
    topOf(leashEntry, top).forEach((name, count) -> line(out, name, count, total));
    out.append("Hottest methods (own time):\n");
    topOf(selfTime, top).forEach((name, count) -> line(out, name, count, total));
    return out.toString();
  }

  private static double percent(int count, int samples) {
    return samples == 0 ? 0 : 100.0 * count / samples;
  }

  private static void line(StringBuilder out, String name, int count, int samples) {
    out.append(String.format("  %5d  %5.1f%%  %s%n", count, 100.0 * count / samples, name));
  }

  private static Map<String, Integer> topOf(Map<String, Integer> counts, int top) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /**
   * {@code java ... ProfileSummary <recording.jfr> [top] [from]}: prints the summary of the samples
   * taken from {@code from} (an ISO instant such as {@code 2026-12-06T21:17:21Z}) on, or of all.
   */
  public static void main(String[] args) throws IOException {
    System.out.print(
        of(
            Path.of(args[0]),
            args.length > 1 ? Integer.parseInt(args[1]) : 25,
            args.length > 2 ? Instant.parse(args[2]) : Instant.MIN));
  }
}
