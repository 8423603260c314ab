package org.ltcheck.gpu.backend.cuda;

/**
 * Whether CUDA can run in this process, and why not: the JCuda native library must load (it
 * links libcuda.so.1, which only a machine with the NVIDIA driver has), cuInit must succeed and
 * at least one device must be visible.
 *
 * @param available whether {@link CudaBackend#create()} can be expected to succeed
 * @param reason what failed, or a description of device 0 when available
 * @param deviceCount visible devices (0 when unavailable)
 */
public record CudaProbe(boolean available, String reason, int deviceCount) {}
