package org.ltcheck.targets.zoo;

import java.util.Optional;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Linear;

/**
 * Where the parameters of a zoo network come from: a state dict read from a file (checked
 * against each layer's shape), or a seeded initialiser for training. {@link ZooNetwork#build}
 * asks for them in the module order of the PyTorch model (a residual block's body before its
 * shortcut), so an initialiser's draws follow that order.
 */
public interface ZooParameters {
  Conv2d conv(ZooLayer.Conv conv);

  Linear linear(ZooLayer.Dense dense);

  BatchNorm2d batchNorm(ZooLayer.Norm norm);

  /** The identity shortcut's per-channel scale, or empty for a plain identity. */
  Optional<ChannelScale> identityScale(ZooLayer.IdentityScale scale);
}
