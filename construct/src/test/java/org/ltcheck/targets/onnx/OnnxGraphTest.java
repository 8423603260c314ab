package org.ltcheck.targets.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ltcheck.targets.onnx.OnnxTestGraphs.in;

import org.junit.jupiter.api.Test;
import org.ltcheck.targets.onnx.OnnxTestGraphs.Builder;

class OnnxGraphTest {
  private static void assertRejected(Builder b, String expected) {
    OnnxFormatException e = assertThrows(OnnxFormatException.class, b::read);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void onlyOpsets11To17AreRead() {
    assertRejected(new Builder(10, 0, 4).node("Relu", in("x"), "y"), "opset 10 is not supported; ltcheck reads"
        + " opsets 11 to 17");
    assertRejected(new Builder(18, 0, 4).node("Relu", in("x"), "y"), "opset 18 is not supported");
  }

  @Test
  void theInputNeedsFixedSampleDimensions() {
    assertRejected(new Builder(13, 0, 3, 0, 8).node("Relu", in("x"), "y"), "has dimension 2 'batch'");
    assertRejected(new Builder(13, 0, 3, 8).node("Relu", in("x"), "y"), "has rank 3");
  }

  @Test
  void aNodeOffThePathIsReported() {
    assertRejected(new Builder(13, 0, 4).node("Relu", in("x"), "y").node("Softmax", in("z"), "w"),
        "node 1 'Softmax_1' (Softmax) is not on the path from the input to the output (and is not supported");
  }

  @Test
  void aCustomDomainIsNotSupported() {
    Builder b = new Builder(13, 0, 4).node("Relu", in("x"), "y");
    OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxTarget.read(OnnxGraph.of(
        b.model().toBuilder().setGraph(b.model().getGraph().toBuilder().setNode(0,
            b.model().getGraph().getNode(0).toBuilder().setDomain("com.example"))).build(), "test.onnx")));
    assertTrue(e.getMessage().contains("of domain 'com.example' is not supported"), e.getMessage());
  }
}
