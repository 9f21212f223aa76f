/// The files of a checkpoint's `artifacts/model/` folder, the plan's checkpoint layout with
/// `scaler.json` in place of `scaler.pkl` and `model.onnx` in place of `model.pt`.
extension DemoMLflowStore {
    /// `config.yaml`, `scaler.json`, `metrics.json` and, with an exporter, `model.onnx`, by
    /// file name, in that order.
    ///
    /// - `config.yaml`: model type, trial, run id, epoch, the ONNX file (with an exporter), the input (window, features, their
    ///   order, standardisation by `scaler.json`), the output (P(label = 1), threshold 0.5)
    ///   and the hyper-parameters as logged.
    /// - `scaler.json`: `{"features": [...], "mean": [...], "scale": [...]}`, the model's
    ///   input is `(x - mean) / scale`; numbers are the shortest text that reads back as the
    ///   exact `Double` used.
    /// - `metrics.json`: the checkpoint epoch's validation metrics, the same numbers as the
    ///   run's MLflow metrics at that step, plus `val_roc_auc` and `epoch`.
    ///
    /// - Throws: whatever the exporter throws.
    public static func modelArtifacts(_ c: DemoCheckpoint, exporter: DemoModelExporter?) throws -> [(String, [UInt8])] {
        var files: [(String, [UInt8])] = [
            ("config.yaml", configYAML(c, onnx: exporter != nil)),
            ("scaler.json", scalerJSON(c)),
            ("metrics.json", metricsJSON(c)),
        ]
        if let exporter { files.append(("model.onnx", try exporter(c))) }
        return files
    }

    /// - Parameter onnx: whether `model.onnx` is written beside it (named only then).
    static func configYAML(_ c: DemoCheckpoint, onnx: Bool) -> [UInt8] {
        var lines = [
            "model_type: \(c.kind.rawValue)",
            "trial_number: \(c.trialNumber)",
            "run_id: \(yamlScalar(c.runID))",
            "epoch: \(c.epoch)",
        ]
        if onnx { lines += ["format: onnx", "model_file: model.onnx", "opset: 17"] }
        lines += [
            "input:",
            "  shape: " + (c.kind == .mlp ? "[N, \(c.window * c.featureCount)]" : "[N, \(c.window), \(c.featureCount)]"),
            "  window: \(c.window)",
            "  flatten: " + (c.kind == .mlp ? "t * \(c.featureCount) + f, t = 0 oldest row" : "none"),
            "  group: symbol",
            "  time: timestamp",
            "  scaler: scaler.json",
            "  features:",
        ]
        lines += c.features.map { "  - \(yamlScalar($0))" }
        lines += [
            "output:",
            "  shape: [N, 1]",
            "  meaning: P(label = 1), +5% before -2% within 24 bars",
            "  threshold: 0.5",
            "architecture:",
        ]
        switch c.kind {
        case .mlp:
            lines.append("  layers: [" + c.denseLayers.map { "\($0.inputSize)x\($0.outputSize)" }.joined(separator: ", ") + "]")
            lines.append("  activation: relu")
        case .lstm, .gru:
            lines.append("  recurrent: \(c.kind == .lstm ? "LSTM" : "GRU")")
            lines.append("  layers: \(c.recurrentLayers.count)")
            lines.append("  hidden_size: \(c.recurrentLayers.first?.hiddenSize ?? 0)")
            if c.kind == .gru { lines.append("  linear_before_reset: 1") }
            lines.append("  head: last step of the top layer, Linear(\(c.recurrentLayers.last?.hiddenSize ?? 0), 1)")
        }
        lines.append("  parameters: \(c.parameterCount)")
        lines.append("hyper_parameters:")
        for key in c.hyperParameters.keys.sorted() {
            lines.append("  \(key): \(yamlScalar(c.hyperParameters[key] ?? ""))")
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    static func scalerJSON(_ c: DemoCheckpoint) -> [UInt8] {
        func list(_ xs: [String]) -> String { "[" + xs.joined(separator: ", ") + "]" }
        let text = "{\n  \"features\": " + list(c.features.map { "\"\($0)\"" })
            + ",\n  \"mean\": " + list(c.scalerMean.map(\.description))
            + ",\n  \"scale\": " + list(c.scalerScale.map(\.description)) + "\n}\n"
        return Array(text.utf8)
    }

    static func metricsJSON(_ c: DemoCheckpoint) -> [UInt8] {
        var entries = ["  \"epoch\": \(c.epoch)"]
        for key in c.valMetrics.keys.sorted() {
            var b: [UInt8] = []
            if let d = DemoDecimal(c.valMetrics[key] ?? .nan, significantDigits: 15) { d.appendPythonRepr(to: &b) } else { b = Array("null".utf8) }
            entries.append("  \"\(key)\": " + String(decoding: b, as: UTF8.self))
        }
        return Array(("{\n" + entries.joined(separator: ",\n") + "\n}\n").utf8)
    }
}
