package dev.leash.keycloak.core;

import java.util.HashMap;
import java.util.Map;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * The single-use object store as a map of keys: enough for counters, whose lifespans are the
 * cache's business and are checked against the real server.
 */
class MapStore implements SingleUseObjectProvider {
  final Map<String, Long> lifespans = new HashMap<>();

  @Override
  public void put(String key, long lifespanSeconds, Map<String, String> notes) {
    lifespans.put(key, lifespanSeconds);
  }

  @Override
  public Map<String, String> get(String key) {
    return lifespans.containsKey(key) ? Map.of() : null;
  }

  @Override
  public Map<String, String> remove(String key) {
    return lifespans.remove(key) == null ? null : Map.of();
  }

  @Override
  public boolean replace(String key, Map<String, String> notes) {
    return lifespans.containsKey(key);
  }

  @Override
  public boolean putIfAbsent(String key, long lifespanSeconds) {
    return lifespans.putIfAbsent(key, lifespanSeconds) == null;
  }

  @Override
  public boolean contains(String key) {
    return lifespans.containsKey(key);
  }

  @Override
  public void close() {}
}
