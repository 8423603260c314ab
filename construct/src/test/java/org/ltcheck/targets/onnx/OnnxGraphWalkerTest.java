package org.ltcheck.targets.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ltcheck.targets.onnx.OnnxTestGraphs.in;
import static org.ltcheck.targets.onnx.OnnxTestGraphs.ints;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.targets.onnx.OnnxTestGraphs.Builder;
import org.ltcheck.theory.ActivationKind;

class OnnxGraphWalkerTest {
  /** x → (3x3 conv, relu, 3x3 conv) + (1x1 conv) → optional tanh; the Add reads the shortcut first. */
  private static Builder block(boolean after) {
    Builder b = new Builder(17, 0, 2, 5, 5).weights("a.weight", 2, 2, 3, 3).weights("b.weight", 2, 2, 3, 3)
        .weights("s.weight", 2, 2, 1, 1)
        .node("Conv", in("x", "s.weight"), "s")
        .node("Conv", in("x", "a.weight"), "a", ints("pads", 1, 1, 1, 1)).node("Relu", in("a"), "ar")
        .node("Conv", in("ar", "b.weight"), "b", ints("pads", 1, 1, 1, 1));
    return after ? b.node("Add", in("s", "b"), "sum").node("Tanh", in("sum"), "y") : b.node("Add", in("s", "b"), "y");
  }

  @Test
  void aForkJoinedByAnAddIsAResidualBlockWithTheOneByOneBranchAsShortcut() throws OnnxFormatException {
    OnnxTarget.Imported g = block(true).read();
    ResidualBlock r = (ResidualBlock) g.network().layers().get(0);
    assertEquals(3, r.body().size());
    assertEquals(1, ((Conv2d) r.shortcut().get(0)).kernelHeight());
    assertEquals(Activation.of(ActivationKind.TANH), r.after());
    assertEquals(List.of("a", "b"), g.layerNames());
  }

  @Test
  void withoutAnActivationAfterTheSumTheBlockIsLinear() throws OnnxFormatException {
    ResidualBlock r = (ResidualBlock) block(false).read().network().layers().get(0);
    assertEquals(ActivationKind.IDENTITY, r.after().kind());
    assertInstanceOf(ResidualBlock.class, block(false).read().network().layers().get(0));
  }

  @Test
  void forksThatAreNotResidualBlocksAreRejected() {
    OnnxFormatException three = assertThrows(OnnxFormatException.class, () -> new Builder(13, 0, 4)
        .node("Relu", in("x"), "a").node("Tanh", in("x"), "b").node("Sigmoid", in("x"), "c")
        .node("Add", in("a", "b"), "y").read());
    assertTrue(three.getMessage().contains("'x' is read by 3 nodes"), three.getMessage());
    OnnxFormatException apart = assertThrows(OnnxFormatException.class, () -> new Builder(13, 0, 4)
        .node("Relu", in("x"), "a").node("Tanh", in("x"), "b").node("Add", in("a", "a"), "c")
        .node("Add", in("b", "c"), "y").read());
    assertTrue(apart.getMessage().contains("must meet in one Add"), apart.getMessage());
    OnnxFormatException bias = assertThrows(OnnxFormatException.class, () -> new Builder(13, 0, 4)
        .weights("b", 4).node("Relu", in("x"), "a").node("Add", in("a", "b"), "y").read());
    assertTrue(bias.getMessage().contains("adds a constant to a value that no MatMul wrote"), bias.getMessage());
  }
}
