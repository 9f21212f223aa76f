import FolioCompute
import Foundation

/// Permutation importance of a model's features, as scikit-learn's
/// `sklearn.inspection.permutation_importance` defines it: the baseline score minus the
/// score after one feature's values are permuted across the samples, `repeats` times; the
/// mean and the population standard deviation (`ddof=0`) of those differences. Larger is
/// more important; a feature the model ignores comes out exactly 0.
///
/// A sample is what the model scores: a row for `[N, F]` models, a window of `T` rows for
/// `[N, T, F]` models. For a window model the permutation moves a feature's whole window
/// (all `T` steps) from one sample to another, so the permuted window is still a real
/// series of that feature; the other features stay where they were.
///
/// How a side is measured:
/// 1. The whole frame is windowed as `ModelScorer.score(_:)` does (a window may reach back
///    into rows outside the side, as it does when the side is scored).
/// 2. The scored rows that `rows` selects are the side's samples; `sample` of them are
///    drawn without replacement (Floyd's algorithm, `SeededGenerator(seedString:
///    "<seed>/sample")`) and kept in group then time order. This is passing the sampled rows
///    to scikit-learn as `X`, not its `max_samples` (which draws rows per feature and keeps the
///    baseline on all rows). A sampled row whose label is missing or not 0/1 is an error, not
///    skipped.
/// 3. The `[n, T, F]` tensor of those samples is built once; the baseline is the metric of
///    the model's scores on it.
/// 4. For each feature (or group) and repeat, a permutation of `0..<n` is drawn by a
///    Fisher-Yates shuffle from its own generator, `SeededGenerator(seedString:
///    "<seed>/<feature>/<repeat>")`, and the graph runs on the tensor with that feature's
///    slice taken from the permuted samples. The importance is the baseline minus that
///    score.
///
/// Every run uses the same chunks (`chunkSize`) in the same order, so a feature whose
/// weights are zero gives scores identical bit for bit to the baseline's and an importance
/// of exactly 0. Features are spread over `threads`; each generator belongs to one
/// (feature, repeat), so the numbers do not depend on the thread count. scikit-learn
/// draws its permutations from numpy's generator, so the two agree in distribution, not
/// draw for draw.
///
///     let importance = try PermutationImportance(scorer: scorer, options: ImportanceOptions(sample: 20_000, seed: 42))
///     let comparison = try importance.compare(frame, label: "label",
///                                             a: RowFilter([.init("split", equals: "train")]),
///                                             b: RowFilter([.init("split", equals: "val")]))
public struct PermutationImportance: Sendable {
    /// The model.
    public let scorer: ModelScorer
    /// The options.
    public let options: ImportanceOptions
    /// The units permuted, in the model's feature order (a group at its first member).
    let units: [(name: String, columns: [Int])]
    /// The first group member that is not a model feature: reported by `checkGroups`,
    /// which sees the data and can tell an unknown name from a column the model ignores.
    let foreignMember: (group: String, name: String)?

    /// Checks the options against the model's features.
    ///
    /// - Throws: `ImportanceError` with kind `invalidParameter` for `repeats` < 1,
    ///   `sample` < 1, `threads` < 1 or `chunkSize` < 1; `invalidGroup` for an empty group, a
    ///   feature in two groups (or twice in one), two groups of one name, or a group named
    ///   like a feature outside it. A group member that is not a model feature is reported
    ///   by `importance(of:label:rows:)` and `compare(_:label:a:b:)`, which see the data:
    ///   `unusedFeature` when the data has such a column, `unknownFeature` otherwise.
    public init(scorer: ModelScorer, options: ImportanceOptions = ImportanceOptions()) throws(ImportanceError) {
        self.scorer = scorer
        self.options = options
        guard options.repeats >= 1 else {
            throw ImportanceError(.invalidParameter, "repeats must be at least 1 (got \(options.repeats))")
        }
        if let sample = options.sample, sample < 1 {
            throw ImportanceError(.invalidParameter, "sample must be at least 1 (got \(sample))")
        }
        guard options.threads >= 1, options.chunkSize >= 1 else {
            throw ImportanceError(
                .invalidParameter, "threads and chunkSize must be at least 1 (got \(options.threads), \(options.chunkSize))")
        }
        let known = Set(scorer.features)
        var foreign: (group: String, name: String)? = nil
        for group in options.groups {
            if let name = group.features.first(where: { !known.contains($0) }) { foreign = (group.name, name); break }
        }
        foreignMember = foreign
        // With a foreign member every call throws before the units are used.
        units = foreign == nil ? try Self.units(features: scorer.features, groups: options.groups) : []
    }

    /// Importance on the rows of `frame` that `rows` selects.
    ///
    /// - Parameters:
    ///   - frame: the features, the label, and the group and time columns of the scorer's
    ///     options (all rows: windows may reach back outside the side).
    ///   - label: the label column (0 or 1).
    ///   - rows: which rows are the side (for example `split == train`); an empty filter
    ///     takes every row.
    /// - Returns: one entry per feature or group, the baseline, and notes.
    /// - Throws: `ImportanceError`: `unusedFeature` / `unknownFeature` for a group member
    ///   the model does not use, `invalidParameter` for a filter on a missing column, `emptySide`, `oneClass` (ROC-AUC and average precision are
    ///   undefined with one class), `labels`, `model` (missing columns, errors from the
    ///   graph).
    /// - Complexity: `1 + features × repeats` graph runs over `sample` samples.
    public func importance(of frame: DataFrame, label: String, rows: RowFilter) throws(ImportanceError) -> ImportanceResult {
        try checkGroups(against: frame)
        let prepared: PreparedRows
        do { prepared = try scorer.prepareRows(frame) } catch { throw ImportanceError(.model, error.description) }
        return try importance(prepared: prepared, frame: frame, label: label, rows: rows)
    }

    /// Importance on two sides of the same frame, compared feature by feature.
    ///
    /// The frame is windowed once for both sides.
    /// - Throws: what `importance(of:label:rows:)` throws, for either side (the message
    ///   says which).
    public func compare(_ frame: DataFrame, label: String, a: RowFilter, b: RowFilter) throws(ImportanceError)
        -> ImportanceComparison
    {
        try checkGroups(against: frame)
        let prepared: PreparedRows
        do { prepared = try scorer.prepareRows(frame) } catch { throw ImportanceError(.model, error.description) }
        func side(_ name: String, _ filter: RowFilter) throws(ImportanceError) -> ImportanceResult {
            do {
                return try importance(prepared: prepared, frame: frame, label: label, rows: filter)
            } catch {
                let where_ = filter.isEmpty ? "all rows" : filter.conditions.map(\.description).joined(separator: ", ")
                throw ImportanceError(error.kind, "side \(name) (\(where_)): \(error.message)")
            }
        }
        return try ImportanceComparison(a: try side("a", a), b: try side("b", b))
    }

    // MARK: - One side

    private func importance(prepared: PreparedRows, frame: DataFrame, label: String, rows filter: RowFilter)
        throws(ImportanceError) -> ImportanceResult
    {
        let mask: [Bool]
        let labelValues: [Double]
        do { mask = try filter.mask(for: frame) } catch { throw ImportanceError(.invalidParameter, error.description) }
        do { labelValues = try frame.numbers(label) } catch { throw ImportanceError(.labels, "label \(error.description)") }
        // The side's scored samples, in group then time order.
        var candidates: [Int] = []
        for (index, row) in prepared.scoredRows.enumerated() where mask[row] { candidates.append(index) }
        let selectedRows = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
        let what = scorer.window == nil ? "rows" : "windows"
        guard !candidates.isEmpty else {
            throw ImportanceError(
                .emptySide,
                selectedRows == 0
                    ? "no rows selected"
                    : "none of the \(selectedRows) selected rows has a score (a NaN feature or a window shorter than \(prepared.steps) rows)")
        }
        var notes: [String] = []
        var chosen = candidates
        if let sample = options.sample {
            if sample >= candidates.count {
                if sample > candidates.count {
                    notes.append("sample \(sample) is more than the \(candidates.count) scored \(what) available: all are used")
                }
            } else {
                var generator = SeededGenerator(seedString: "\(options.seed)/sample")
                chosen = generator.sampleIndices(count: sample, from: candidates.count).map { candidates[$0] }
            }
        }
        let labels: BinaryLabels
        do {
            labels = try BinaryLabels(chosen.map { labelValues[prepared.scoredRows[$0]] })
        } catch {
            throw ImportanceError(.labels, "label \"\(label)\": \(error)")
        }
        if labels.isSingleClass {
            let only = labels.positives == 0 ? 0 : 1
            if options.metric.needsBothClasses {
                throw ImportanceError(
                    .oneClass,
                    "every sampled label is \(only) (\(labels.count) \(what)): \(options.metric) is undefined with one class")
            }
            notes.append("every sampled label is \(only): \(options.metric) compares one class only")
        }

        // The [n, T, F] tensor of the chosen samples, built once.
        let n = chosen.count
        let steps = prepared.steps
        let width = prepared.width
        let stride = steps * width
        var base = [Float](repeating: 0, count: n * stride)
        prepared.matrix.withUnsafeBufferPointer { matrix in
            base.withUnsafeMutableBufferPointer { out in
                for (i, index) in chosen.enumerated() {
                    for step in 0..<steps {
                        let from = prepared.offset(window: index, step: step)
                        let to = i * stride + step * width
                        for j in 0..<width { out[to + j] = matrix[from + j] }
                    }
                }
            }
        }

        let tensor = base
        let baseline = try evaluate(tensor, n: n, permutation: nil, columns: [], labels: labels, threads: options.threads)
        let repeats = options.repeats
        let tasks = units.count * repeats
        let results = TaskResults(count: tasks)
        let seed = options.seed
        let units = self.units
        @Sendable func work(_ task: Int) {
            let (u, r) = task.quotientAndRemainder(dividingBy: repeats)
            var generator = SeededGenerator(seedString: "\(seed)/\(units[u].name)/\(r)")
            var permutation = Array(0..<n)
            for i in (1..<max(n, 1)).reversed() {
                permutation.swapAt(i, generator.nextInt(below: i + 1))
            }
            do throws(ImportanceError) {
                let score = try evaluate(
                    tensor, n: n, permutation: permutation, columns: units[u].columns, labels: labels, threads: 1)
                results.store(.success(baseline - score), at: task)
            } catch {
                results.store(.failure(error), at: task)
            }
        }
        let workers = min(options.threads, tasks)
        if workers <= 1 {
            for task in 0..<tasks { work(task) }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let task = results.next() { work(task) }
            }
        }
        var features: [FeatureImportance] = []
        for (u, unit) in units.enumerated() {
            var values: [Double] = []
            for r in 0..<repeats {
                switch results.result(at: u * repeats + r) {
                case .success(let value): values.append(value)
                case .failure(let error): throw error
                }
            }
            features.append(
                FeatureImportance(feature: unit.name, members: unit.columns.map { scorer.features[$0] }, importances: values))
        }
        return ImportanceResult(
            metric: options.metric, baseline: baseline, features: features, samples: n, available: candidates.count,
            positives: labels.positives, notes: notes)
    }

    /// The metric of the model's scores on `base`, with `columns` taken from sample
    /// `permutation[i]` for sample `i` (all steps) when a permutation is given.
    ///
    /// The chunks do not depend on `threads`; permuted runs use one thread each (the
    /// parallelism is across features).
    private func evaluate(
        _ base: [Float], n: Int, permutation: [Int]?, columns: [Int], labels: BinaryLabels, threads: Int
    ) throws(ImportanceError) -> Double
    {
        let steps = scorer.window ?? 1
        let width = scorer.features.count
        let stride = steps * width
        let shapeTail = scorer.window == nil ? [width] : [steps, width]
        let inputName = scorer.inputName
        let output: Tensor
        do {
            output = try base.withUnsafeBufferPointer { buffer throws(ModelError) in
                let source = SendableFloats(buffer)
                return try scorer.session.run(rows: n, chunkSize: options.chunkSize, threads: threads) {
                    range throws(ModelError) in
                    var input = Array(source.buffer[(range.lowerBound * stride)..<(range.upperBound * stride)])
                    if let permutation {
                        input.withUnsafeMutableBufferPointer { out in
                            for i in range {
                                let from = permutation[i] * stride
                                let to = (i - range.lowerBound) * stride
                                for step in 0..<steps {
                                    for j in columns { out[to + step * width + j] = source.buffer[from + step * width + j] }
                                }
                            }
                        }
                    }
                    return [inputName: Tensor(shape: [range.count] + shapeTail, floats: input)]
                }
            }
        } catch {
            throw ImportanceError(.model, error.located(at: scorer.model.path).description)
        }
        let scores: [Float]
        do { scores = try scorer.positiveClass(output, rows: n) } catch { throw ImportanceError(.model, error.description) }
        do {
            return try options.metric.score(labels: labels, scores: scores.map { Double($0) })
        } catch {
            throw ImportanceError(.model, "the model's scores cannot be evaluated: \(error)")
        }
    }
}

/// A read-only buffer shared with the worker threads for the duration of one call.
private struct SendableFloats: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Float>
    init(_ buffer: UnsafeBufferPointer<Float>) { self.buffer = buffer }
}
