package org.ltcheck.assess;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.certify.LayerCertificate;
import org.ltcheck.certify.TicketCertificate;
import org.ltcheck.assess.Agreement;
import java.util.ArrayList;
import java.util.List;
import org.ltcheck.io.AtomicFiles;
import org.ltcheck.theory.ErrorBound;
import org.ltcheck.theory.MotherPlan;

/**
 * Everything one construction established, as JSON (stable camelCase field names) and as a
 * human summary.
 *
 * @param agreement evaluation on data, or null when evaluation was skipped
 * @param calibration how the tolerance {@code eps} was chosen, or null when it was given
 * @param extraSections further parts of the report (each a JSON object under its name), after
 *     the calibration
 */
public record ConstructionReport(
    String construction,
    String activation,
    double eps,
    long seed,
    String target,
    long targetNonZeroParams,
    TicketConstructor.Result result,
    TicketCertificate certificate,
    MotherPlan theory,
    ErrorBound outputBound,
    double inputBound,
    Agreement agreement,
    double certificationSeconds,
    double evaluationSeconds,
    ToleranceCalibration calibration,
    List<ReportSection> extraSections) {

  public ConstructionReport {
    extraSections = List.copyOf(extraSections);
  }

  /** This report with one more section (e.g. another certificate), after the existing ones. */
  public ConstructionReport with(ReportSection section) {
    List<ReportSection> more = new ArrayList<>(extraSections);
    more.add(section);
    return new ConstructionReport(construction, activation, eps, seed, target, targetNonZeroParams, result,
        certificate, theory, outputBound, inputBound, agreement, certificationSeconds, evaluationSeconds, calibration,
        more);
  }

  /** The optional sections, in report order: the calibration when there is one, then the extra sections. */
  public List<ReportSection> sections() {
    List<ReportSection> all = new ArrayList<>();
    if (calibration != null) {
      all.add(calibration);
    }
    all.addAll(extraSections);
    return all;
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("construction", construction);
    root.put("activation", activation);
    root.put("eps", eps);
    root.put("seed", seed);
    ObjectNode t = root.putObject("target");
    t.put("source", target);
    t.put("nonZeroParams", targetNonZeroParams);
    ObjectNode k = root.putObject("ticket");
    k.put("params", certificate.ticketParameters());
    k.put("ratioToTarget", certificate.ticketParameters() / (double) Math.max(1, targetNonZeroParams));
    if (agreement != null) {
      t.put("accuracy", agreement.targetAccuracy());
      t.put("correct", agreement.targetCorrect());
      k.put("accuracy", agreement.ticketAccuracy());
      k.put("correct", agreement.ticketCorrect());
      root.put("agreement", agreement.agreement());
      root.put("maxLogitDifference", agreement.maxLogitDifference());
      root.put("maxPerInputBound", agreement.maxPerInputBound());
      root.put("imagesWithinPerInputBound", agreement.imagesWithinBound());
      root.put("images", agreement.images());
      root.put("dataset", agreement.description());
    }
    root.put("certificateValid", certificate.valid());
    root.put("maxWeightError", certificate.maxWeightError());
    root.put("maxError", certificate.maxError());
    root.put("violations", certificate.violationCount());
    ArrayNode v = root.putArray("violationExamples");
    certificate.violations().forEach(v::add);
    root.put("outputErrorBound", outputBound.outputBound());
    root.put("inputBound", inputBound);
    root.put("ticketParams", certificate.ticketParameters());
    root.put("motherParams", certificate.motherParameters());
    root.put("constructionSeconds", result.seconds());
    root.put("certificationSeconds", certificationSeconds);
    root.put("evaluationSeconds", evaluationSeconds);
    TicketConstructor.Statistics s = result.statistics();
    ObjectNode st = root.putObject("subsetSums");
    st.put("problems", s.problems());
    st.put("primaryFailures", s.primaryFailures());
    st.put("extraChannels", s.extraChannels());
    st.put("meanSubsetSize", s.meanSubsetSize());
    ObjectNode th = root.putObject("theory");
    th.put("rho", theory.rho());
    th.put("rho1", theory.rho1());
    th.put("problems", theory.problems());
    th.put("motherParams", theory.motherParams());
    th.put("ticketParamsEstimate", theory.ticketParamsEstimate());
    ArrayNode widths = root.putArray("motherWidths");
    for (int w : result.ticket().mother().widths()) {
      widths.add(w);
    }
    for (ReportSection section : sections()) {
      root.set(section.name(), section.toJson());
    }
    ArrayNode layers = root.putArray("layers");
    int[] motherWidths = result.ticket().mother().widths();
    int[] theoryWidths = theory.widths();
    for (int m = 0; m < result.ticket().mother().layers().size(); m++) {
      ObjectNode n = layers.addObject();
      n.put("motherLayer", m);
      n.put("role", result.ticket().mother().layers().get(m).role().name());
      n.put("motherWidth", motherWidths[m + 1]);
      n.put("theoryWidth", m < theoryWidths.length ? theoryWidths[m] : -1);
      n.put("ticketParams", result.ticket().masks().get(m).parameterCount());
      n.put("motherParams", result.ticket().mother().layers().get(m).parameterCount());
      for (LayerCertificate c : certificate.layers()) {
        if (c.motherLayer() == m) {
          n.put("targetLayer", c.targetLayer());
          n.put("copies", c.copies());
          n.put("checkedWeights", c.checkedWeights());
          n.put("checkedBiases", c.checkedBiases());
          n.put("maxWeightError", c.maxWeightError());
          n.put("maxBiasError", c.maxBiasError());
          n.put("tolerance", c.tolerance());
          n.put("outputErrorBound", outputBound.layerMaxErrors()[c.targetLayer()]);
        }
      }
    }
    return root;
  }

  public void write(Path file) throws IOException {
    AtomicFiles.write(file, content());
  }

  /** The report file's content: {@link #toJson()}, indented, with a final newline. */
  public AtomicFiles.Content content() throws IOException {
    return AtomicFiles.text(JSON.writeValueAsString(toJson()) + "\n");
  }
}
