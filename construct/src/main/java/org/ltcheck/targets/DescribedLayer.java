package org.ltcheck.targets;

import java.util.Optional;
import java.util.OptionalDouble;
import org.ltcheck.theory.LayerMagnitudes;
import org.ltcheck.theory.LayerShape;

/**
 * One target layer as read from a file or a description.
 *
 * @param name tensor prefix in the file ("conv1"), or "layerK" for a description
 * @param magnitudes channel magnitudes when the weights are known (activation still to be set)
 * @param maxAbsWeight largest |w| when the weights are known; the theory assumes |w| ≤ 1
 */
public record DescribedLayer(
    String name,
    LayerGeometry geometry,
    LayerShape shape,
    Optional<LayerMagnitudes> magnitudes,
    OptionalDouble maxAbsWeight) {}
