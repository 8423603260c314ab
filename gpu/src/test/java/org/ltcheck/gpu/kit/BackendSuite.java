package org.ltcheck.gpu.kit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.ltcheck.gpu.backend.cuda.CudaBackend;

/**
 * Runs the backend test classes without Maven, for the GPU-run kit (the GPU machines have no
 * Maven and no network): {@code BackendSuite [--require-gpu] class...}. Prints the JUnit summary
 * and a closing "N passed, N failed, N skipped" line; exits 1 on any failure, and with
 * {@code --require-gpu} also when CUDA is unavailable, so that a GPU run cannot pass by skipping
 * its CUDA tests.
 */
public final class BackendSuite {
  private BackendSuite() {}

  public static void main(String[] args) throws ClassNotFoundException {
    boolean requireGpu = false;
    List<Class<?>> classes = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--require-gpu")) {
        requireGpu = true;
      } else {
        classes.add(Class.forName(a));
      }
    }
    System.out.println("CUDA probe: " + CudaBackend.probe());
    if (requireGpu && !CudaBackend.isAvailable()) {
      System.out.println("FAILED: --require-gpu given but " + CudaBackend.probe().reason());
      System.exit(1);
    }
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    classes.forEach(c -> request.selectors(selectClass(c)));
    LauncherDiscoveryRequest discovery = request.build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    launcher.execute(discovery, summary);
    TestExecutionSummary s = summary.getSummary();
    PrintWriter out = new PrintWriter(System.out, true);
    s.printTo(out);
    s.printFailuresTo(out, 30);
    long skipped = s.getTestsSkippedCount() + s.getTestsAbortedCount();
    out.println(s.getTestsSucceededCount() + " passed, " + s.getTestsFailedCount() + " failed, " + skipped + " skipped");
    boolean containersFailed = s.getContainersFailedCount() > 0;
    System.exit(s.getTestsFailedCount() > 0 || containersFailed || s.getTestsFoundCount() == 0 ? 1 : 0);
  }
}
