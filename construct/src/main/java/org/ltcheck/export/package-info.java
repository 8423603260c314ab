/**
 * Writes a {@link org.ltcheck.model.Network} (a ticket materialised by
 * {@link org.ltcheck.ticket.TicketNetworks}: the mother's layers, zeros where pruned) in formats
 * PyTorch and ONNX runtimes read without ltcheck: safetensors, {@code torch.save} state dicts and
 * ONNX graphs. {@link NetworkTensors} names the tensors and lists the layers once for all formats.
 */
package org.ltcheck.export;
