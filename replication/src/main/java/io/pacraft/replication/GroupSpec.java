package io.pacraft.replication;

import java.util.Map;
import java.util.Objects;

/**
 * What a protocol needs to open a replica.
 *
 * @param group the group's id
 * @param self this node
 * @param bootstrap the initial configuration when the group is created for the first time; ignored
 *     when the environment's log store already holds state. {@link Membership#empty()} for a replica
 *     that joins an existing group and waits to be contacted.
 * @param settings protocol settings by name ({@code election-timeout-ms}, ...); each protocol
 *     documents its names and defaults and rejects unknown or invalid values at open
 */
public record GroupSpec(GroupId group, NodeId self, Membership bootstrap, Map<String, String> settings) {
  public GroupSpec {
    Objects.requireNonNull(group);
    Objects.requireNonNull(self);
    Objects.requireNonNull(bootstrap);
    settings = Map.copyOf(settings);
  }

  public long longSetting(String name, long defaultValue) {
    String v = settings.get(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting " + name + " must be an integer: " + v);
    }
  }

  public boolean booleanSetting(String name, boolean defaultValue) {
    String v = settings.get(name);
    if (v == null) {
      return defaultValue;
    }
    switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "yes", "true", "on", "1":
        return true;
      case "no", "false", "off", "0":
        return false;
      default:
        throw new IllegalArgumentException("setting " + name + " must be yes or no: " + v);
    }
  }
}
