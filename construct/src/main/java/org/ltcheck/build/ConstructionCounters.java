package org.ltcheck.build;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.ltcheck.ticket.Ticket;

/** What one construction counted, for {@link TicketConstructor.Statistics} and the progress bar. */
final class ConstructionCounters {
  private final LongConsumer progress;
  private final AtomicLong finishedChannels = new AtomicLong();
  private final AtomicLong problems = new AtomicLong();
  private final AtomicLong keptTerms = new AtomicLong();
  private final AtomicLong primaryFailures = new AtomicLong();
  private final AtomicLong extraChannels = new AtomicLong();

  ConstructionCounters(LongConsumer progress) {
    this.progress = progress == null ? n -> {} : progress;
  }

  /** A target output channel's primary copies are built. */
  void channelFinished() {
    progress.accept(finishedChannels.incrementAndGet());
  }

  void problemsPosed(int n) {
    problems.addAndGet(n);
  }

  void termsKept(int n) {
    keptTerms.addAndGet(n);
  }

  void primaryFailures(int n) {
    primaryFailures.addAndGet(n);
  }

  void extraChannel() {
    extraChannels.incrementAndGet();
  }

  TicketConstructor.Statistics statistics(Ticket ticket) {
    long p = problems.get();
    return new TicketConstructor.Statistics(
        p, primaryFailures.get(), extraChannels.get(), ticket.parameterCount(),
        p == 0 ? 0 : keptTerms.get() / (double) p);
  }
}
