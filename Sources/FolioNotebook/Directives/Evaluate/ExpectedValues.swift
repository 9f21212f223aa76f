import FolioCompute

/// The `expect:` and `tolerance` parameters of `evaluate`: values that a model's metrics
/// must reproduce within a relative tolerance (Task 2: "compare metrics to MLflow logs,
/// allow ±0.5%").
///
/// ```yaml
/// expect:
///   mlp: {f1: 0.355, recall: "{{ trials.best.mlp.metrics.val_recall }}"}
/// tolerance: 0.005
/// ```
struct ExpectedValues: Sendable {
    /// One expected value.
    struct Check: Sendable {
        var model: String
        var modelLocation: SourceLocation
        var metric: String
        var expected: Double
        /// Where the value was written (the check's errors point here).
        var location: SourceLocation
    }

    /// The outcome of one check.
    struct Outcome: Sendable {
        var check: Check
        var actual: Double
        /// `(actual - expected) / |expected|`; NaN when the actual value is NaN, infinite
        /// when the expected value is 0 and the actual is not.
        var relativeDifference: Double
        var passed: Bool
    }

    var checks: [Check]
    /// The largest accepted `|actual - expected| / |expected|`.
    var tolerance: Double

    /// Decodes `expect` and `tolerance`; `nil` without `expect`.
    init?(parameters: ParameterReader) throws(DirectiveError) {
        guard let reader = try parameters.mapping("expect") else {
            if parameters.has("tolerance") {
                throw parameters.error("tolerance", "has no effect without 'expect'")
            }
            return nil
        }
        tolerance = try parameters.double("tolerance", default: 0.005, in: 0...1)
        var checks: [Check] = []
        for entry in reader.locatedEntries {
            let model = entry.key
            let metrics: ParameterReader
            do {
                metrics = try ParameterReader(entry.value)
            } catch {
                throw DirectiveError("'expect.\(model)': expected a mapping of metric: value, e.g. {f1: 0.355}", at: entry.value.location)
            }
            guard !metrics.keys.isEmpty else {
                throw DirectiveError("'expect.\(model)': give at least one metric, e.g. {f1: 0.355}", at: entry.value.location)
            }
            for item in metrics.locatedEntries {
                guard EvaluationMetric.expectable.contains(item.key) else {
                    throw DirectiveError("'expect.\(model)': unknown metric '\(item.key)'\(Suggestion.hint(for: item.key, in: EvaluationMetric.expectable)); expected one of: \(EvaluationMetric.expectable.joined(separator: ", "))",
                                         at: item.keyLocation)
                }
                let value: Double?
                do {
                    value = try metrics.double(item.key)
                } catch {
                    throw DirectiveError("'expect.\(model).\(item.key)': expected a finite number, found \(item.value.json.compact())", at: item.value.location)
                }
                guard let expected = value else {
                    throw DirectiveError("'expect.\(model).\(item.key)': expected a number, found null", at: item.value.location)
                }
                checks.append(Check(model: model, modelLocation: entry.keyLocation, metric: item.key,
                                    expected: expected, location: item.value.location))
            }
        }
        guard !checks.isEmpty else { throw parameters.error("expect", "give expected values per model, e.g. {mlp: {f1: 0.355}}") }
        self.checks = checks
    }

    /// Checks every value against `actual(model, metric)`.
    func evaluate(_ actual: (String, String) -> Double) -> [Outcome] {
        checks.map { check in
            let value = actual(check.model, check.metric)
            let difference = value - check.expected
            let relative = check.expected == 0 ? (difference == 0 ? 0 : (difference.isNaN ? .nan : difference.sign == .minus ? -.infinity : .infinity))
                : difference / Swift.abs(check.expected)
            // A hair of slack so that a value printed with as many digits as it was
            // computed with still passes at tolerance 0.
            let passed = !value.isNaN && Swift.abs(difference) <= tolerance * Swift.abs(check.expected) + 1e-12
            return Outcome(check: check, actual: value, relativeDifference: relative, passed: passed)
        }
    }
}
