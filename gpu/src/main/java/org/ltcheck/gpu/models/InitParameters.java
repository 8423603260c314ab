package org.ltcheck.gpu.models;

import java.util.Optional;
import java.util.random.RandomGenerator;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Linear;
import org.ltcheck.targets.zoo.ZooLayer;
import org.ltcheck.targets.zoo.ZooParameters;

/** A zoo model's parameters drawn by {@link Init} from one generator, in the order they are asked for. */
final class InitParameters implements ZooParameters {
  private final RandomGenerator rng;

  InitParameters(RandomGenerator rng) {
    this.rng = rng;
  }

  @Override
  public Conv2d conv(ZooLayer.Conv c) {
    return Init.conv(rng, c.in(), c.out(), c.kernel(), c.stride(), c.padding(), c.bias());
  }

  @Override
  public Linear linear(ZooLayer.Dense d) {
    return Init.linear(rng, d.in(), d.out());
  }

  @Override
  public BatchNorm2d batchNorm(ZooLayer.Norm n) {
    return Init.batchNorm(n.channels());
  }

  @Override
  public Optional<ChannelScale> identityScale(ZooLayer.IdentityScale s) {
    return Optional.of(Init.ones(s.channels()));
  }
}
