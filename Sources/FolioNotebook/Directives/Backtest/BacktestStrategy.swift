import FolioCompute
import Foundation

/// One signal of a `backtest` block: a model's probability column at a threshold, or an
/// ensemble of columns at its threshold.
struct BacktestStrategy: Sendable {
    enum Source: Sendable {
        case model(String)
        case ensemble(method: EnsembleMethod, models: [String])
    }

    /// The name used in tables and result keys (the column, or the ensemble's name).
    var name: String
    var source: Source
    /// Entry threshold: `probability >= threshold`; `nil` for an ensemble's own decision
    /// threshold (known once it is built).
    var threshold: Double?
    /// Where the strategy was given, for errors about its columns.
    var location: SourceLocation

    /// The probability columns read.
    var columns: [String] {
        switch source {
        case .model(let column): return [column]
        case .ensemble(_, let models): return models
        }
    }

    /// A short description: `mlp ≥ 0.55`, `mean (mean of mlp, gru) ≥ 0.50`, and for a vote
    /// `vote (2 of 3 of mlp, lstm, gru)`: a vote is a count of models, never a probability.
    func label(threshold: Double) -> String {
        switch source {
        case .model: return "\(name) ≥ \(Cell.fixed(threshold, 2))"
        case let .ensemble(method, models):
            if case .majorityVote = method {
                return "\(name) (\(Self.votes(atThreshold: threshold, models: models.count)) of \(models.count) of \(models.joined(separator: ", ")))"
            }
            return "\(name) (\(method.shortName) of \(models.joined(separator: ", "))) ≥ \(Cell.fixed(threshold, 2))"
        }
    }

    /// The entry rule in a few characters: `≥ 0.55`, or for a vote `2 of 3` (votes).
    func rule(threshold: Double) -> String {
        guard isVote, case let .ensemble(_, models) = source else { return "≥ \(Cell.fixed(threshold, 2))" }
        return "\(Self.votes(atThreshold: threshold, models: models.count)) of \(models.count)"
    }

    /// Whether this is a vote ensemble (its score counts models voting positive).
    var isVote: Bool {
        if case .ensemble(.majorityVote, _) = source { return true }
        return false
    }

    /// The fewest of `models` votes k with `k / models >= threshold`.
    static func votes(atThreshold threshold: Double, models: Int) -> Int {
        (0...models).first { Double($0) / Double(models) >= threshold } ?? models + 1
    }

    // MARK: Decoding

    /// The strategies of `model` + `threshold` and `ensemble`.
    /// - Parameter modelNames: the names of a `model` mapping (checkpoints), read instead of a list.
    static func decode(_ parameters: ParameterReader, modelNames: [String]? = nil) throws(DirectiveError) -> [BacktestStrategy] {
        var strategies: [BacktestStrategy] = []
        let listed: [String]? = if let modelNames { modelNames } else { try parameters.stringList("model") }
        if let models = listed {
            guard !models.isEmpty else { throw parameters.error("model", "give at least one probability column") }
            let location = parameters.location(of: "model")
            let thresholds = try decodeThresholds(parameters, models: models)
            for (model, threshold) in zip(models, thresholds) {
                guard !strategies.contains(where: { $0.name == model }) else {
                    throw parameters.error("model", "'\(model)' is listed twice")
                }
                strategies.append(BacktestStrategy(name: model, source: .model(model), threshold: threshold, location: location))
            }
        } else if parameters.has("threshold") {
            throw parameters.error("threshold", "a threshold needs 'model' (an ensemble takes its own 'threshold' inside 'ensemble')")
        }
        for (reader, isResolved) in try ensembleReaders(parameters) {
            let ensemble = try decodeEnsemble(reader, isResolved: isResolved, index: strategies.count)
            guard !strategies.contains(where: { $0.name == ensemble.name }) else {
                throw DirectiveError("'ensemble': the name '\(ensemble.name)' is already used; give the ensemble another 'name'", at: reader.location)
            }
            strategies.append(ensemble)
        }
        guard !strategies.isEmpty else {
            throw DirectiveError("give 'model' (a probability column, or a list of them) or 'ensemble'", at: parameters.location)
        }
        return strategies
    }

    /// `threshold`: one number for every model, a list (one per model) or a mapping
    /// `{model: threshold}`; 0.5 by default.
    static func decodeThresholds(_ parameters: ParameterReader, models: [String]) throws(DirectiveError) -> [Double] {
        func checked(_ x: Double, at location: SourceLocation) throws(DirectiveError) -> Double {
            guard x >= 0, x <= 1 else { throw DirectiveError("'threshold': must be between 0 and 1, got \(JSONValue.format(x))", at: location) }
            return x
        }
        guard let value = parameters.value("threshold") else { return models.map { _ in 0.5 } }
        let location = parameters.location(of: "threshold")
        let isMapping: Bool
        switch value.kind {
        case .mapping: isMapping = true
        case .resolved(.object): isMapping = true
        default: isMapping = false
        }
        if isMapping {
            guard let reader = try parameters.mapping("threshold") else { return models.map { _ in 0.5 } }
            for entry in reader.locatedEntries where !models.contains(entry.key) {
                throw DirectiveError("'threshold': '\(entry.key)' is not one of the models\(Suggestion.hint(for: entry.key, in: models)); models: \(models.joined(separator: ", "))",
                                     at: entry.keyLocation)
            }
            var out: [Double] = []
            for model in models {
                guard let x = try reader.double(model) else {
                    throw DirectiveError("'threshold': no threshold for model '\(model)'", at: location)
                }
                out.append(try checked(x, at: reader.location(of: model)))
            }
            return out
        }
        guard let list = try parameters.doubleList("threshold") else { return models.map { _ in 0.5 } }
        if list.count == 1 {
            let x = try checked(list[0], at: location)
            return models.map { _ in x }
        }
        guard list.count == models.count else {
            throw parameters.error("threshold", "\(list.count) thresholds for \(models.count) models; give one number, one per model, or {model: threshold}")
        }
        var out: [Double] = []
        for x in list { out.append(try checked(x, at: location)) }
        return out
    }

    /// The ensemble mappings, and whether each came from a `{{ }}` reference (whose extra
    /// keys, such as a sweep's metrics, are ignored).
    static func ensembleReaders(_ parameters: ParameterReader) throws(DirectiveError) -> [(ParameterReader, Bool)] {
        guard let value = parameters.value("ensemble") else { return [] }
        func reader(_ item: ParamValue) throws(DirectiveError) -> (ParameterReader, Bool) {
            switch item.kind {
            case .mapping: return (try ParameterReader(item), false)
            case .resolved(.object(let object)):
                let entries = object.pairs.map { ParamValue.Entry(key: $0.0, keyLocation: item.location, value: ParamValue(.resolved($0.1), at: item.location)) }
                return (try ParameterReader(ParamValue(.mapping(entries), at: item.location)), true)
            default:
                throw DirectiveError("'ensemble': expected a mapping such as {method: vote, models: [a, b, c], thresholds: [0.5, 0.5, 0.5]}", at: item.location)
            }
        }
        switch value.kind {
        case .sequence(let items):
            var out: [(ParameterReader, Bool)] = []
            for item in items { out.append(try reader(item)) }
            return out
        case .resolved(.array(let items)):
            var out: [(ParameterReader, Bool)] = []
            for item in items { out.append(try reader(ParamValue(.resolved(item), at: value.location))) }
            return out
        default:
            return [try reader(value)]
        }
    }

    /// Ensemble methods as written in a notebook.
    enum MethodName: String, CaseIterable {
        case mean, weighted, vote
    }

    static let ensembleKeys = ["name", "method", "models", "weights", "thresholds", "threshold", "votes"]

    static func decodeEnsemble(_ reader: ParameterReader, isResolved: Bool, index: Int) throws(DirectiveError) -> BacktestStrategy {
        if !isResolved { try reader.rejectUnknownKeys(allowed: ensembleKeys, context: "key in 'ensemble'") }
        guard let models = try reader.stringList("models"), !models.isEmpty else {
            throw DirectiveError("'ensemble': give 'models', the probability columns to combine", at: reader.location)
        }
        guard Set(models).count == models.count else { throw reader.error("models", "a model is listed twice") }
        let methodName = try reader.choice("method", default: MethodName.mean)
        let method: EnsembleMethod
        switch methodName {
        case .mean:
            method = .mean
        case .weighted:
            guard let weights = try reader.doubleList("weights") else {
                throw DirectiveError("'ensemble': method 'weighted' needs 'weights', one per model", at: reader.location(of: "method"))
            }
            guard weights.count == models.count else {
                throw reader.error("weights", "\(weights.count) weights for \(models.count) models")
            }
            guard weights.allSatisfy({ $0 >= 0 }), weights.contains(where: { $0 > 0 }) else {
                throw reader.error("weights", "weights must be non-negative and not all zero")
            }
            method = .weightedMean(weights: weights)
        case .vote:
            let thresholds = try reader.doubleList("thresholds") ?? models.map { _ in 0.5 }
            guard thresholds.count == models.count else {
                throw reader.error("thresholds", "\(thresholds.count) thresholds for \(models.count) models")
            }
            guard thresholds.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
                throw reader.error("thresholds", "thresholds must be between 0 and 1")
            }
            method = .majorityVote(thresholds: thresholds)
        }
        if !isResolved {
            if methodName != .weighted, reader.has("weights") { throw reader.error("weights", "only method 'weighted' takes weights") }
            if methodName != .vote, reader.has("thresholds") { throw reader.error("thresholds", "only method 'vote' takes per-model thresholds; the entry threshold is 'threshold'") }
        }
        var threshold: Double?
        if methodName == .vote, reader.has("votes") {
            // k of n: the vote's own terms (a sweep's vote carries both; votes wins).
            if !isResolved, reader.has("threshold") {
                throw reader.error("threshold", "a vote takes 'votes' (k of the \(models.count) models) or 'threshold', not both")
            }
            let k = try reader.int("votes", default: 1, min: 1, max: models.count)
            threshold = Double(k) / Double(models.count)
        } else if let t = try reader.double("threshold") {
            guard t >= 0, t <= 1 else { throw reader.error("threshold", "must be between 0 and 1, got \(JSONValue.format(t))") }
            threshold = t
        }
        if !isResolved, methodName != .vote, reader.has("votes") { throw reader.error("votes", "only method 'vote' takes 'votes'") }
        let name = try reader.string("name") ?? methodName.rawValue
        guard !name.isEmpty, !name.contains(".") else {
            throw reader.error("name", "an ensemble name must be non-empty and without dots (it is a result key)")
        }
        return BacktestStrategy(name: name, source: .ensemble(method: method, models: models), threshold: threshold, location: reader.location)
    }
}
