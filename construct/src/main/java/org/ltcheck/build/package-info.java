/**
 * The construction of a ticket: the target's weight layers as its input
 * ({@link org.ltcheck.build.TargetLayers}), the two algorithms of the paper as strategies
 * ({@link org.ltcheck.build.LPlusOneConstruction}, Algorithm 2; {@link org.ltcheck.build.TwoLConstruction},
 * Algorithm 1), and the phases of one run — layout, problem generation, solving and scheduling,
 * repair, offset compensation, statistics — behind {@link org.ltcheck.build.TicketConstructor}.
 */
package org.ltcheck.build;
