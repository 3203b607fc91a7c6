package dev.leash.keycloak.audit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckpointScheduleTest {

  private static final CheckpointSchedule SCHEDULE = new CheckpointSchedule(100, 3600);

  @ParameterizedTest(name = "head {0}, last checkpoint at {1} signed {2} s ago: due {3}")
  @CsvSource({
    "0,   -1, 0,    false", // nothing sealed yet
    "1,   -1, 0,    true", // the first entries get a checkpoint at once
    "50,  50, 9999, false", // the chain did not grow since
    "149, 50, 10,   false",
    "150, 50, 10,   true", // 100 entries since the last one
    "51,  50, 3599, false",
    "51,  50, 3600, true", // an hour since, and it grew
  })
  void dueWhenTheChainGrewEnoughOrLongEnoughAgo(
      long headSeq, long lastSeq, long secondsAgo, boolean due) {
    long now = 1_800_000_000L;
    Optional<Checkpoint> last =
        lastSeq < 0
            ? Optional.empty()
            : Optional.of(new Checkpoint("realm", lastSeq, "h", now - secondsAgo, "kid", "jws"));

    assertEquals(due, SCHEDULE.due(headSeq, last, now));
  }
}
