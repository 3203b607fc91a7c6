package dev.leash.keycloak.audit.sink;

import dev.leash.keycloak.audit.chain.ChainedEntry;
import dev.leash.keycloak.audit.ocsf.OcsfEvent;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a sink sends for an entry: Leash's own chain entry, or an OCSF event that carries it. */
public enum EntryFormat {
  /** The chain entry ({@code leash.audit-entry/1}), as docs/audit-format.md describes it. */
  LEASH,
  /** An OCSF 1.1 Authentication event with the chain entry in {@code unmapped.leash_entry}. */
  OCSF;

  /** The name in options and the admin API: {@code leash} or {@code ocsf}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<EntryFormat> fromId(String id) {
    return Arrays.stream(values()).filter(format -> format.id().equals(id)).findFirst();
  }

  /** The entry as one line of JSON. */
  public String line(ChainedEntry entry) {
    return this == LEASH ? entry.toJsonLine() : OcsfEvent.line(entry);
  }
}
