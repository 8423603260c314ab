import java.nio.file.Path;
import java.util.*;
import org.ltcheck.data.*;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.*;
import org.ltcheck.targets.*;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

/**
 * The random sigmoid open_lth ResNet-20 (seed 1) with batch-norm statistics measured on 2,000
 * CIFAR-10 training images, as `--target random-resnet22 --activation sigmoid` draws it, plus a
 * head bias -mean(logits) over those images, so that the sigmoids' mean output 1/2 no longer
 * puts every image in one class. Written as a state dict for `construct --target FILE`.
 */
public class CentredSigmoidResNet {
  public static void main(String[] a) throws Exception {
    ResNetPlan plan = ResNetPlan.cifarResNet20();
    SortedMap<String, FloatTensor> sd = RandomResNetTarget.stateDict(plan, 1, RandomResNetTarget.Options.openLth());
    Activation sigmoid = Activation.of(ActivationKind.SIGMOID);
    Network net = CifarResNetTarget.fromStateDict(sd, plan.inputShape(), sigmoid);
    Dataset train = TargetDataset.CIFAR10.load(Split.TRAIN, null).evenlySpaced(2000);
    List<FloatTensor> batches = new ArrayList<>();
    for (int from = 0; from < train.size(); from += 250) {
      batches.add(train.batch(from, Math.min(train.size(), from + 250)));
    }
    Network est = BatchNormEstimation.estimate(net, batches, (n, b) -> {
      try (InferenceEngine e = new InferenceEngine(n, 2)) {
        return e.forward(b);
      }
    });
    List<BatchNorm2d> bns = new ArrayList<>();
    collect(est.layers(), bns);
    List<String> names = new ArrayList<>(List.of("bn"));
    for (int b = 0; sd.containsKey("blocks." + b + ".conv1.weight"); b++) {
      names.add("blocks." + b + ".bn1");
      names.add("blocks." + b + ".bn2");
      if (sd.containsKey("blocks." + b + ".shortcut.1.running_mean")) {
        names.add("blocks." + b + ".shortcut.1");
      }
    }
    if (names.size() != bns.size()) throw new IllegalStateException(names.size() + " names, " + bns.size() + " batch norms");
    for (int k = 0; k < names.size(); k++) {
      sd.put(names.get(k) + ".running_mean", bns.get(k).runningMean());
      sd.put(names.get(k) + ".running_var", bns.get(k).runningVar());
    }
    Network measured = CifarResNetTarget.fromStateDict(sd, plan.inputShape(), sigmoid);
    double[] mean = new double[10];
    try (InferenceEngine e = new InferenceEngine(measured, 2)) {
      for (FloatTensor b : batches) {
        FloatTensor y = e.forward(b);
        for (int i = 0; i < y.size(); i++) mean[i % 10] += y.get(i) / train.size();
      }
    }
    float[] bias = new float[10];
    for (int k = 0; k < 10; k++) bias[k] = (float) -mean[k];
    sd.put("fc.bias", FloatTensor.wrap(bias, 10));
    System.out.println("head bias " + Arrays.toString(bias));
    CifarResNetTarget.write(Path.of(a[0]), sd);
  }

  private static void collect(List<Layer> layers, List<BatchNorm2d> out) {
    for (Layer l : layers) {
      if (l instanceof BatchNorm2d b) out.add(b);
      else if (l instanceof ResidualBlock r) { collect(r.body(), out); collect(r.shortcut(), out); }
    }
  }
}
