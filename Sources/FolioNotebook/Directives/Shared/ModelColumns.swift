import FolioCompute
import Foundation

/// The parameters that `evaluate` and `sweep` share, named alike so that notebooks read
/// alike: `models` (score columns), `label` and `threshold`, next to `data` and `where`
/// (``DataSelection``).
public struct ModelColumns: Sendable {
    /// A model column as written in `models`, with where it was written.
    public struct Named: Sendable, Hashable {
        /// The column's name.
        public var name: String
        /// Where it was written (the block, for a default).
        public var location: SourceLocation
    }

    /// The columns named in `models`; `nil` takes every numeric column that is not
    /// `timestamp`, `symbol`, `split` or the label.
    public let models: [Named]?
    /// The checkpoints and renamed columns of a `models` mapping.
    public let sources: ModelSources
    public var checkpoints: [Checkpoint] { sources.checkpoints }
    public var renamed: [(model: String, column: String)] { sources.renamed }
    /// The label column (default `label`).
    public let label: Named
    /// Whether `label` was given.
    public let labelIsExplicit: Bool
    /// The decision threshold (default 0.5): predicted positive when `score >= threshold`.
    public let threshold: Double
    /// One threshold per model, when `threshold` is a mapping (`{mlp: 0.11, lstm: 0.13}`).
    public let perModelThresholds: [Named: Double]?
    /// Where `threshold` was given.
    public let thresholdLocation: SourceLocation
    /// Where the block's parameters start, for errors without a key of their own.
    public let location: SourceLocation

    /// Columns that are never models.
    public static let reservedColumns: Set<String> = ["timestamp", "symbol", "split"]

    /// The specs of `models`, `label` and `threshold` for a directive's `parameters`.
    public static func parameterSpecs(threshold: String, perModel: Bool) -> [ParameterSpec] {
        [
            ParameterSpec("models", "list of columns, or mapping name -> column | {onnx: path} | {run: id, store: path}",
                          default: "every numeric column but timestamp, symbol, split and the label",
                          "The models to compare: score columns (P(label = 1)), or checkpoints that folio runs on the data's features: an ONNX file (relative to the data folder) or an MLflow run's artifacts/model/model.onnx (store as in `trials`, default mlruns). Window models score a row from the rows before it in its symbol, read before `where` applies; rows a checkpoint cannot score are left out for every model, and the report says how many."),
            ParameterSpec("label", "column", default: "label", "The 0/1 column of true classes."),
            ParameterSpec("threshold", perModel ? "number in [0, 1], or mapping model -> number" : "number in [0, 1]", default: "0.5", threshold),
        ]
    }

    /// Decodes `models`, `label` and `threshold` (a mapping of thresholds per model only
    /// when `perModel`).
    public init(parameters: ParameterReader, context: DirectiveContext? = nil, perModel: Bool = false) throws(DirectiveError) {
        location = parameters.location
        var checkpoints: [Checkpoint] = []
        var renamed: [(model: String, column: String)] = []
        if let value = parameters.value("models") {
            var named: [Named] = []
            switch value.kind {
            case .mapping(let entries):
                // {mlp: {onnx: path}, lstm: {run: id}, other: score_column}
                guard let context else {
                    throw parameters.error("models", "this directive takes score columns only, e.g. [mlp, lstm]")
                }
                let decoded = try ModelSources(entries: entries, key: "models", context: context)
                named = decoded.names.map { Named(name: $0.name, location: $0.location) }
                checkpoints = decoded.checkpoints
                renamed = decoded.renamed
            case .scalar(let text, _):
                named = [Named(name: text, location: value.location)]
            case .sequence(let items):
                for item in items {
                    switch item.kind {
                    case .scalar(let text, _) where !text.isEmpty:
                        named.append(Named(name: text, location: item.location))
                    case .resolved(let json) where json.stringValue != nil:
                        named.append(Named(name: json.stringValue!, location: item.location))
                    default:
                        throw DirectiveError("'models': expected a list of column names", at: item.location)
                    }
                }
            case .resolved(let json):
                if case .array(let items) = json {
                    for item in items {
                        guard let text = item.stringValue else { throw parameters.error("models", "expected a list of column names") }
                        named.append(Named(name: text, location: value.location))
                    }
                } else if let text = json.stringValue {
                    named = [Named(name: text, location: value.location)]
                } else {
                    throw parameters.error("models", "expected a list of column names")
                }
            }
            guard !named.isEmpty else { throw parameters.error("models", "name at least one score column") }
            for (i, model) in named.enumerated() where named[..<i].contains(where: { $0.name == model.name }) {
                throw DirectiveError("'models': '\(model.name)' is listed twice", at: model.location)
            }
            models = named
        } else {
            models = nil
        }
        sources = ModelSources(checkpoints: checkpoints, renamed: renamed, names: (models ?? []).map { ($0.name, $0.location) }, location: parameters.location)
        let labelName = try parameters.string("label")
        label = Named(name: labelName ?? "label", location: parameters.location(of: "label"))
        labelIsExplicit = labelName != nil
        thresholdLocation = parameters.location(of: "threshold")
        if let value = parameters.value("threshold"), { if case .mapping = value.kind { return true }; if case .resolved(.object) = value.kind { return true }; return false }() {
            guard perModel, let reader = try parameters.mapping("threshold") else {
                throw parameters.error("threshold", "expected one number in [0, 1]")
            }
            var thresholds: [Named: Double] = [:]
            for entry in reader.locatedEntries {
                let parsed: Double?
                do { parsed = try reader.double(entry.key) } catch { parsed = nil }
                guard let t = parsed, (0...1).contains(t) else {
                    throw DirectiveError("'threshold.\(entry.key)': expected a number in [0, 1]", at: entry.value.location)
                }
                thresholds[Named(name: entry.key, location: entry.keyLocation)] = t
            }
            guard !thresholds.isEmpty else { throw parameters.error("threshold", "give a threshold per model, e.g. {mlp: 0.11}") }
            perModelThresholds = thresholds
            threshold = 0.5
        } else {
            threshold = try parameters.double("threshold", default: 0.5, in: 0...1)
            perModelThresholds = nil
        }
    }

    /// The threshold of each of `models`, in order.
    /// - Throws: a located error for a threshold of an unknown model, or a model without one.
    public func thresholds(for models: [ModelScores]) throws(DirectiveError) -> [Double] {
        guard let perModelThresholds else { return models.map { _ in threshold } }
        let names = models.map(\.name)
        for named in perModelThresholds.keys.sorted(by: { $0.location < $1.location }) where !names.contains(named.name) {
            throw DirectiveError("'threshold': no model '\(named.name)'\(Suggestion.hint(for: named.name, in: names)); models: \(names.joined(separator: ", "))", at: named.location)
        }
        var out: [Double] = []
        for name in names {
            guard let t = perModelThresholds.first(where: { $0.key.name == name })?.value else {
                throw DirectiveError("'threshold': give a threshold for every model; '\(name)' has none", at: thresholdLocation)
            }
            out.append(t)
        }
        return out
    }

    /// The columns to check in `folio check`: the label when given, and the named models
    /// (the column a renamed model reads; none for a checkpoint).
    public var explicitColumns: [(name: String, location: SourceLocation)] {
        (labelIsExplicit ? [(label.name, label.location)] : []) + (models ?? []).compactMap { model in
            if checkpoints.contains(where: { $0.name == model.name }) { return nil }
            return (renamed.first { $0.model == model.name }?.column ?? model.name, model.location)
        }
    }

    /// The columns `load(from:display:probabilities:)` reads (the label and each model's
    /// score column, numbers), when the models are listed and none is a checkpoint; `nil`
    /// otherwise (models by default are every numeric column; checkpoints read their
    /// features from the whole table).
    public var columnsRead: [ColumnRead]? {
        guard let models, checkpoints.isEmpty else { return nil }
        let scores = models.map { model in renamed.first { $0.model == model.name }?.column ?? model.name }
        return ([label.name] + scores).map { ColumnRead($0, .number) }
    }

    /// The checkpoints' files, for a directive's `inputs`.
    public var checkpointInputs: [DataInput] { sources.inputs }

    /// Labels and scores read from a loaded (and filtered) frame.
    public struct Loaded: Sendable {
        /// The label column, validated as 0/1.
        public var labels: BinaryLabels
        /// The models in order, each with its scores.
        public var models: [ModelScores]
        /// Where each model was named (the block when by default).
        public var locations: [SourceLocation]
    }

    /// Reads the label and the model columns of `frame`.
    ///
    /// - Parameter probabilities: require scores in [0, 1] (log loss, calibration).
    /// - Throws: a located `DirectiveError` for a missing column, labels other than 0/1,
    ///   scores that are missing, NaN or (with `probabilities`) outside [0, 1], or no model
    ///   column at all.
    public func load(from frame: DataFrame, display: String, probabilities: Bool) throws(DirectiveError) -> Loaded {
        let labelValues = try frame.numbers(label.name, at: label.location, display: display)
        if let first = labelValues.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            let bad = labelValues.count { $0 != 0 && $0 != 1 }
            let value = labelValues[first]
            throw DirectiveError("label column '\(label.name)' of \(display) must hold 0 or 1: \(bad) value\(bad == 1 ? " is" : "s are") not "
                                 + "(first at selected row \(first + 1): \(value.isNaN ? "missing" : JSONValue.format(value)))", at: label.location)
        }
        let labels: BinaryLabels
        do {
            labels = try BinaryLabels(labelValues)
        } catch {
            throw DirectiveError("label column '\(label.name)' of \(display): \(error)", at: label.location)
        }
        let named: [Named]
        if let models {
            named = models
        } else {
            named = zip(frame.columnNames, frame.columns).compactMap { name, column in
                guard column.kind == .number, name != label.name, !ModelColumns.reservedColumns.contains(name) else { return nil }
                return Named(name: name, location: location)
            }
            guard !named.isEmpty else {
                throw DirectiveError("no model columns in \(display): every column is \(frame.columnNames.joined(separator: ", ")); name the score columns with 'models'", at: location)
            }
        }
        var loaded: [ModelScores] = []
        for model in named {
            if model.name == label.name {
                throw DirectiveError("'models': '\(model.name)' is the label column", at: model.location)
            }
            let scores = try frame.numbers(model.name, at: model.location, display: display)
            var bad = 0
            var first = -1
            var firstValue = Double.nan
            for (i, x) in scores.enumerated() where probabilities ? !(x >= 0 && x <= 1) : !x.isFinite {
                if first < 0 { first = i; firstValue = x }
                bad += 1
            }
            if bad > 0 {
                let what = firstValue.isNaN ? "missing or NaN" : (firstValue.isFinite ? "outside [0, 1]" : "infinite")
                let shown = firstValue.isNaN ? "" : ": \(firstValue.isFinite ? JSONValue.format(firstValue) : "\(firstValue)")"
                throw DirectiveError("column '\(model.name)' of \(display): \(bad) score\(bad == 1 ? " is" : "s are") \(what)"
                                     + " (first at selected row \(first + 1)\(shown)); scores must be \(probabilities ? "probabilities in [0, 1]" : "finite numbers")",
                                     at: model.location)
            }
            loaded.append(ModelScores(name: model.name, scores: scores))
        }
        return Loaded(labels: labels, models: loaded, locations: named.map(\.location))
    }
}
