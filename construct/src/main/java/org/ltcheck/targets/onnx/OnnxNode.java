package org.ltcheck.targets.onnx;

import java.util.List;
import java.util.Optional;
import org.ltcheck.targets.onnx.proto.OnnxProto.AttributeProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.NodeProto;

/**
 * One node of an ONNX graph with its position, so that every message can name it as
 * {@code node 7 'Softmax_7' (Softmax)}.
 *
 * @param position index in the graph's node list, from 0
 */
record OnnxNode(int position, NodeProto proto) {
  String op() {
    return proto.getOpType();
  }

  String name() {
    return proto.getName();
  }

  /** The node as messages name it. */
  String describe() {
    return "node " + position + " '" + name() + "' (" + op() + ")";
  }

  /** The names of its inputs; an empty name is an omitted optional input. */
  List<String> inputs() {
    return proto.getInputList();
  }

  /** Input {@code k}, or empty when the node has fewer inputs or omits it. */
  Optional<String> input(int k) {
    return k < proto.getInputCount() && !proto.getInput(k).isEmpty() ? Optional.of(proto.getInput(k)) : Optional.empty();
  }

  String output() {
    return proto.getOutput(0);
  }

  Optional<AttributeProto> attribute(String name) {
    return proto.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst();
  }

  long intAttribute(String name, long otherwise) {
    return attribute(name).map(AttributeProto::getI).orElse(otherwise);
  }

  float floatAttribute(String name, float otherwise) {
    return attribute(name).map(AttributeProto::getF).orElse(otherwise);
  }

  String stringAttribute(String name, String otherwise) {
    return attribute(name).map(a -> a.getS().toStringUtf8()).orElse(otherwise);
  }

  Optional<List<Long>> intsAttribute(String name) {
    return attribute(name).map(AttributeProto::getIntsList);
  }
}
