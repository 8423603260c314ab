// Kernels of the JCuda backend (org.ltcheck.gpu.backend.cuda.CudaBackend).
//
// Compiled to PTX by build-ptx.sh; the PTX is committed as a resource so that machines without
// nvcc (the GPU machines have a driver but no toolkit) can JIT it. Every kernel has an extern "C"
// name that CudaBackend looks up with cuModuleGetFunction.
//
// Semantics follow org.ltcheck.gpu.backend.Backend (layouts NCHW, row-major). Determinism: no
// kernel uses atomics on floats or a reduction order that depends on scheduling. Each output is
// written by one thread, and reductions use a fixed block size (REDUCE_THREADS) with a fixed tree,
// so equal inputs give bit-identical outputs run after run. Reductions accumulate in double, like
// the CPU backend, so both backends agree to float rounding.
//
// Element-wise kernels use grid-stride loops; the host caps the grid at a multiple of the SM count.

#include <stdint.h>

#define REDUCE_THREADS 256

// ------------------------------------------------------------------ helpers

__device__ __forceinline__ long long gtid() {
  return (long long)blockIdx.x * blockDim.x + threadIdx.x;
}

__device__ __forceinline__ long long gstride() {
  return (long long)gridDim.x * blockDim.x;
}

// Sums v over the REDUCE_THREADS threads of the block in a fixed tree; the result is valid in
// thread 0. `buf` must hold REDUCE_THREADS doubles. Ends with a barrier so buf can be reused.
__device__ double block_sum(double v, double* buf) {
  int t = threadIdx.x;
  buf[t] = v;
  __syncthreads();
  for (int s = REDUCE_THREADS / 2; s > 0; s >>= 1) {
    if (t < s) {
      buf[t] += buf[t + s];
    }
    __syncthreads();
  }
  double r = buf[0];
  __syncthreads();
  return r;
}

// ------------------------------------------------------------------ element-wise

extern "C" __global__ void fill_f32(float* t, int n, float v) {
  for (long long i = gtid(); i < n; i += gstride()) t[i] = v;
}

extern "C" __global__ void scale_f32(float* t, int n, float alpha) {
  for (long long i = gtid(); i < n; i += gstride()) t[i] = t[i] * alpha;
}

extern "C" __global__ void add_f32(const float* a, const float* b, float* out, int n) {
  for (long long i = gtid(); i < n; i += gstride()) out[i] = a[i] + b[i];
}

extern "C" __global__ void axpy_f32(float alpha, const float* x, float* y, int n) {
  for (long long i = gtid(); i < n; i += gstride()) y[i] = y[i] + alpha * x[i];
}

// Where the mask is 0 the result is +0 exactly (not -0, not NaN from 0 * inf).
extern "C" __global__ void mask_multiply_f32(float* t, const float* mask, int n) {
  for (long long i = gtid(); i < n; i += gstride()) {
    float m = mask[i];
    t[i] = m == 0.0f ? 0.0f : t[i] * m;
  }
}

// (a, b, inner) -> (b, a, inner); one thread per destination element, so writes are coalesced.
extern "C" __global__ void swap_axes_f32(const float* src, int a, int b, int inner, float* dst) {
  long long n = (long long)a * b * inner;
  for (long long d = gtid(); d < n; d += gstride()) {
    long long t = d % inner;
    long long q = d / inner;  // q = j * a + i
    long long i = q % a;
    long long j = q / a;
    dst[d] = src[(i * b + j) * inner + t];
  }
}

// ------------------------------------------------------------------ SGEMM
//
// C = alpha * op(A) * op(B) + beta * C, row-major, with shared-memory tiles of BM x BK (A) and
// BK x BN (B). 256 threads in a 16 x 16 grid; thread (ty, tx) owns the TM x TN outputs at rows
// ty + 16 r and columns tx + 16 c, so a warp's C stores and B tile reads are contiguous. Loads
// are bounds-checked (zeros outside), so any m, n, k, lda, ldb works.
//
// Split-K: when `partial` is not null, block z multiplies only k range [z*kChunk, (z+1)*kChunk)
// and stores its raw sum in partial[z][m][n]; sgemm_splitk_reduce then adds the slices in order
// of z (deterministic) and applies alpha and beta. This keeps the SMs busy for long-k shapes such
// as weight gradients (k = batch * pixels) whose output has only a few tiles.

#define GEMM_BK 16
#define GEMM_THREADS 256

template <int BM, int BN>
__device__ __forceinline__ void sgemm_tile(
    int transA, int transB, int m, int n, int k, int kChunk, float alpha,
    const float* __restrict__ A, int lda, const float* __restrict__ B, int ldb,
    float beta, float* __restrict__ C, int ldc, float* __restrict__ partial) {
  constexpr int TM = BM / 16;
  constexpr int TN = BN / 16;
  __shared__ float As[GEMM_BK][BM + 1];
  __shared__ float Bs[GEMM_BK][BN + 1];

  const int t = threadIdx.x;
  const int tx = t % 16;
  const int ty = t / 16;
  const int m0 = blockIdx.y * BM;
  const int n0 = blockIdx.x * BN;
  const int kBegin = blockIdx.z * kChunk;
  const int kEnd = min(k, kBegin + kChunk);

  float acc[TM][TN];
#pragma unroll
  for (int r = 0; r < TM; r++) {
#pragma unroll
    for (int c = 0; c < TN; c++) acc[r][c] = 0.0f;
  }

  for (int k0 = kBegin; k0 < kEnd; k0 += GEMM_BK) {
    // A tile: element (i, kk) of op(A). Consecutive threads take consecutive addresses.
#pragma unroll
    for (int l = 0; l < (BM * GEMM_BK) / GEMM_THREADS; l++) {
      int idx = t + l * GEMM_THREADS;
      int i, kk;
      if (transA) {
        i = idx % BM;
        kk = idx / BM;
      } else {
        kk = idx % GEMM_BK;
        i = idx / GEMM_BK;
      }
      int gi = m0 + i;
      int gk = k0 + kk;
      float v = 0.0f;
      if (gi < m && gk < kEnd) {
        v = transA ? A[(long long)gk * lda + gi] : A[(long long)gi * lda + gk];
      }
      As[kk][i] = v;
    }
    // B tile: element (kk, j) of op(B).
#pragma unroll
    for (int l = 0; l < (BN * GEMM_BK) / GEMM_THREADS; l++) {
      int idx = t + l * GEMM_THREADS;
      int j, kk;
      if (transB) {
        kk = idx % GEMM_BK;
        j = idx / GEMM_BK;
      } else {
        j = idx % BN;
        kk = idx / BN;
      }
      int gj = n0 + j;
      int gk = k0 + kk;
      float v = 0.0f;
      if (gj < n && gk < kEnd) {
        v = transB ? B[(long long)gj * ldb + gk] : B[(long long)gk * ldb + gj];
      }
      Bs[kk][j] = v;
    }
    __syncthreads();
#pragma unroll
    for (int kk = 0; kk < GEMM_BK; kk++) {
      float a[TM];
      float b[TN];
#pragma unroll
      for (int r = 0; r < TM; r++) a[r] = As[kk][ty + 16 * r];
#pragma unroll
      for (int c = 0; c < TN; c++) b[c] = Bs[kk][tx + 16 * c];
#pragma unroll
      for (int r = 0; r < TM; r++) {
#pragma unroll
        for (int c = 0; c < TN; c++) acc[r][c] = fmaf(a[r], b[c], acc[r][c]);
      }
    }
    __syncthreads();
  }

#pragma unroll
  for (int r = 0; r < TM; r++) {
    int gi = m0 + ty + 16 * r;
    if (gi >= m) continue;
#pragma unroll
    for (int c = 0; c < TN; c++) {
      int gj = n0 + tx + 16 * c;
      if (gj >= n) continue;
      if (partial != 0) {
        partial[((long long)blockIdx.z * m + gi) * n + gj] = acc[r][c];
      } else {
        float* out = C + (long long)gi * ldc + gj;
        // beta == 0 ignores the old C entirely, even NaN (BLAS semantics).
        *out = beta == 0.0f ? alpha * acc[r][c] : alpha * acc[r][c] + beta * *out;
      }
    }
  }
}

#define SGEMM_VARIANT(NAME, BM, BN)                                                         \
  extern "C" __global__ void __launch_bounds__(GEMM_THREADS) NAME(                          \
      int transA, int transB, int m, int n, int k, int kChunk, float alpha, const float* A, \
      int lda, const float* B, int ldb, float beta, float* C, int ldc, float* partial) {    \
    sgemm_tile<BM, BN>(transA, transB, m, n, k, kChunk, alpha, A, lda, B, ldb, beta, C,     \
                       ldc, partial);                                                       \
  }

// Square tiles for general shapes; wide tiles for m <= 32 (a conv layer with 32 filters times
// N*pixels columns); tall tiles for n <= 32 (a classifier's 10 outputs).
SGEMM_VARIANT(sgemm_64x64, 64, 64)
SGEMM_VARIANT(sgemm_32x128, 32, 128)
SGEMM_VARIANT(sgemm_128x32, 128, 32)

extern "C" __global__ void sgemm_splitk_reduce(
    const float* partial, int splits, int m, int n, float alpha, float beta, float* C, int ldc) {
  long long total = (long long)m * n;
  for (long long e = gtid(); e < total; e += gstride()) {
    float s = 0.0f;
    for (int z = 0; z < splits; z++) s += partial[(long long)z * total + e];
    long long i = e / n;
    long long j = e % n;
    float* out = C + i * ldc + j;
    *out = beta == 0.0f ? alpha * s : alpha * s + beta * *out;
  }
}

// ------------------------------------------------------------------ convolution

// One thread per (channel, output column); it writes the kh*kw rows of that column.
extern "C" __global__ void im2col_f32(
    const float* x, int batch, int channels, int h, int w, int kh, int kw, int stride, int pad,
    int oh, int ow, float* cols) {
  long long pixels = (long long)oh * ow;
  long long colCols = batch * pixels;
  long long total = channels * colCols;
  for (long long e = gtid(); e < total; e += gstride()) {
    long long col = e % colCols;
    int c = (int)(e / colCols);
    int img = (int)(col / pixels);
    int p = (int)(col % pixels);
    int r = p / ow;
    int q = p % ow;
    const float* plane = x + ((long long)img * channels + c) * h * w;
    for (int ki = 0; ki < kh; ki++) {
      int ih = r * stride - pad + ki;
      for (int kj = 0; kj < kw; kj++) {
        int iw = q * stride - pad + kj;
        float v = (ih >= 0 && ih < h && iw >= 0 && iw < w) ? plane[ih * w + iw] : 0.0f;
        cols[((long long)(c * kh + ki) * kw + kj) * colCols + col] = v;
      }
    }
  }
}

// One thread per input pixel gathers every column entry that reads it (no atomics), summing in
// the (ki, kj) order the CPU backend uses.
extern "C" __global__ void col2im_f32(
    const float* cols, int batch, int channels, int h, int w, int kh, int kw, int stride, int pad,
    int oh, int ow, float* dx) {
  long long pixels = (long long)oh * ow;
  long long colCols = batch * pixels;
  long long total = (long long)batch * channels * h * w;
  for (long long e = gtid(); e < total; e += gstride()) {
    int iw = (int)(e % w);
    int ih = (int)((e / w) % h);
    int c = (int)((e / ((long long)w * h)) % channels);
    int img = (int)(e / ((long long)w * h * channels));
    float sum = 0.0f;
    for (int ki = 0; ki < kh; ki++) {
      int rs = ih + pad - ki;
      if (rs < 0 || rs % stride != 0) continue;
      int r = rs / stride;
      if (r >= oh) continue;
      for (int kj = 0; kj < kw; kj++) {
        int qs = iw + pad - kj;
        if (qs < 0 || qs % stride != 0) continue;
        int q = qs / stride;
        if (q >= ow) continue;
        sum += cols[((long long)(c * kh + ki) * kw + kj) * colCols + img * pixels + (long long)r * ow + q];
      }
    }
    dx[e] = sum;
  }
}

// ------------------------------------------------------------------ per-channel operations
// Tensors are viewed as (outer, channels, inner).

extern "C" __global__ void add_channel_bias_f32(float* y, const float* bias, int outer, int channels, int inner) {
  long long n = (long long)outer * channels * inner;
  for (long long e = gtid(); e < n; e += gstride()) {
    y[e] = y[e] + bias[(e / inner) % channels];
  }
}

extern "C" __global__ void scale_channels_f32(
    const float* x, const float* scale, int outer, int channels, int inner, float* y) {
  long long n = (long long)outer * channels * inner;
  for (long long e = gtid(); e < n; e += gstride()) {
    y[e] = x[e] * scale[(e / inner) % channels];
  }
}

// One block of REDUCE_THREADS per channel; b == null sums x, otherwise sums x * b.
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS) channel_dot_f32(
    const float* x, const float* b, int outer, int channels, int inner, float* out) {
  __shared__ double buf[REDUCE_THREADS];
  int c = blockIdx.x;
  long long per = (long long)outer * inner;
  double s = 0.0;
  for (long long j = threadIdx.x; j < per; j += REDUCE_THREADS) {
    long long o = j / inner;
    long long idx = (o * channels + c) * inner + j % inner;
    s += b == 0 ? (double)x[idx] : (double)x[idx] * (double)b[idx];
  }
  double total = block_sum(s, buf);
  if (threadIdx.x == 0) out[c] = (float)total;
}

// ------------------------------------------------------------------ batch norm
// x is (batch, channels, spatial); statistics are over batch * spatial values per channel.

// One block per channel: two passes (mean, then centred squares) in double, like the CPU
// backend; saves mean and 1/sqrt(var + eps) and updates the running statistics PyTorch's way.
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS) batch_norm_stats_f32(
    const float* x, int batch, int channels, int spatial, float* runMean, float* runVar,
    float momentum, float eps, float* saveMean, float* saveInvStd) {
  __shared__ double buf[REDUCE_THREADS];
  int c = blockIdx.x;
  long long m = (long long)batch * spatial;
  double s = 0.0;
  for (long long j = threadIdx.x; j < m; j += REDUCE_THREADS) {
    s += x[((j / spatial) * channels + c) * spatial + j % spatial];
  }
  double mean = block_sum(s, buf) / (double)m;
  double sq = 0.0;
  for (long long j = threadIdx.x; j < m; j += REDUCE_THREADS) {
    double d = x[((j / spatial) * channels + c) * spatial + j % spatial] - mean;
    sq += d * d;
  }
  double ss = block_sum(sq, buf);
  if (threadIdx.x == 0) {
    double var = ss / (double)m;
    saveMean[c] = (float)mean;
    saveInvStd[c] = (float)(1.0 / sqrt(var + (double)eps));
    double unbiased = m > 1 ? ss / (double)(m - 1) : var;
    runMean[c] = (float)((double)((1.0f - momentum) * runMean[c]) + (double)momentum * mean);
    runVar[c] = (float)((double)((1.0f - momentum) * runVar[c]) + (double)momentum * unbiased);
  }
}

// y = (x - mean) * invStd * gamma + beta with per-channel mean and invStd (saved statistics).
extern "C" __global__ void batch_norm_apply_f32(
    const float* x, int batch, int channels, int spatial, const float* gamma, const float* beta,
    const float* mean, const float* invStd, float* y) {
  long long n = (long long)batch * channels * spatial;
  for (long long e = gtid(); e < n; e += gstride()) {
    int c = (int)((e / spatial) % channels);
    y[e] = (x[e] - mean[c]) * invStd[c] * gamma[c] + beta[c];
  }
}

// Evaluation mode: y = x * scale + shift with scale = gamma / sqrt(runVar + eps).
extern "C" __global__ void batch_norm_inference_f32(
    const float* x, int batch, int channels, int spatial, const float* gamma, const float* beta,
    const float* runMean, const float* runVar, float eps, float* y) {
  long long n = (long long)batch * channels * spatial;
  for (long long e = gtid(); e < n; e += gstride()) {
    int c = (int)((e / spatial) % channels);
    float scale = (float)((double)gamma[c] / sqrt((double)runVar[c] + (double)eps));
    float shift = beta[c] - runMean[c] * scale;
    y[e] = x[e] * scale + shift;
  }
}

// One block per channel: dBeta = sum dy, dGamma = sum dy * xhat; means[c] and
// means[channels + c] receive (sum dy)/m and (sum dy*xhat)/m for batch_norm_backward_dx_f32.
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS) batch_norm_backward_reduce_f32(
    const float* x, const float* dy, int batch, int channels, int spatial, const float* mean,
    const float* invStd, float* dGamma, float* dBeta, float* means) {
  __shared__ double buf[REDUCE_THREADS];
  int c = blockIdx.x;
  long long m = (long long)batch * spatial;
  float mu = mean[c];
  float is = invStd[c];
  double sdy = 0.0;
  double sdyx = 0.0;
  for (long long j = threadIdx.x; j < m; j += REDUCE_THREADS) {
    long long idx = ((j / spatial) * channels + c) * spatial + j % spatial;
    float g = dy[idx];
    sdy += g;
    sdyx += g * ((x[idx] - mu) * is);
  }
  double sumDy = block_sum(sdy, buf);
  double sumDyXhat = block_sum(sdyx, buf);
  if (threadIdx.x == 0) {
    dBeta[c] = (float)sumDy;
    dGamma[c] = (float)sumDyXhat;
    means[c] = (float)(sumDy / (double)m);
    means[channels + c] = (float)(sumDyXhat / (double)m);
  }
}

// dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat)); dx may alias dy.
extern "C" __global__ void batch_norm_backward_dx_f32(
    const float* x, const float* dy, int batch, int channels, int spatial, const float* gamma,
    const float* mean, const float* invStd, const float* means, float* dx) {
  long long n = (long long)batch * channels * spatial;
  for (long long e = gtid(); e < n; e += gstride()) {
    int c = (int)((e / spatial) % channels);
    float is = invStd[c];
    float xhat = (x[e] - mean[c]) * is;
    dx[e] = gamma[c] * is * (dy[e] - means[c] - xhat * means[channels + c]);
  }
}

// ------------------------------------------------------------------ activations
// Kind codes (CudaBackend maps ActivationKind to them): 0 ReLU, 1 LeakyReLU, 2 tanh,
// 3 sigmoid, 4 identity. Backward uses the forward output y; dx may alias dy, y may alias x.

extern "C" __global__ void activation_forward_f32(int kind, float slope, const float* x, float* y, int n) {
  for (long long i = gtid(); i < n; i += gstride()) {
    float v = x[i];
    float r;
    switch (kind) {
      case 0: r = v > 0.0f ? v : 0.0f; break;
      case 1: r = v > 0.0f ? v : slope * v; break;
      case 2: r = tanhf(v); break;
      case 3: r = 1.0f / (1.0f + expf(-v)); break;
      default: r = v; break;
    }
    y[i] = r;
  }
}

extern "C" __global__ void activation_backward_f32(
    int kind, float slope, const float* y, const float* dy, float* dx, int n) {
  for (long long i = gtid(); i < n; i += gstride()) {
    float out = y[i];
    float g = dy[i];
    float r;
    switch (kind) {
      case 0: r = out > 0.0f ? g : 0.0f; break;
      case 1: r = out > 0.0f ? g : slope * g; break;
      case 2: r = g * (1.0f - out * out); break;
      case 3: r = g * out * (1.0f - out); break;
      default: r = g; break;
    }
    dx[i] = r;
  }
}

// ------------------------------------------------------------------ pooling

// Average pooling without padding of (planes, h, w); one thread per output.
extern "C" __global__ void avg_pool_forward_f32(
    const float* x, int planes, int h, int w, int k, int s, int oh, int ow, float* y) {
  long long n = (long long)planes * oh * ow;
  float inv = 1.0f / (float)(k * k);
  for (long long e = gtid(); e < n; e += gstride()) {
    int q = (int)(e % ow);
    int r = (int)((e / ow) % oh);
    long long p = e / ((long long)oh * ow);
    const float* in = x + p * h * w + (long long)(r * s) * w + q * s;
    float sum = 0.0f;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) sum += in[i * w + j];
    }
    y[e] = sum * inv;
  }
}

// One thread per input pixel gathers the windows that contain it.
extern "C" __global__ void avg_pool_backward_f32(
    const float* dy, int planes, int h, int w, int k, int s, int oh, int ow, float* dx) {
  long long n = (long long)planes * h * w;
  float inv = 1.0f / (float)(k * k);
  for (long long e = gtid(); e < n; e += gstride()) {
    int iw = (int)(e % w);
    int ih = (int)((e / w) % h);
    long long p = e / ((long long)h * w);
    // windows r with r*s <= ih < r*s + k
    int rLo = ih - k + 1 <= 0 ? 0 : (ih - k + s) / s;
    int rHi = min(oh - 1, ih / s);
    int qLo = iw - k + 1 <= 0 ? 0 : (iw - k + s) / s;
    int qHi = min(ow - 1, iw / s);
    float sum = 0.0f;
    for (int r = rLo; r <= rHi; r++) {
      for (int q = qLo; q <= qHi; q++) sum += dy[(p * oh + r) * ow + q] * inv;
    }
    dx[e] = sum;
  }
}

// Offset in its plane of max-pool window (r, q)'s first largest input, the last NaN if any
// (PyTorch's rule); padded positions are outside the window. ChannelKernels.argmax is the same loop.
__device__ __forceinline__ int max_pool_argmax(
    const float* plane, int h, int w, int k, int s, int pad, int r, int q) {
  int y0 = max(0, r * s - pad);
  int y1 = min(h, r * s - pad + k);
  int x0 = max(0, q * s - pad);
  int x1 = min(w, q * s - pad + k);
  int best = y0 * w + x0;
  float m = -INFINITY;
  for (int y = y0; y < y1; y++) {
    for (int x = x0; x < x1; x++) {
      float v = plane[y * w + x];
      if (v > m || isnan(v)) {
        m = v;
        best = y * w + x;
      }
    }
  }
  return best;
}

extern "C" __global__ void max_pool_forward_f32(
    const float* x, int planes, int h, int w, int k, int s, int pad, int oh, int ow, float* y) {
  long long n = (long long)planes * oh * ow;
  for (long long e = gtid(); e < n; e += gstride()) {
    int q = (int)(e % ow);
    int r = (int)((e / ow) % oh);
    const float* plane = x + (e / ((long long)oh * ow)) * h * w;
    y[e] = plane[max_pool_argmax(plane, h, w, k, s, pad, r, q)];
  }
}

// One thread per input pixel gathers the windows whose argmax it is, in window order, so the
// sums are those of the CPU backend's scatter (no atomics, deterministic).
extern "C" __global__ void max_pool_backward_f32(
    const float* x, const float* dy, int planes, int h, int w, int k, int s, int pad, int oh, int ow,
    float* dx) {
  long long n = (long long)planes * h * w;
  for (long long e = gtid(); e < n; e += gstride()) {
    int iw = (int)(e % w);
    int ih = (int)((e / w) % h);
    long long p = e / ((long long)h * w);
    const float* plane = x + p * h * w;
    int self = ih * w + iw;
    // windows r with r*s - pad <= ih < r*s - pad + k
    int rLo = max(0, (ih + pad - k + s) / s);
    int rHi = min(oh - 1, (ih + pad) / s);
    int qLo = max(0, (iw + pad - k + s) / s);
    int qHi = min(ow - 1, (iw + pad) / s);
    float sum = 0.0f;
    for (int r = rLo; r <= rHi; r++) {
      for (int q = qLo; q <= qHi; q++) {
        if (max_pool_argmax(plane, h, w, k, s, pad, r, q) == self) sum += dy[(p * oh + r) * ow + q];
      }
    }
    dx[e] = sum;
  }
}

// One warp per plane; lanes sum strided elements in double, then a fixed shuffle tree.
extern "C" __global__ void global_avg_pool_forward_f32(const float* x, int planes, int spatial, float* y) {
  int lane = threadIdx.x % 32;
  long long warp = gtid() / 32;
  long long warps = gstride() / 32;
  for (long long p = warp; p < planes; p += warps) {
    const float* in = x + p * spatial;
    double s = 0.0;
    for (int i = lane; i < spatial; i += 32) s += in[i];
    for (int off = 16; off > 0; off >>= 1) s += __shfl_down_sync(0xffffffffu, s, off);
    if (lane == 0) y[p] = (float)(s / (double)spatial);
  }
}

extern "C" __global__ void global_avg_pool_backward_f32(const float* dy, int planes, int spatial, float* dx) {
  long long n = (long long)planes * spatial;
  for (long long e = gtid(); e < n; e += gstride()) {
    dx[e] = dy[e / spatial] / (float)spatial;
  }
}

// ------------------------------------------------------------------ softmax cross-entropy

// One warp per row. Writes the row's loss (double) and whether its first arg-max equals the
// label; sets dLogits = gradScale * (softmax - onehot) when dLogits is not null. A label that is
// not an integer in [0, classes) records the smallest such row in *badRow (atomicMin on an int,
// which is order-independent) and leaves the row's outputs at zero.
extern "C" __global__ void softmax_xent_rows_f32(
    const float* logits, const float* labels, int batch, int classes, float* dLogits,
    float gradScale, double* rowLoss, int* rowCorrect, int* badRow) {
  int lane = threadIdx.x % 32;
  long long warp = gtid() / 32;
  long long warps = gstride() / 32;
  for (long long r = warp; r < batch; r += warps) {
    const float* row = logits + r * classes;
    float lf = labels[r];
    bool valid = lf >= 0.0f && lf < (float)classes && lf == floorf(lf);
    if (!valid) {
      if (lane == 0) {
        atomicMin(badRow, (int)r);
        rowLoss[r] = 0.0;
        rowCorrect[r] = 0;
      }
      continue;
    }
    int label = (int)lf;
    // max and first arg-max as the CPU backend scans them (strictly greater replaces, NaN never
    // does): each lane scans its strided entries in order, then a tree that prefers the larger
    // value and, on ties, the smaller index. `classes` marks "no entry above -inf yet".
    float mx = -INFINITY;
    int arg = classes;
    for (int j = lane; j < classes; j += 32) {
      float v = row[j];
      if (v > mx) {
        mx = v;
        arg = j;
      }
    }
    for (int off = 16; off > 0; off >>= 1) {
      float om = __shfl_down_sync(0xffffffffu, mx, off);
      int oa = __shfl_down_sync(0xffffffffu, arg, off);
      if (om > mx || (om == mx && oa < arg)) {
        mx = om;
        arg = oa;
      }
    }
    mx = __shfl_sync(0xffffffffu, mx, 0);
    arg = __shfl_sync(0xffffffffu, arg, 0);
    if (arg == classes) arg = 0;  // every logit -inf or NaN: the CPU scan keeps index 0
    double sum = 0.0;
    for (int j = lane; j < classes; j += 32) sum += exp((double)(row[j] - mx));
    for (int off = 16; off > 0; off >>= 1) sum += __shfl_down_sync(0xffffffffu, sum, off);
    sum = __shfl_sync(0xffffffffu, sum, 0);
    double logSum = log(sum);
    if (lane == 0) {
      rowLoss[r] = logSum - (double)(row[label] - mx);
      rowCorrect[r] = arg == label ? 1 : 0;
    }
    if (dLogits != 0) {
      float* g = dLogits + r * classes;
      for (int j = lane; j < classes; j += 32) {
        double pj = exp((double)(row[j] - mx) - logSum);
        g[j] = (float)((double)gradScale * (pj - (j == label ? 1.0 : 0.0)));
      }
    }
  }
}

// One block: stats[0] += sum of row losses, stats[1] += number of correct rows, unless a label
// was invalid (then the statistics are left as they were and the host throws).
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS) softmax_xent_stats_f32(
    const double* rowLoss, const int* rowCorrect, int batch, const int* badRow, float* stats) {
  __shared__ double buf[REDUCE_THREADS];
  double l = 0.0;
  double c = 0.0;
  for (int r = threadIdx.x; r < batch; r += REDUCE_THREADS) {
    l += rowLoss[r];
    c += rowCorrect[r];
  }
  double loss = block_sum(l, buf);
  double correct = block_sum(c, buf);
  if (threadIdx.x == 0 && *badRow == 0x7fffffff) {
    stats[0] = (float)((double)stats[0] + loss);
    stats[1] = stats[1] + (float)correct;
  }
}

// ------------------------------------------------------------------ optimisers

// PyTorch SGD: d = g + wd * p; with momentum, vel = momentum * vel + d and d = vel; p -= lr * d.
extern "C" __global__ void sgd_f32(
    float* p, const float* g, float* vel, int n, float lr, float momentum, float wd) {
  for (long long i = gtid(); i < n; i += gstride()) {
    float pv = p[i];
    float d = g[i] + wd * pv;
    if (momentum != 0.0f) {
      d = momentum * vel[i] + d;
      vel[i] = d;
    }
    p[i] = pv - lr * d;
  }
}

// PyTorch Adam with L2 weight decay; the host passes stepSize = lr / (1 - beta1^step) and
// sqrtBc2 = sqrt(1 - beta2^step).
extern "C" __global__ void adam_f32(
    float* p, const float* g, float* m, float* v, int n, float stepSize, float beta1, float beta2,
    float eps, float wd, float sqrtBc2) {
  for (long long i = gtid(); i < n; i += gstride()) {
    float pv = p[i];
    float d = g[i] + wd * pv;
    float mi = beta1 * m[i] + (1.0f - beta1) * d;
    float vi = beta2 * v[i] + (1.0f - beta2) * d * d;
    m[i] = mi;
    v[i] = vi;
    p[i] = pv - stepSize * mi / (sqrtf(vi) / sqrtBc2 + eps);
  }
}
