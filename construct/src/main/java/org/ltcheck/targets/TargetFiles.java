package org.ltcheck.targets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ltcheck.io.TensorSource;
import org.ltcheck.io.safetensors.SafetensorsFile;
import org.ltcheck.io.torch.TorchFormatException;
import org.ltcheck.io.torch.TorchStateDict;

/**
 * Opens a target file in whichever format it is, told by its first bytes (not its name): a
 * {@code torch.save} zip ({@code .pt}, {@code .pth}) or safetensors; a legacy pickle-only
 * {@code torch.save} file is refused with how to re-save it.
 */
public final class TargetFiles {
  private TargetFiles() {}

  /** Reads {@code file}; a missing or irregular path gets the safetensors reader's messages. */
  public static TensorSource open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return SafetensorsFile.read(file);
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(8);
    }
    if (TorchStateDict.isZip(head)) {
      return TorchStateDict.read(file);
    }
    if (TorchStateDict.isLegacyPickle(head)) {
      throw new TorchFormatException(file + ": a legacy (non-zip) torch.save file, which ltcheck does not unpickle;"
          + " re-save it with torch.save(model.state_dict(), path) in the zip format (the default since PyTorch 1.6)"
          + " or with safetensors.torch.save_file");
    }
    return SafetensorsFile.read(file);
  }
}
