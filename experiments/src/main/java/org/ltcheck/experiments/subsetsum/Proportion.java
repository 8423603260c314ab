package org.ltcheck.experiments.subsetsum;

import org.ltcheck.theory.WilsonInterval;

/**
 * An estimated probability from independent Bernoulli trials, with its 95% Wilson score interval
 * ({@link WilsonInterval}, which says why Wilson).
 *
 * @param events the number of trials with the event
 * @param trials the number of trials, &gt;= 1
 * @param rate events / trials
 * @param lower95 lower end of the 95% Wilson interval
 * @param upper95 upper end of the 95% Wilson interval
 */
public record Proportion(long events, long trials, double rate, double lower95, double upper95) {
  public Proportion {
    if (trials < 1 || events < 0 || events > trials) {
      throw new IllegalArgumentException(events + " events in " + trials + " trials");
    }
  }

  /** @return the estimate of {@code events} in {@code trials} with its Wilson interval */
  public static Proportion of(long events, long trials) {
    WilsonInterval interval = WilsonInterval.of(events, trials);
    return new Proportion(events, trials, (double) events / trials, interval.lower(), interval.upper());
  }
}
