package org.ltcheck.targets.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ltcheck.targets.onnx.OnnxTestGraphs.in;
import static org.ltcheck.targets.onnx.OnnxTestGraphs.ints;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ltcheck.model.Flatten;

class ConstantFolderTest {
  /** x.view(x.size(0), -1) as opset 11 writes it (Unsqueeze axes as an attribute), opset 13 as an input. */
  @Test
  void theShapeArithmeticOfAViewFoldsToTheBatchAndMinusOne() throws OnnxFormatException {
    OnnxGraph g = new OnnxTestGraphs.Builder(11, 0, 2, 3, 3).ints("zero", 0).ints("minus", -1)
        .node("Shape", in("x"), "s").node("Gather", in("s", "zero"), "n")
        .node("Unsqueeze", in("n"), "n1", ints("axes", 0)).node("Concat", in("n1", "minus"), "shape",
            OnnxTestGraphs.integer("axis", 0))
        .node("Reshape", in("x", "shape"), "y").graph();
    ConstantFolder f = new ConstantFolder(g, Map.of("x", new long[] {ConstantFolder.BATCH, 2, 3, 3})::get);
    assertArrayEquals(new long[] {ConstantFolder.BATCH, -1}, f.ints("shape").orElseThrow());
    assertEquals(4, f.folded().size());
    assertEquals(new Flatten(), OnnxTarget.read(g).network().layers().get(0));
  }

  @Test
  void shapeTakesItsStartAndEnd() throws OnnxFormatException {
    OnnxGraph g = new OnnxTestGraphs.Builder(15, 0, 2, 3, 5)
        .node("Shape", in("x"), "s", OnnxTestGraphs.integer("start", 1), OnnxTestGraphs.integer("end", -1))
        .node("Relu", in("x"), "y").graph();
    ConstantFolder f = new ConstantFolder(g, Map.of("x", new long[] {ConstantFolder.BATCH, 2, 3, 5})::get);
    assertArrayEquals(new long[] {2, 3}, f.ints("s").orElseThrow());
  }
}
