#!/usr/bin/env bash
# Compiles ltcheck_kernels.cu to the PTX resource that CudaBackend loads, and records the source
# hash and compiler version beside it.
#
# Why PTX and why committed: the GPU machines have a driver but no CUDA toolkit, so the driver
# JIT-compiles this PTX at load time; committing it lets a machine without nvcc build and run the
# backend. compute_80 PTX JITs on A100 (sm_80) and H100 (sm_90) alike. The flags are fixed (no
# debug info, no line info, no fast-math) so that the same nvcc turns the same source into the
# same bytes; PtxResourceTest recompiles during `mvn verify` and compares.
#
# Usage: gpu/src/main/cuda/build-ptx.sh   (from anywhere; needs nvcc on PATH or in $NVCC)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/ltcheck_kernels.cu"
out_dir="$here/../resources/org/ltcheck/gpu/cuda"
ptx="$out_dir/ltcheck_kernels.ptx"
nvcc="${NVCC:-nvcc}"
# Keep in sync with PtxResourceTest.NVCC_FLAGS (the test reads them from the sidecar file).
flags=(-ptx -arch=compute_80 -O3 -std=c++17)

mkdir -p "$out_dir"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Compile a copy named like the original inside a scratch directory, so no path of this machine
# can end up in the output.
cp "$src" "$tmp/ltcheck_kernels.cu"
(cd "$tmp" && "$nvcc" "${flags[@]}" ltcheck_kernels.cu -o ltcheck_kernels.ptx)
cp "$tmp/ltcheck_kernels.ptx" "$ptx"

version="$("$nvcc" --version | grep -o 'release [0-9.]*, V[0-9.]*')"
{
  echo "source-sha256: $(sha256sum "$src" | cut -d' ' -f1)"
  echo "ptx-sha256: $(sha256sum "$ptx" | cut -d' ' -f1)"
  echo "nvcc: $version"
  echo "flags: ${flags[*]}"
} > "$ptx.build"
echo "wrote $ptx ($(wc -c < "$ptx") bytes) with nvcc $version"
cat "$ptx.build"
