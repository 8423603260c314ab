#!/usr/bin/env bash
# Runs on a Linux x86-64 GPU machine WITHOUT Java, from the repository root, using what
# make-gpu-kit.sh built on a development machine (carry both paths along):
#   .jre/  gpu/target/gpu-kit/
#
#   1. the backend test suite (CudaBackendTest = the shared contract on the GPU plus CUDA-vs-CPU
#      comparisons; CudaBackendWithoutGpuTest; BackendsTest) with --require-gpu, so a machine
#      where CUDA does not work fails instead of skipping;
#   2. the MNIST CNN benchmark: one epoch on --device cuda, a shorter run on --device cpu;
#   3. experiments/scripts/pytorch_mnist_epoch.py, if python3 with torch is installed.
#
# Results go to $OUT/gpu-run (the device tool's output folder) or gpu/target/gpu-run.
# Environment: CPU_BATCHES (default 50) bounds the CPU runs; BATCH (default 128).
# Exit status: that of the test suite (benchmarks and PyTorch are reported, not judged).
set -uo pipefail
kit=gpu/target/gpu-kit
java=.jre/bin/java
out="${OUT:-gpu/target}/gpu-run"
batch="${BATCH:-128}"
cpu_batches="${CPU_BATCHES:-50}"
mkdir -p "$out"
if [ ! -x "$java" ] || [ ! -d "$kit/lib" ]; then
  echo "missing $java or $kit: build them with gpu/src/main/cuda/make-gpu-kit.sh and carry them along" >&2
  exit 2
fi
cp="$kit/classes/gpu-test:$kit/classes/gpu:$kit/classes/construct:$kit/classes/theory:$kit/lib/*"
mnist_args=()
if [ -f "$kit/data/train-images-idx3-ubyte.gz" ]; then mnist_args=(--mnist "$kit/data"); fi

{
  echo "== machine"
  uname -a
  ldd --version 2>&1 | head -1   # the kit's JRE (Debian 12's OpenJDK 17) needs glibc >= 2.34
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv 2>&1 || echo "nvidia-smi unavailable"
  "$java" -version 2>&1
  cat "$kit/KIT.txt"
} 2>&1 | tee "$out/machine.txt"

echo "== backend test suite"
"$java" -Xmx8g -cp "$cp" org.ltcheck.gpu.kit.BackendSuite --require-gpu \
  org.ltcheck.gpu.backend.cuda.CudaBackendTest \
  org.ltcheck.gpu.backend.cuda.CudaBackendWithoutGpuTest \
  org.ltcheck.gpu.backend.BackendsTest 2>&1 | tee "$out/tests.txt"
tests_rc=${PIPESTATUS[0]}

echo "== MNIST benchmark (batch $batch)"
"$java" -Xmx8g -cp "$cp" org.ltcheck.gpu.kit.MnistBenchmark --device cuda --batch "$batch" "${mnist_args[@]}" \
  2>&1 | tee "$out/bench-cuda.json"
"$java" -Xmx8g -cp "$cp" org.ltcheck.gpu.kit.MnistBenchmark --device cpu --batch "$batch" --max-batches "$cpu_batches" \
  "${mnist_args[@]}" 2>&1 | tee "$out/bench-cpu.json"

echo "== PyTorch reference"
if python3 -c 'import torch' 2>/dev/null; then
  python3 experiments/scripts/pytorch_mnist_epoch.py --mnist "$kit/data" --batch "$batch" --device cuda \
    2>&1 | tee "$out/pytorch-cuda.json"
  python3 experiments/scripts/pytorch_mnist_epoch.py --mnist "$kit/data" --batch "$batch" --device cpu \
    --max-batches "$cpu_batches" 2>&1 | tee "$out/pytorch-cpu.json"
else
  echo "python3 with torch not available: PyTorch comparison skipped" | tee "$out/pytorch.txt"
fi
exit "$tests_rc"
