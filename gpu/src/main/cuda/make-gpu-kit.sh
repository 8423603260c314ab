#!/usr/bin/env bash
# Builds, on a development machine (with Java, Maven and the local Maven repository), what a GPU
# machine without Java needs to run the CUDA backend tests and the MNIST benchmark:
#
#   .jre/                 a jlink'ed Java 17 runtime (repository root, git-ignored)
#   gpu/target/gpu-kit/   classes of theory, construct, gpu (main and test), dependency jars,
#                         optionally the gzip'ed MNIST training files, and KIT.txt (sizes, commit)
#
# Then run gpu/src/main/cuda/run-on-gpu.sh there from the repository root, carrying these two
# paths along (the device tool carries at most 64 MiB of ignored paths; this script prints the
# total and fails above 60 MiB).
#
# Why these choices:
# - The JRE holds java.base, java.logging, java.management and jdk.unsupported. The project's
#   standard runtime adds java.desktop (plots), 14 MB more, which the kit does not need:
#     jlink --add-modules java.base,java.logging,java.management,jdk.unsupported,java.desktop \
#       --strip-debug --no-header-files --no-man-pages --compress=2 --output .jre
#   Pass --full-jre to build exactly that one instead (measured: 49 MB vs 35 MB).
# - jcuda-natives is repacked with only libJCudaDriver (1.2 MB of its 26 MB): the backend uses
#   the driver API only. OpenBLAS's 19 MB natives are left out, so on the GPU machine the CPU
#   backend uses its pure-Java GEMM (its name() says "cpu(java, ...)", so results are labelled).
# - MNIST is carried gzip'ed (9.9 MB instead of 45 MB); the benchmark reads .gz directly.
#
# Usage: gpu/src/main/cuda/make-gpu-kit.sh [--mnist DIR_WITH_IDX_FILES] [--full-jre]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
cd "$root"
mnist=""
modules="java.base,java.logging,java.management,jdk.unsupported"
while [ $# -gt 0 ]; do
  case "$1" in
    --mnist) mnist="$2"; shift 2 ;;
    --full-jre) modules="$modules,java.desktop"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

kit=gpu/target/gpu-kit
mvn -o -q -B -pl gpu -am test-compile
mvn -o -q -B -pl gpu dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$root/gpu/target/kit-classpath.txt"

rm -rf "$kit"
mkdir -p "$kit/lib" "$kit/classes"
cp -r theory/target/classes "$kit/classes/theory"
cp -r construct/target/classes "$kit/classes/construct"
cp -r gpu/target/classes "$kit/classes/gpu"
cp -r gpu/target/test-classes "$kit/classes/gpu-test"

tr ':' '\n' < gpu/target/kit-classpath.txt | while read -r jar; do
  name="$(basename "$jar")"
  case "$name" in
    ltcheck-*) ;;                                # the reactor's own classes are copied above
    quicktheories-*) ;;                          # property tests are not part of the kit
    openblas-*-linux-x86_64.jar) ;;              # 19 MB of natives; the Java GEMM stands in
    jcuda-natives-*)
      tmp="$(mktemp -d)"
      (cd "$tmp" && unzip -q "$jar" 'lib/libJCudaDriver-*')
      jar cf "$kit/lib/jcuda-natives-driver-only.jar" -C "$tmp" lib
      rm -rf "$tmp" ;;
    *) cp "$jar" "$kit/lib/" ;;
  esac
done

if [ -n "$mnist" ]; then
  mkdir -p "$kit/data"
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte; do
    if [ -f "$mnist/$f" ]; then gzip -9 -n -c "$mnist/$f" > "$kit/data/$f.gz"
    else cp "$mnist/$f.gz" "$kit/data/$f.gz"; fi
  done
fi

if [ ! -x .jre/bin/java ] || [ "$(cat .jre/modules-list 2>/dev/null)" != "$modules" ]; then
  rm -rf .jre
  jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output .jre
  echo "$modules" > .jre/modules-list
fi

jre_kb=$(du -sk .jre | cut -f1)
kit_kb=$(du -sk "$kit" | cut -f1)
{
  echo "commit: $(git rev-parse HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
  echo "jre modules: $modules"
  echo "jre: ${jre_kb} KiB"
  echo "kit: ${kit_kb} KiB (lib $(du -sk "$kit/lib" | cut -f1) KiB, classes $(du -sk "$kit/classes" | cut -f1) KiB, data $(du -sk "$kit/data" 2>/dev/null | cut -f1 || echo 0) KiB)"
  echo "total: $(( (jre_kb + kit_kb) / 1024 )) MiB"
} | tee "$kit/KIT.txt"
if [ $(( jre_kb + kit_kb )) -gt $(( 60 * 1024 )) ]; then
  echo "kit exceeds 60 MiB: the device tool carries at most 64 MiB" >&2
  exit 1
fi
