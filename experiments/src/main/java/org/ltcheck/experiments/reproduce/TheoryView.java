package org.ltcheck.experiments.reproduce;

import java.util.List;
import org.ltcheck.construct.TargetLayer;
import org.ltcheck.theory.TargetArchitecture;

/**
 * The theory's view of a target (channel counts, kernel taps, nonzeros), from which
 * {@link org.ltcheck.theory.MotherWidths} plans the mother the theory asks for. Passed in rather
 * than computed here because {@code ltcheck construct} owns that conversion: the reproduction
 * must compare its tickets with exactly the bound {@code construct} reports, also after the
 * conversion learns residual targets.
 */
@FunctionalInterface
public interface TheoryView {
  TargetArchitecture architecture(List<TargetLayer> target);
}
