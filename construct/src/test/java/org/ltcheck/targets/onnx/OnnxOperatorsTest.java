package org.ltcheck.targets.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ltcheck.targets.onnx.OnnxTestGraphs.in;
import static org.ltcheck.targets.onnx.OnnxTestGraphs.integer;
import static org.ltcheck.targets.onnx.OnnxTestGraphs.ints;
import static org.ltcheck.targets.onnx.OnnxTestGraphs.real;
import static org.ltcheck.targets.onnx.OnnxTestGraphs.text;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ltcheck.model.AvgPool2d;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Linear;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.targets.onnx.OnnxTestGraphs.Builder;
import org.ltcheck.targets.onnx.proto.OnnxProto.AttributeProto;

/** The operator attributes an export may write, built node by node: what maps, and the one line for what does not. */
class OnnxOperatorsTest {
  private static Builder conv(AttributeProto... attributes) {
    return new Builder(17, 0, 2, 6, 6).weights("c.weight", 3, 2, 3, 3)
        .node("Conv", in("x", "c.weight"), "y", attributes);
  }

  private static void assertRejected(Builder b, String... expected) {
    OnnxFormatException e = assertThrows(OnnxFormatException.class, b::read);
    for (String s : expected) {
      assertTrue(e.getMessage().contains(s), () -> "expected '" + s + "' in: " + e.getMessage());
    }
    assertTrue(e.getMessage().startsWith("test.onnx: node 0 "), e.getMessage());
  }

  @Test
  void convolutionPaddingComesFromPadsOrAutoPad() throws OnnxFormatException {
    assertEquals(1, ((Conv2d) conv(ints("pads", 1, 1, 1, 1)).read().network().layers().get(0)).padding());
    assertEquals(1, ((Conv2d) conv(text("auto_pad", "SAME_UPPER")).read().network().layers().get(0)).padding());
    assertEquals(0, ((Conv2d) conv(text("auto_pad", "VALID")).read().network().layers().get(0)).padding());
    Conv2d strided = (Conv2d) conv(ints("strides", 2, 2), ints("pads", 1, 1, 1, 1)).read().network().layers().get(0);
    assertEquals(List.of(2, 1), List.of(strided.stride(), strided.padding()));
  }

  @Test
  void convolutionsTheModelCannotHoldAreRejectedNamingTheNode() {
    assertRejected(conv(ints("pads", 0, 0, 1, 1)), "node 0 'Conv_0' (Conv) pads by [0, 0, 1, 1]",
        "same padding on all four sides");
    assertRejected(conv(text("auto_pad", "SAME_UPPER"), ints("strides", 2, 2)), "from auto_pad SAME_UPPER");
    assertRejected(conv(ints("dilations", 2, 2)), "dilations [2, 2]");
    assertRejected(conv(ints("strides", 1, 2)), "strides [1, 2]");
    assertRejected(new Builder(17, 0, 4, 6, 6).weights("c.weight", 4, 2, 3, 3)
        .node("Conv", in("x", "c.weight"), "y", integer("group", 2)), "group [2]", "grouped");
    assertRejected(new Builder(17, 0, 2, 6, 6).node("Conv", in("x", "x"), "y"),
        "its weight 'x' is not a constant float tensor");
  }

  @Test
  void gemmFoldsAlphaBetaAndTranspositionIntoTheLinearLayer() throws OnnxFormatException {
    // B is (in=2, out=3) without transB; C one value broadcast to every output.
    Linear l = (Linear) new Builder(13, 0, 2).weights("B", 2, 3).weights("C", 1)
        .node("Gemm", in("x", "B", "C"), "y", real("alpha", 2f), real("beta", 0.5f)).read().network().layers().get(0);
    assertEquals(List.of(3, 2), List.of(l.outFeatures(), l.inFeatures()));
    // B = [[0.1, -0.2, 0.3], [-0.4, 0.5, -0.6]]: W[j][i] = 2·B[i][j]
    assertEquals(2 * -0.4f, l.weight().get(1), 1e-7);
    assertEquals(2 * -0.2f, l.weight().get(2), 1e-7);
    assertEquals(0.05f, l.bias().get(2), 1e-7);
    assertRejected(new Builder(13, 0, 2).weights("B", 3, 2).node("Gemm", in("x", "B"), "y", integer("transA", 1)),
        "transA=1");
  }

  @Test
  void matMulTakesTheBiasOfTheAddAfterIt() throws OnnxFormatException {
    OnnxTarget.Imported g = new Builder(17, 0, 2).weights("W", 2, 3).weights("b", 3)
        .node("MatMul", in("x", "W"), "h").node("Add", in("h", "b"), "y").read();
    Linear l = (Linear) g.network().layers().get(0);
    assertEquals(1, g.network().layers().size());
    assertEquals(0.3f, l.bias().get(2), 1e-7);
    assertEquals(List.of("W"), g.layerNames());
  }

  @Test
  void poolingWindowsMapWithTheirPaddingAndStride() throws OnnxFormatException {
    assertEquals(new MaxPool2d(3, 2, 1), new Builder(11, 0, 2, 8, 8).node("MaxPool", in("x"), "y",
        ints("kernel_shape", 3, 3), ints("strides", 2, 2), ints("pads", 1, 1, 1, 1)).read().network().layers().get(0));
    // ceil_mode changes nothing when the windows fit exactly
    assertEquals(new AvgPool2d(2, 2), new Builder(11, 0, 2, 8, 8).node("AveragePool", in("x"), "y",
        ints("kernel_shape", 2, 2), ints("strides", 2, 2), integer("ceil_mode", 1)).read().network().layers().get(0));
    assertRejected(new Builder(11, 0, 2, 7, 7).node("AveragePool", in("x"), "y", ints("kernel_shape", 2, 2),
        ints("strides", 2, 2), integer("ceil_mode", 1)), "ceil_mode=1");
    assertRejected(new Builder(11, 0, 2, 8, 8).node("AveragePool", in("x"), "y", ints("kernel_shape", 3, 3),
        ints("pads", 1, 1, 1, 1)), "only average pooling without padding");
    assertRejected(new Builder(11, 0, 2, 8, 8).node("MaxPool", in("x"), "y", ints("kernel_shape", 2, 3)),
        "kernel [2, 3]");
  }

  @Test
  void reshapeOnlyFlattensEachSample() {
    assertRejected(new Builder(13, 0, 2, 4, 4).ints("s", 0, 2, -1).node("Reshape", in("x", "s"), "y"),
        "reshapes a [2, 4, 4] input to (0, 2, -1)", "only flattening each sample");
    assertRejected(new Builder(13, 0, 2, 4, 4).ints("p", 0, 0, 1, 1, 0, 0, 1, 1).node("Pad", in("x", "p"), "y"),
        "only a Pad of zero width");
  }

  @Test
  void aTrainingModeBatchNormIsRejected() {
    assertRejected(new Builder(15, 0, 2, 4, 4).weights("g", 2).weights("b", 2).weights("m", 2).weights("v", 2)
        .node("BatchNormalization", in("x", "g", "b", "m", "v"), "y", integer("training_mode", 1)), "training mode");
  }
}
