package io.pacraft.replication.sim;

import java.util.Optional;

/**
 * The outcome of one seed.
 *
 * @param seed the seed
 * @param violation what went wrong, if anything (a broken invariant, a non-linearizable history, no
 *     progress after faults healed, or a replica that threw)
 * @param virtualNanos virtual time simulated
 * @param events events executed
 * @param operations client operations completed (ok)
 */
public record SimulationResult(long seed, Optional<String> violation, long virtualNanos, long events, int operations) {}
