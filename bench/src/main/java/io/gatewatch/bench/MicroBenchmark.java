package io.gatewatch.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run settings every JMH benchmark here shares, so their results compare: per-thread state,
 * 3 warm-up and 5 measured iterations of 2 s, one fork. JMH reads them from this superclass; a
 * benchmark adds its own mode and time unit.
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public abstract class MicroBenchmark {
}
