package org.ltcheck.bounds;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;

/**
 * What {@code ltcheck bounds} was asked for.
 *
 * @param eta per-parameter tolerance η; ignored when {@code outputEps} is present
 * @param outputEps output tolerance ε: when present, η is the largest uniform η meeting it
 * @param activation activation after every hidden layer
 * @param inputBound B₀, the bound on |x| over the input domain
 */
public record BoundsSettings(
    Construction construction,
    double eta,
    OptionalDouble outputEps,
    double delta,
    ActivationKind activation,
    OptionalInt rho,
    OptionalInt rho1,
    double cSingle,
    double cProduct,
    double inputBound) {}
