package org.ltcheck.theory;

import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * The 95% Wilson score interval of a probability estimated from independent Bernoulli trials
 * (Commons Math's {@link WilsonScoreInterval}), clamped to [0, 1] and exact at the ends: 0 events
 * give a lower end of 0 and {@code trials} events an upper end of 1, where the formula only comes
 * within rounding.
 *
 * <p>Why Wilson and not the normal approximation: the interesting probabilities here are near 0 or
 * 1 (success ≥ 1 − δ, failure rates of 0.1%), where p ± 1.96·sqrt(p(1−p)/T) collapses to a point
 * for p̂ = 0 or 1 and leaves [0, 1]; the Wilson interval stays inside [0, 1] and is informative
 * there (for 0 events in T trials its upper end is z²/(T + z²), about 3.84/T).
 *
 * @param lower lower end of the interval
 * @param upper upper end of the interval
 */
public record WilsonInterval(double lower, double upper) {
  /** The confidence level of {@link #of}. */
  public static final double CONFIDENCE = 0.95;

  /**
   * @param events trials with the event, 0 ≤ events ≤ trials
   * @param trials 1 ≤ trials ≤ {@link Integer#MAX_VALUE} (Commons Math counts in int)
   */
  public static WilsonInterval of(long events, long trials) {
    if (trials < 1 || trials > Integer.MAX_VALUE || events < 0 || events > trials) {
      throw new IllegalArgumentException(events + " events in " + trials + " trials");
    }
    ConfidenceInterval ci = new WilsonScoreInterval().createInterval((int) trials, (int) events, CONFIDENCE);
    double lower = events == 0 ? 0.0 : Math.max(0.0, ci.getLowerBound());
    double upper = events == trials ? 1.0 : Math.min(1.0, ci.getUpperBound());
    return new WilsonInterval(lower, upper);
  }
}
