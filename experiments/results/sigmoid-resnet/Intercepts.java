import java.nio.file.Path;
import org.ltcheck.mother.*;
import org.ltcheck.ticket.*;

/** Largest |Σ u·φ(0)| over the kept edges from copy channels into one sum-layer channel. */
public class Intercepts {
  public static void main(String[] a) throws Exception {
    Ticket t = TicketFiles.read(Path.of(a[0]));
    MotherRandom r = new MotherRandom(t.mother().seed());
    double worst = 0; int worstLayer = -1; long edgesMax = 0;
    var layers = t.mother().layers();
    for (int m = 1; m < layers.size(); m++) {
      MotherLayerSpec l = layers.get(m);
      if (layers.get(m - 1).role() != MotherLayerSpec.Role.COPY) continue;
      double phi0 = layers.get(m - 1).activation().apply(0.0);
      double[] off = new double[l.outChannels()];
      long[] n = new long[l.outChannels()];
      for (long flat : t.masks().get(m).keptWeights()) {
        int o = (int) (flat / ((long) l.inChannels() * l.positions()));
        int c = (int) ((flat / l.positions()) % l.inChannels());
        if (ChannelId.isBias(l.inputChannelId(c))) continue;
        off[o] += phi0 * l.weight(r, flat); n[o]++;
      }
      if (l.hasSkip() && layers.get(l.skipSource()).role() == MotherLayerSpec.Role.COPY) {
        int taps = l.skipPositions();
        for (long flat : t.masks().get(m).keptSkipWeights()) {
          int o = (int) (flat / ((long) l.skipInChannels() * taps));
          int c = (int) ((flat / taps) % l.skipInChannels());
          long in = l.skipInputChannelId(c);
          if (ChannelId.isBias(in)) continue;
          off[o] += phi0 * r.shortcutWeight(l.index(), l.channelId(o), in, (int) (flat % taps), l.skipWeightScale()); n[o]++;
        }
      }
      double lw = 0;
      for (int o = 0; o < off.length; o++) { lw = Math.max(lw, Math.abs(off[o])); edgesMax = Math.max(edgesMax, n[o]); }
      if (lw > worst) { worst = lw; worstLayer = m; }
      System.out.printf("mother layer %d: largest |intercepts| %.4f, sum-layer scale %.3f%n", m, lw, l.weightScale());
    }
    System.out.printf("largest |Σ u·φ(0)| %.4f in mother layer %d; most copy edges into one channel %d%n", worst, worstLayer, edgesMax);
  }
}
