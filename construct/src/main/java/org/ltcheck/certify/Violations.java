package org.ltcheck.certify;

import java.util.ArrayList;
import java.util.List;

/** The structure violations a certificate found: the first {@value #LISTED_VIOLATIONS} listed, all counted. */
final class Violations {
  private static final int LISTED_VIOLATIONS = 10;

  final List<String> listed = new ArrayList<>();
  long count;

  void add(String message) {
    count++;
    if (listed.size() < LISTED_VIOLATIONS) {
      listed.add(message);
    }
  }
}
