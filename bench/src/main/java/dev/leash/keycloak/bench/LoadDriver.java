package dev.leash.keycloak.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Runs an operation from a fixed number of client threads, back to back (closed loop: each client
 * sends its next request when the previous one answered) for a fixed time, and collects what each
 * one took.
 */
final class LoadDriver {

  /** One request (or one short sequence of requests) as a client makes it. */
  interface Operation {

    /**
     * Performs the operation once and returns its latency in nanoseconds; throws a runtime
     * exception ({@link UnexpectedAnswer}, or a failed request's) when it did not end as the
     * scenario expects.
     */
    long perform(int client) throws Exception;

    /**
     * Called once between the warm-up and the measured rounds, with no load running: renews what
     * the warm-up used up, so that work does not fall into a measured round.
     */
    default void beforeRounds() {}
  }

  /** Unexpected outcomes logged per round: enough to tell what they were, not a flood. */
  private static final int LOGGED_PER_ROUND = 3;

  private static final Logger LOG = Logger.getLogger("dev.leash.keycloak.bench");

  private final int clients;

  LoadDriver(int clients) {
    this.clients = clients;
  }

  /** Runs {@code operation} from every client for {@code length}, as a round of {@code server}. */
  Round run(String server, Operation operation, Duration length) {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicLong unexpected = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + length.toNanos();
    List<Future<long[]>> results = new ArrayList<>();
    for (int client = 0; client < clients; client++) {
      int id = client;
      results.add(pool.submit(() -> loop(server, operation, id, deadline, unexpected)));
    }
    List<long[]> latencies = new ArrayList<>();
    try {
      for (Future<long[]> result : results) {
        latencies.add(result.get());
      }
    } catch (Exception e) {
      throw new IllegalStateException("A client of " + server + " failed", e);
    } finally {
      pool.shutdownNow();
    }
    long elapsed = System.nanoTime() - start;
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
    return new Round(server, all.length, unexpected.get(), elapsed, all, -1);
  }

  private static long[] loop(
      String server, Operation operation, int client, long deadline, AtomicLong unexpected)
      throws Exception {
    long[] latencies = new long[1024];
    int count = 0;
    while (System.nanoTime() < deadline) {
      long latency;
      try {
        latency = operation.perform(client);
      } catch (RuntimeException failed) {
        // Counted, and the client goes on (a timed-out request, an error answer).
        if (unexpected.incrementAndGet() <= LOGGED_PER_ROUND) {
          LOG.warnf("[bench] unexpected on %s: %s", server, failed);
        }
        continue;
      }
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = latency;
    }
    return Arrays.copyOf(latencies, count);
  }
}
