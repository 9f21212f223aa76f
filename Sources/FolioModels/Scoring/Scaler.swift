import Foundation

/// A standard scaler exported as JSON (`scaler.json` beside the model): each feature
/// becomes `(x - mean) / scale` before the graph runs, as scikit-learn's `StandardScaler`
/// computes it (`mean_`, `scale_`).
///
///     {"features": ["ret_1", "vol_5"], "mean": [0.0001, 0.012], "scale": [0.01, 0.004]}
///
/// A pickled scaler (`scaler.pkl`) is refused: unpickling runs code from the file.
public struct Scaler: Sendable, Codable, Equatable {
    /// Feature names, in the order of `mean` and `scale`.
    public var features: [String]
    /// The mean of each feature.
    public var mean: [Double]
    /// The scale (standard deviation) of each feature.
    public var scale: [Double]

    /// A scaler from its parts.
    public init(features: [String], mean: [Double], scale: [Double]) {
        self.features = features
        self.mean = mean
        self.scale = scale
    }

    /// The message for a pickled scaler, with how to export it as JSON.
    static func pickleRefusal(path: String) -> ModelError {
        ModelError(
            .scaler,
            "folio does not load pickled scalers: unpickling runs arbitrary code from the file. Export the scaler as JSON "
                + "beside the model instead, e.g. json.dump({\"features\": list(feature_names), \"mean\": scaler.mean_.tolist(), "
                + "\"scale\": scaler.scale_.tolist()}, open(\"scaler.json\", \"w\"))",
            path: path)
    }

    /// Reads a `scaler.json`.
    ///
    /// - Throws: `ModelError.Kind.scaler` for a `.pkl` file, unreadable JSON, lists of
    ///   different lengths, a repeated feature, or a scale that is zero or not finite.
    public init(contentsOf path: String) throws(ModelError) {
        if path.lowercased().hasSuffix(".pkl") || path.lowercased().hasSuffix(".pickle") || path.lowercased().hasSuffix(".joblib") {
            throw Scaler.pickleRefusal(path: path)
        }
        let decoded: Scaler
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            decoded = try JSONDecoder().decode(Scaler.self, from: data)
        } catch {
            throw ModelError(.scaler, "cannot read the scaler (expected {\"features\": [...], \"mean\": [...], \"scale\": [...]}): \(error)", path: path)
        }
        try decoded.validate(path: path)
        self = decoded
    }

    /// The scaler beside a model: `scaler.json` in the model's folder, or `nil` when there
    /// is none.
    ///
    /// - Throws: what `init(contentsOf:)` throws, and the pickle refusal when only a
    ///   `scaler.pkl` is there.
    public static func beside(model path: String) throws(ModelError) -> Scaler? {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let json = folder.appendingPathComponent("scaler.json").path
        if FileManager.default.fileExists(atPath: json) { return try Scaler(contentsOf: json) }
        let pickle = folder.appendingPathComponent("scaler.pkl").path
        if FileManager.default.fileExists(atPath: pickle) { throw pickleRefusal(path: pickle) }
        return nil
    }

    func validate(path: String?) throws(ModelError) {
        guard mean.count == features.count, scale.count == features.count else {
            throw ModelError(
                .scaler, "features, mean and scale have \(features.count), \(mean.count) and \(scale.count) entries", path: path)
        }
        if let repeated = Dictionary(grouping: features, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw ModelError(.scaler, "feature \"\(repeated)\" is listed twice", path: path)
        }
        for (k, value) in scale.enumerated() where value == 0 || !value.isFinite {
            throw ModelError(.scaler, "scale of \"\(features[k])\" is \(value)", path: path)
        }
        for (k, value) in mean.enumerated() where !value.isFinite {
            throw ModelError(.scaler, "mean of \"\(features[k])\" is \(value)", path: path)
        }
    }

    /// `(mean, scale)` for each of `order`, checking that the scaler covers exactly those
    /// features.
    func parameters(for order: [String], path: String?) throws(ModelError) -> [(mean: Double, scale: Double)] {
        let index = Dictionary(uniqueKeysWithValues: features.enumerated().map { ($1, $0) })
        let missing = order.filter { index[$0] == nil }
        let extra = features.filter { !order.contains($0) }
        guard missing.isEmpty && extra.isEmpty else {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("has no entry for \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { parts.append("lists features the model does not take: \(extra.joined(separator: ", "))") }
            throw ModelError(.scaler, "the scaler " + parts.joined(separator: " and "), path: path)
        }
        return order.map { (mean[index[$0]!], scale[index[$0]!]) }
    }
}
