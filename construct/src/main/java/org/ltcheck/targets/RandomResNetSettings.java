package org.ltcheck.targets;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How {@code --target random-resnet22} is drawn: a seeded open_lth ResNet whose batch-norm
 * statistics are measured on CIFAR-10 training images (see {@link BatchNormEstimation}).
 *
 * @param dataDir CIFAR-10 in one of the layouts {@code Cifar10Fetcher} reads; empty: the cache
 * @param seed seed of the random weights
 * @param bnImages training images, spread evenly over the set, that set the statistics
 * @param threads inference threads for the estimation
 */
public record RandomResNetSettings(Optional<Path> dataDir, long seed, int bnImages, int threads) {}
