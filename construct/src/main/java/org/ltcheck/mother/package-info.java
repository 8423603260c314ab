/**
 * The seeded random mother network: every parameter a pure function of (seed, layer, channel
 * ids, position) ({@link org.ltcheck.mother.MotherRandom}), the logical channel ids
 * ({@link org.ltcheck.mother.ChannelId}) and the shape of every mother layer
 * ({@link org.ltcheck.mother.MotherSpec}, {@link org.ltcheck.mother.MotherLayerSpec}).
 */
package org.ltcheck.mother;
