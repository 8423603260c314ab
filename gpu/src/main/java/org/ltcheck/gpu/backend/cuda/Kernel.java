package org.ltcheck.gpu.backend.cuda;

/**
 * The kernels of {@code gpu/src/main/cuda/ltcheck_kernels.cu} that {@link CudaBackend} launches,
 * by their extern "C" names. An enum rather than string literals at the call sites so that a
 * test without a GPU can check that the committed PTX defines every one of them.
 */
enum Kernel {
  FILL("fill_f32"),
  SCALE("scale_f32"),
  ADD("add_f32"),
  AXPY("axpy_f32"),
  MASK_MULTIPLY("mask_multiply_f32"),
  SWAP_AXES("swap_axes_f32"),
  SGEMM_64X64("sgemm_64x64"),
  SGEMM_32X128("sgemm_32x128"),
  SGEMM_128X32("sgemm_128x32"),
  SGEMM_SPLITK_REDUCE("sgemm_splitk_reduce"),
  IM2COL("im2col_f32"),
  COL2IM("col2im_f32"),
  ADD_CHANNEL_BIAS("add_channel_bias_f32"),
  SCALE_CHANNELS("scale_channels_f32"),
  CHANNEL_DOT("channel_dot_f32"),
  BATCH_NORM_STATS("batch_norm_stats_f32"),
  BATCH_NORM_APPLY("batch_norm_apply_f32"),
  BATCH_NORM_INFERENCE("batch_norm_inference_f32"),
  BATCH_NORM_BACKWARD_REDUCE("batch_norm_backward_reduce_f32"),
  BATCH_NORM_BACKWARD_DX("batch_norm_backward_dx_f32"),
  ACTIVATION_FORWARD("activation_forward_f32"),
  ACTIVATION_BACKWARD("activation_backward_f32"),
  AVG_POOL_FORWARD("avg_pool_forward_f32"),
  AVG_POOL_BACKWARD("avg_pool_backward_f32"),
  MAX_POOL_FORWARD("max_pool_forward_f32"),
  MAX_POOL_BACKWARD("max_pool_backward_f32"),
  GLOBAL_AVG_POOL_FORWARD("global_avg_pool_forward_f32"),
  GLOBAL_AVG_POOL_BACKWARD("global_avg_pool_backward_f32"),
  SOFTMAX_XENT_ROWS("softmax_xent_rows_f32"),
  SOFTMAX_XENT_STATS("softmax_xent_stats_f32"),
  SGD("sgd_f32"),
  ADAM("adam_f32");

  /** Threads per block of the reduction kernels; REDUCE_THREADS in the CUDA source. */
  static final int REDUCE_THREADS = 256;

  private final String symbol;

  Kernel(String symbol) {
    this.symbol = symbol;
  }

  /** The extern "C" name in the PTX. */
  String symbol() {
    return symbol;
  }
}
