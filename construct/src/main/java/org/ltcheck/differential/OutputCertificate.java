package org.ltcheck.differential;

import java.util.List;

/**
 * The certified output bounds of a ticket, as reported ({@code outputCertificate} in JSON):
 * the global bound over the whole input domain against the largest difference a search found
 * there, and per L∞ radius around test images the certified-agreement fraction and the median
 * and largest certified bound.
 *
 * @param global the whole input domain
 * @param local one entry per radius, in the order asked for
 * @param secondsPerImage wall-clock seconds of the local certification per image (all radii)
 */
public record OutputCertificate(Global global, List<Local> local, double secondsPerImage) {
  public OutputCertificate {
    local = List.copyOf(local);
  }

  /**
   * @param certified sup over the domain of ‖f_ticket − f_target‖∞, certified (float32 included)
   * @param found the largest difference the lower-bound search found in the domain
   */
  public record Global(double certified, double found) {
    /** certified / found: how far from the truth the certificate can be at most. */
    public double ratio() {
      return certified / found;
    }
  }

  /**
   * @param radius the ball's radius in 8-bit pixel levels (0: the image itself)
   * @param images how many images were certified
   * @param certifiedAgreement the fraction whose top-1 agreement is certified over the whole ball
   * @param medianBound median over images of the certified bound on ‖f_ticket − f_target‖∞
   * @param maxBound largest such bound
   */
  public record Local(double radius, int images, double certifiedAgreement, double medianBound, double maxBound) {}
}
