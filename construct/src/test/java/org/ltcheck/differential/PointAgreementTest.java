package org.ltcheck.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PointAgreementTest {
  @Test
  void theDifferenceAndTheMarginAreTheFloatValuesThemselves() {
    float[] target = {9f, 1f, 2f, 0.5f, 3f};
    float[] ticket = {9f, 1.25f, 2.5f, 0.5f, 3f};
    AgreementBound a = PointAgreement.of(target, ticket, 2, 3, 0);
    OutputDifferenceBound d = a.difference();
    assertTrue(d.differenceLo()[0] < 0.5 && d.differenceHi()[0] > 0.5 && d.differenceHi()[0] - 0.5 < 1e-15);
    assertEquals(0.0, d.differenceLo()[1], 1e-300);
    assertEquals(0.5, d.maxAbsDifference(), 1e-15);
    assertEquals(-1.0, a.marginLowerBound(), 1e-15);
    assertFalse(a.agreementCertified(), "class 0 is not the top-1 class of this input");
    assertTrue(PointAgreement.of(target, ticket, 2, 3, 2).agreementCertified());
  }

  @Test
  void aTieOrAnotherTopClassOfTheTicketIsNoAgreement() {
    float[] target = {3f, 1f};
    assertFalse(PointAgreement.of(target, new float[] {1f, 3f}, 0, 2, 0).agreementCertified());
    assertFalse(PointAgreement.of(target, new float[] {2f, 2f}, 0, 2, 0).agreementCertified());
    assertTrue(PointAgreement.of(target, new float[] {2.5f, 2f}, 0, 2, 0).agreementCertified());
    assertFalse(PointAgreement.of(new float[] {4f}, new float[] {4f}, 0, 1, 0).agreementCertified());
  }

  @Test
  void aClassOutsideTheOutputsIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> PointAgreement.of(new float[2], new float[2], 0, 2, 2));
  }
}
