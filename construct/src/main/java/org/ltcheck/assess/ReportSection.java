package org.ltcheck.assess;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An optional part of a {@link ConstructionReport}: one JSON object under its own name, placed
 * after the report's fixed fields and before its per-layer list. The tolerance calibration is
 * one; further certificates of a ticket add theirs with {@link ConstructionReport#with}.
 */
public interface ReportSection {
  /** The section's field name in the report, unique within it. */
  String name();

  /** The section's content. */
  ObjectNode toJson();
}
