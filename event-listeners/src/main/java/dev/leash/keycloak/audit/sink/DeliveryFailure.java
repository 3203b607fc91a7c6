package dev.leash.keycloak.audit.sink;

/**
 * A sink did not accept every entry it was given.
 *
 * <p>{@link #delivered()} leading entries were accepted. The next one failed: {@link #permanent()}
 * means the sink refuses that entry for good (it is dead-lettered and delivery goes on); otherwise
 * the sink is unavailable and the entry is retried with back-off.
 */
public final class DeliveryFailure extends Exception {

  private static final long serialVersionUID = 1L;

  private final int delivered;
  private final boolean permanent;

  public DeliveryFailure(int delivered, boolean permanent, String message, Throwable cause) {
    super(message, cause);
    this.delivered = delivered;
    this.permanent = permanent;
  }

  public int delivered() {
    return delivered;
  }

  public boolean permanent() {
    return permanent;
  }
}
