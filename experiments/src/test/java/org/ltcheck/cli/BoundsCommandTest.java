package org.ltcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ltcheck.data.Normalization;
import org.ltcheck.io.safetensors.SafetensorsWriter;
import org.ltcheck.targets.CifarResNetTarget;
import org.ltcheck.targets.RandomResNetTarget;
import org.ltcheck.targets.ResNetPlan;
import org.ltcheck.tensor.FloatTensor;

class BoundsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static JsonNode json(String... args) throws IOException {
    CliRun r = CliRun.of(args);
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("", r.err());
    return JSON.readTree(r.out());
  }

  @Test
  void mnistJsonHasTheTargetLayersAndBothMotherDepths() throws IOException {
    JsonNode lp1 = json("bounds", "--target", "mnist", "--json");
    JsonNode t = lp1.get("targetLayers");
    assertEquals(3, t.size());
    assertLayer(t.get(0), "conv", 1, 32, 1);
    assertLayer(t.get(1), "conv", 32, 32, 1);
    assertLayer(t.get(2), "linear", 32, 10, 784); // 25088 = 32 x 784 in-features
    assertEquals(25_088, t.get(2).get("inChannels").asInt() * t.get(2).get("inputPositionsPerChannel").asInt());
    assertEquals("L+1", lp1.get("construction").asText());
    assertEquals(4, lp1.get("motherDepth").asInt());
    assertEquals(4, lp1.get("layers").size());
    assertEquals(5, lp1.get("motherChannels").size());
    assertEquals(1, lp1.get("motherChannels").get(0).asInt());
    assertEquals(10, lp1.get("motherChannels").get(4).asInt());
    assertEquals("target", lp1.get("errorBound").get("magnitudes").asText());
    assertTrue(lp1.get("errorBound").get("outputBound").asDouble() > 0);

    JsonNode twoL = json("bounds", "--target", "mnist", "--construction", "2L", "--json");
    assertEquals(6, twoL.get("motherDepth").asInt());
    assertEquals(7, twoL.get("motherChannels").size());
    List<String> roles = new ArrayList<>();
    twoL.get("layers").forEach(l -> roles.add(l.get("role").asText()));
    assertEquals(List.of("copy", "product", "copy", "product", "copy", "product"), roles);
  }

  private static void assertLayer(JsonNode l, String kind, int in, int out, int positions) {
    assertEquals(kind, l.get("kind").asText());
    assertEquals(in, l.get("inChannels").asInt());
    assertEquals(out, l.get("outChannels").asInt());
    assertEquals(positions, l.get("inputPositionsPerChannel").asInt());
  }

  /** The reference's fixed sizes on the conv layers alone: widths [60, 495, 32] (PAPER §3.4). */
  @Test
  void fixedSizesReproduceTheReferenceWidths() throws IOException {
    JsonNode r = json("bounds", "--arch", "conv:1-32-3,conv:32-32-3", "--rho", "15", "--rho1", "30", "--json");
    assertEquals("[1,60,495,32]", r.get("motherChannels").toString());
    assertTrue(r.get("rhoFixed").asBoolean() && r.get("rho1Fixed").asBoolean());
    assertEquals("assumed dense, |w| <= 1, |b| <= 1", r.get("errorBound").get("magnitudes").asText());
    JsonNode twoL = json("bounds", "--arch", "conv:1-32-3,conv:32-32-3", "--rho1", "30", "--construction", "2L", "--json");
    assertEquals("[1,60,32,990,32]", twoL.get("motherChannels").toString());
  }

  @Test
  void outputEpsFindsAnEtaThatMeetsIt() throws IOException {
    JsonNode r = json("bounds", "--target", "mnist", "--output-eps", "0.5", "--json");
    double eta = r.get("eta").asDouble();
    assertTrue(eta > 0 && eta < 0.01, "eta " + eta);
    assertEquals(0.5, r.get("outputEps").asDouble());
    assertTrue(r.get("errorBound").get("outputBound").asDouble() <= 0.5);
    // A tighter tolerance per parameter needs no smaller base sets.
    assertTrue(r.get("rho").asInt() >= json("bounds", "--target", "mnist", "--json").get("rho").asInt());
  }

  @Test
  void textReportShowsTheTableAndTotals() {
    CliRun r = CliRun.of("bounds", "--target", "mnist");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("mother params"), r.out());
    assertTrue(r.out().contains("total"), r.out());
    assertTrue(r.out().contains("rho = "), r.out());
    assertTrue(r.out().contains("worst-case output error"), r.out());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "bounds --arch pool:1-2|unknown layer kind 'pool'",
    "bounds --arch conv:1-32-x|malformed layer 'conv:1-32-x'",
    "bounds --arch conv:1-32-3,conv:16-8-3|reads 16 channels",
    "bounds --arch conv:1-32-3 --eps 1.5|--eps = 1.5 is outside the open interval (0, 1)",
    "bounds --arch conv:1-32-3 --eps 0|--eps = 0.0 is outside",
    "bounds --arch conv:1-32-3 --delta 1|--delta = 1.0 is outside",
    "bounds --arch conv:1-32-3 --delta -0.1|--delta = -0.1 is outside",
    "bounds --arch conv:1-32-3 --eps abc|'abc' is not a double",
    "bounds --arch conv:1-32-3 --construction 3L|unknown construction '3L'",
    "bounds --arch conv:1-32-3 --activation swish|unknown activation 'swish'",
    "bounds --arch conv:1-32-3 --rho1 1|--rho1 = 1 must be at least 2",
    "bounds --arch conv:1-32-3 --eps 0.01 --output-eps 0.1|give --eps or --output-eps, not both",
    "bounds --arch conv:1-32-3 --input 1x28|input shape '1x28' is not CxHxW",
    "bounds --arch conv:1-32-3 --target mnist|mutually exclusive",
    "bounds|Missing required argument",
    "bounds --target mnist --frobnicate|Unknown option: '--frobnicate'",
    "bounds --target /nonexistent/net.safetensors|/nonexistent/net.safetensors",
    "bounds --target mnist --output-eps 1e300|--output-eps = 1.0E300 is met by every eta in (0, 1)",
    "bounds --target mnist --output-eps NaN|--output-eps = NaN must be a positive finite number",
    "bounds --target mnist --output-eps Infinity|--output-eps = Infinity must be a positive finite number",
    "bounds --target mnist --output-eps -1|--output-eps = -1.0 must be a positive finite number",
    "bounds --target mnist --delta NaN|--delta = NaN is outside",
    "bounds --target mnist --c Infinity|--c = Infinity must be a positive finite number",
    "bounds --target mnist --input-bound NaN|--input-bound = NaN must be a non-negative finite number",
    "bounds --arch conv:1-32-3 --rho 2147483647 --rho1 2147483647|is too large to count",
    "bounds --arch conv:1-32-3 --rho 0|--rho = 0 must be at least 1",
    "bounds --arch conv:1-32-4|even 4x4 kernel",
    "bounds --arch conv:1-32-3 --input 1x50000x50000|above the limit of 2,147,483,647",
    "bounds --arch conv:1-32-3 --dataset imagenet|--dataset must be mnist or cifar10"
  })
  void badInputGivesOneLineAndExitCode2(String args, String expected) {
    assertUsageError(CliRun.of(args.split(" ")), "ltcheck bounds: error: ", expected);
  }

  @Test
  void malformedOrUnreadableFilesGiveOneLine() throws IOException {
    Path garbage = dir.resolve("garbage.safetensors");
    byte[] bytes = new byte[64];
    new Random(9).nextBytes(bytes);
    Files.write(garbage, bytes);
    assertUsageError(CliRun.of("bounds", "--target", garbage.toString()), "ltcheck bounds: error: ", "garbage.safetensors");

    Path notJson = dir.resolve("notjson.safetensors");
    Files.write(notJson, new byte[] {4, 0, 0, 0, 0, 0, 0, 0, '{', 'x', 'x', '}'});
    assertUsageError(CliRun.of("bounds", "--target", notJson.toString()), "ltcheck bounds: error: ", "not valid JSON");

    Path wrongInput = dir.resolve("mlp.safetensors");
    new SafetensorsWriter().putFloat("fc.weight", FloatTensor.of(new float[30], 3, 10)).write(wrongInput);
    assertUsageError(CliRun.of("bounds", "--target", wrongInput.toString()), "ltcheck bounds: error: ",
        "10 input features do not match the 1 channels x 784 positions");
    CliRun ok = CliRun.of("bounds", "--target", wrongInput.toString(), "--input", "10x1x1", "--json");
    assertEquals(0, ok.exitCode(), ok.err());
  }

  /** bounds reads what construct builds from: an open_lth ResNet with batch norms (folded in). */
  @Test
  void boundsAResNetStateDict() throws IOException {
    ResNetPlan plan = ResNetPlan.cifarResNet20();
    Path file = dir.resolve("resnet.safetensors");
    CifarResNetTarget.write(file, RandomResNetTarget.stateDict(plan, 3, RandomResNetTarget.Options.openLth()));
    JsonNode r = json("bounds", "--target", file.toString(), "--construction", "2L", "--json");
    JsonNode t = r.get("targetLayers");
    assertEquals(1 + 2 * plan.blocks() + 1, t.size());
    assertEquals("conv", t.get(0).get("name").asText());
    assertEquals("blocks.3.conv1", t.get(7).get("name").asText());
    assertEquals("fc", t.get(t.size() - 1).get("name").asText());
    assertEquals(64L, t.get(t.size() - 2).get("spatialPositions").asLong(), "8x8 after two stride-2 blocks");
    assertEquals(1, t.get(t.size() - 1).get("inputPositionsPerChannel").asInt(), "global average pooling");
    assertEquals("3x32x32", r.get("input").asText());
    assertEquals(Normalization.CIFAR10.maxAbs(), r.get("inputBound").asDouble(), 0);
    assertTrue(r.get("errorBound").get("outputBound").isNull());
    assertTrue(r.get("totals").get("motherParams").asLong() > 0);
    assertEquals(r, json("bounds", "--target", file.toString(), "--arch", "resnet22", "--construction", "2L", "--json"));

    assertUsageError(CliRun.of("bounds", "--target", file.toString(), "--output-eps", "0.1"), "ltcheck bounds: error: ",
        "--output-eps needs the worst-case output bound");
    assertUsageError(CliRun.of("bounds", "--target", file.toString(), "--arch", "cnn"), "ltcheck bounds: error: ",
        "--arch cifar_resnet_20 reads them");
  }

  /** bounds reads every format and zoo name construct reads, through the same resolver. */
  @Test
  void boundsAZooStateDictFromTorchSaveOrSafetensors() throws IOException {
    java.util.Random rnd = new java.util.Random(17);
    java.util.Map<String, FloatTensor> sd = new java.util.LinkedHashMap<>();
    sd.put("fc_layers.0.weight", random(rnd, 5, 784));
    sd.put("fc_layers.0.bias", random(rnd, 5));
    sd.put("fc.weight", random(rnd, 10, 5));
    sd.put("fc.bias", random(rnd, 10));
    Path pt = dir.resolve("lenet.pt");
    org.ltcheck.io.torch.TorchSaveWriter tw = new org.ltcheck.io.torch.TorchSaveWriter();
    sd.forEach(tw::putFloat);
    tw.write(pt);
    Path st = dir.resolve("lenet.safetensors");
    SafetensorsWriter w = new SafetensorsWriter();
    sd.forEach(w::putFloat);
    w.write(st);
    JsonNode named = json("bounds", "--target", pt.toString(), "--arch", "mnist_lenet_5", "--json");
    JsonNode t = named.get("targetLayers");
    assertEquals(2, t.size());
    assertEquals("fc_layers.0", t.get(0).get("name").asText());
    assertEquals("fc", t.get(1).get("name").asText());
    assertEquals("1x28x28", named.get("input").asText());
    for (JsonNode other : java.util.List.of(json("bounds", "--target", pt.toString(), "--json"),
        json("bounds", "--target", st.toString(), "--arch", "mnist_lenet_5", "--json"))) {
      assertEquals(t, other.get("targetLayers"));
      assertEquals(named.get("totals"), other.get("totals"));
    }
    assertUsageError(CliRun.of("bounds", "--target", pt.toString(), "--arch", "mnist_lenet_6"), "ltcheck bounds: error: ",
        "mnist_lenet_6: tensor 'fc_layers.0.weight' has shape [5, 784], expected [6, 784]");
  }

  private static FloatTensor random(java.util.Random rnd, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (0.2 * rnd.nextGaussian());
    }
    return FloatTensor.wrap(v, shape);
  }

  @Test
  void topLevelWithoutCommandIsAUsageError() {
    assertUsageError(CliRun.of(), "ltcheck: error: ", "missing command");
  }

  private static void assertUsageError(CliRun r, String prefix, String expected) {
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertEquals("", r.out());
    assertEquals(1, r.errLines(), r.err());
    assertTrue(r.err().startsWith(prefix), r.err());
    assertTrue(r.err().contains(expected), r.err());
  }
}
