/**
 * A ticket as data: the mother's spec and one sparse {@link org.ltcheck.ticket.LayerMask} per
 * layer ({@link org.ltcheck.ticket.Ticket}), its files ({@link org.ltcheck.ticket.TicketFiles}) and
 * the networks it stands for ({@link org.ltcheck.ticket.TicketNetworks}).
 */
package org.ltcheck.ticket;
