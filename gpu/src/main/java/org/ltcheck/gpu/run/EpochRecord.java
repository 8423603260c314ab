package org.ltcheck.gpu.run;

/**
 * One line of the training log: global 1-based epoch, pruning step (0 = dense phase) and the
 * density of the conv and linear weights during that epoch.
 */
public record EpochRecord(
    int epoch, int step, double density, double lr, double trainLoss, double trainAccuracy,
    double testLoss, double testAccuracy, double imagesPerSecond, double seconds) {}
