package org.ltcheck.experiments.subsetsum;

/**
 * An estimated probability from independent Bernoulli trials, with its 95% Wilson score interval.
 *
 * <p>Why Wilson and not the normal approximation: the interesting probabilities here are near 0 or
 * 1 (success ≥ 1 − δ, failure rates of 0.1%), where p ± 1.96·sqrt(p(1−p)/T) collapses to a point
 * for p̂ = 0 or 1 and leaves [0, 1]; the Wilson interval stays inside [0, 1] and is informative
 * there (for 0 events in T trials its upper end is about 3.84/T).
 *
 * @param events the number of trials with the event
 * @param trials the number of trials, &gt;= 1
 * @param rate events / trials
 * @param lower95 lower end of the 95% Wilson interval
 * @param upper95 upper end of the 95% Wilson interval
 */
public record Proportion(long events, long trials, double rate, double lower95, double upper95) {
  /** The 0.975 quantile of the standard normal distribution. */
  private static final double Z = 1.959963984540054;

  public Proportion {
    if (trials < 1 || events < 0 || events > trials) {
      throw new IllegalArgumentException(events + " events in " + trials + " trials");
    }
  }

  /** @return the estimate of {@code events} in {@code trials} with its Wilson interval */
  public static Proportion of(long events, long trials) {
    double p = (double) events / trials;
    double z2 = Z * Z;
    double denominator = 1 + z2 / trials;
    double centre = (p + z2 / (2.0 * trials)) / denominator;
    double half = Z * Math.sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / denominator;
    // For impossible counts these are NaN or out of range; the constructor rejects the counts.
    double lower = events == 0 ? 0.0 : Math.max(0.0, centre - half);
    double upper = events == trials ? 1.0 : Math.min(1.0, centre + half);
    return new Proportion(events, trials, p, lower, upper);
  }
}
