import FolioCompute
import Foundation

/// Scores the rows of a `DataFrame` with a one-input classifier.
///
/// The input's rank says what a row's input is:
/// - `[N, F]`: the row's own features.
/// - `[N, T, F]`: the window of the `T` consecutive rows of the row's group, in time order,
///   that ends at the row. Rows with fewer than `T` rows of history in their group get no
///   score (`Scores.shortHistory`).
///
/// Features are read by name (CSV columns may come in any order) in the order of the
/// model's `features` metadata or an explicit list, scaled by the scaler when there is one,
/// and converted to Float32. A row whose input holds a NaN gets no score
/// (`Scores.missingFeatures`). The positive-class score is the single output (`[N]` or
/// `[N, 1]`) or column 1 of `[N, 2]`.
///
///     let scorer = try ModelScorer(model: try ONNXModel(contentsOf: "lstm/model.onnx"))
///     let scores = try scorer.score(frame)
public struct ModelScorer: Sendable {
    /// The model.
    public let model: ONNXModel
    /// The feature columns, in input order.
    public let features: [String]
    /// The window length `T` for `[N, T, F]` inputs; `nil` for `[N, F]`.
    public let window: Int?
    /// The scaler applied before the graph, if any.
    public let scaler: Scaler?
    /// The options.
    public let options: ScoringOptions
    let session: InferenceSession
    let inputName: String
    private let scaling: [(mean: Double, scale: Double)]?

    /// Checks that `model` can score rows with `options`.
    ///
    /// - Throws: `ModelError` when the model has other than one input, an input that is
    ///   not float of rank 2 or 3, no feature order, a feature count that differs from the
    ///   input's last dimension, a window that is not known or disagrees with the metadata,
    ///   a scaler that does not match the features, or an operator folio does not run.
    public init(model: ONNXModel, options: ScoringOptions = ScoringOptions()) throws(ModelError) {
        let path = model.path
        self.model = model
        self.options = options
        session = try InferenceSession(model: model, arithmetic: options.arithmetic)
        guard model.inputs.count == 1, let input = model.inputs.first else {
            throw ModelError(
                .invalidInput,
                "the model has \(model.inputs.count) inputs (\(model.inputs.map(\.name).joined(separator: ", "))); "
                    + "folio scores models with one input, [N, F] or [N, T, F]",
                path: path)
        }
        inputName = input.name
        guard input.elementType == .float else {
            throw ModelError(.unsupported, "input \(input.summary) is not float", path: path)
        }
        guard let shape = input.shape, shape.count == 2 || shape.count == 3 else {
            throw ModelError(
                .invalidInput, "input \(input.summary) should have rank 2 [N, F] or rank 3 [N, T, F]", path: path)
        }
        guard let features = options.features ?? model.features else {
            throw ModelError(
                .invalidInput,
                "the model does not name its features (metadata_props \"features\"); give the feature order explicitly",
                path: path)
        }
        if let repeated = Dictionary(grouping: features, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw ModelError(.invalidInput, "feature \"\(repeated)\" is listed twice", path: path)
        }
        if let size = shape.last?.size, size != features.count {
            throw ModelError(
                .invalidInput,
                "\(features.count) features given (\(features.joined(separator: ", "))) but input \(input.summary) takes \(size)",
                path: path)
        }
        self.features = features
        if shape.count == 3 {
            let declared = shape[1].size
            let metadata = model.window
            if let declared, let metadata, declared != metadata {
                throw ModelError(
                    .invalidInput, "input \(input.summary) has \(declared) steps but metadata_props window is \(metadata)",
                    path: path)
            }
            guard let steps = declared ?? metadata, steps >= 1 else {
                throw ModelError(
                    .invalidInput, "input \(input.summary) has no fixed window length and metadata_props has no \"window\"",
                    path: path)
            }
            window = steps
        } else {
            window = nil
        }
        let scaler: Scaler?
        var scalerPath: String? = nil
        switch options.scaler {
        case .none: scaler = nil
        case .given(let given): try given.validate(path: nil); scaler = given
        case .file(let file): scaler = try Scaler(contentsOf: file); scalerPath = file
        case .besideModel:
            if let path {
                scaler = try Scaler.beside(model: path)
                scalerPath = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("scaler.json").path
            } else {
                scaler = nil
            }
        }
        self.scaler = scaler
        scaling = try scaler?.parameters(for: features, path: scalerPath)
    }

    /// Scores the rows of `frame`.
    ///
    /// - Returns: the scored rows in group then time order, and the counts of rows left
    ///   unscored.
    /// - Throws: `ModelError.Kind.invalidInput` for a missing feature, group or time
    ///   column (with a "did you mean"), a feature column that is not numeric, a row
    ///   without group or time, or (window models) two rows of a group at the same time;
    ///   errors from running the graph.
    public func score(_ frame: DataFrame) throws(ModelError) -> Scores {
        let prepared = try prepareRows(frame)
        let width = features.count
        let steps = window ?? 1
        let scoredRows = prepared.scoredRows
        let matrix = prepared.matrix
        let positions = prepared.positions
        let starts = prepared.windowStarts
        let isWindow = window != nil
        let inputName = self.inputName
        let output: Tensor
        do {
            output = try matrix.withUnsafeBufferPointer { matrixBuffer throws(ModelError) in
                let source = UnsafeSendableBuffer(matrixBuffer)
                return try session.run(rows: scoredRows.count, chunkSize: options.chunkSize, threads: options.threads) {
                    range throws(ModelError) in
                    var input = [Float](repeating: 0, count: range.count * steps * width)
                    var k = 0
                    for index in range {
                        for step in 0..<steps {
                            let row = positions[starts[index] + step]
                            for j in 0..<width { input[k] = source.buffer[row * width + j]; k += 1 }
                        }
                    }
                    let shape = isWindow ? [range.count, steps, width] : [range.count, width]
                    return [inputName: Tensor(shape: shape, floats: input)]
                }
            }
        } catch {
            throw error.located(at: model.path)
        }
        return Scores(
            rows: scoredRows, values: try positiveClass(output, rows: scoredRows.count),
            missingFeatures: prepared.missingFeatures, shortHistory: prepared.shortHistory)
    }

    /// The (scaled) features of `frame` and which rows get a score: what `score(_:)`
    /// runs the graph on, shared with `PermutationImportance`.
    ///
    /// - Throws: as `score(_:)`, before the graph runs.
    func prepareRows(_ frame: DataFrame) throws(ModelError) -> PreparedRows {
        let rowCount = frame.rowCount
        let width = features.count
        // The (scaled) features, row-major [rows, F] in frame order, and which rows hold a NaN.
        var matrix = [Float](repeating: 0, count: rowCount * width)
        var hasNaN = [Bool](repeating: false, count: rowCount)
        for (k, name) in features.enumerated() {
            let values: [Double]
            do { values = try frame.numbers(name) } catch { throw ModelError(.invalidInput, "feature \(error.description)") }
            let (mean, scale) = scaling?[k] ?? (0, 1)
            for row in 0..<rowCount {
                let value = values[row]
                if value.isNaN { hasNaN[row] = true }
                matrix[row * width + k] = Float(scaling == nil ? value : (value - mean) / scale)
            }
        }
        let order = try timeOrder(frame)
        let steps = window ?? 1

        // Which rows get a score, and where their window starts in `order`.
        var scoredRows: [Int] = []
        var windowStarts: [Int] = []
        var missing = 0
        var short = 0
        var groupStart = 0
        var nanBefore = [Int](repeating: 0, count: order.positions.count + 1)  // NaN rows in order[..<p]
        for (p, row) in order.positions.enumerated() { nanBefore[p + 1] = nanBefore[p] + (hasNaN[row] ? 1 : 0) }
        for (p, row) in order.positions.enumerated() {
            if p == 0 || order.groups[p] != order.groups[p - 1] { groupStart = p }
            if hasNaN[row] { missing += 1; continue }
            if p - groupStart < steps - 1 { short += 1; continue }
            if nanBefore[p + 1] - nanBefore[p + 1 - steps] > 0 { missing += 1; continue }
            scoredRows.append(row)
            windowStarts.append(p + 1 - steps)
        }
        return PreparedRows(
            matrix: matrix, width: width, steps: steps, positions: order.positions, scoredRows: scoredRows,
            windowStarts: windowStarts, missingFeatures: missing, shortHistory: short)
    }

    /// The positive-class column of the first output.
    func positiveClass(_ output: Tensor, rows: Int) throws(ModelError) -> [Float] {
        guard let values = output.floats else {
            throw ModelError(.unsupported, "output \"\(model.outputs[0].name)\" is \(output.elementType), not float", path: model.path)
        }
        switch output.shape.dropFirst().reduce(1, *) {
        case 1 where output.rank <= 2: return values
        case 2 where output.rank == 2: return (0..<rows).map { values[$0 * 2 + 1] }
        default:
            throw ModelError(
                .invalidInput,
                "output \"\(model.outputs[0].name)\" has shape \(output.shape); folio takes the score from [N], [N, 1] or column 1 of [N, 2]",
                path: model.path)
        }
    }

    /// The frame's rows sorted by group, then time, then row.
    private func timeOrder(_ frame: DataFrame) throws(ModelError) -> (positions: [Int], groups: [Int]) {
        let groupColumn: Column
        let timeColumn: Column
        do {
            groupColumn = try frame.requireColumn(options.groupColumn)
            timeColumn = try frame.requireColumn(options.timeColumn)
        } catch {
            throw ModelError(.invalidInput, error.description)
        }
        // Group ranks: the order of the group values (text by level, numbers numerically).
        var groupRank = [Int](repeating: 0, count: frame.rowCount)
        switch groupColumn {
        case .text(let text):
            let sortedLevels = text.levels.indices.sorted { text.levels[$0] < text.levels[$1] }
            var rankOfCode = [Int](repeating: 0, count: text.levels.count)
            for (rank, code) in sortedLevels.enumerated() { rankOfCode[code] = rank }
            for (row, code) in text.codes.enumerated() {
                guard code >= 0 else { throw missingKey(options.groupColumn, row: row, path: frame.path) }
                groupRank[row] = rankOfCode[Int(code)]
            }
        case .number(let values):
            try rank(values, into: &groupRank, column: options.groupColumn, path: frame.path)
        case .timestamp(let values):
            try rank(values.map { $0 == Column.missingTime ? .nan : Double($0) }, into: &groupRank, column: options.groupColumn, path: frame.path)
        }
        let times: [Double]
        switch timeColumn {
        case .timestamp(let values): times = values.map { $0 == Column.missingTime ? .nan : Double($0) }
        case .number(let values): times = values
        case .text:
            throw ModelError(
                .invalidInput, "time column \"\(options.timeColumn)\" holds text, not ISO 8601 times or numbers",
                path: frame.path)
        }
        if let row = times.firstIndex(where: \.isNaN) { throw missingKey(options.timeColumn, row: row, path: frame.path) }
        let positions = (0..<frame.rowCount).sorted { (a: Int, b: Int) -> Bool in
            if groupRank[a] != groupRank[b] { return groupRank[a] < groupRank[b] }
            if times[a] != times[b] { return times[a] < times[b] }
            return a < b
        }
        let groups = positions.map { groupRank[$0] }
        if window != nil {
            for p in positions.indices.dropFirst() where groups[p] == groups[p - 1] && times[positions[p]] == times[positions[p - 1]] {
                throw ModelError(
                    .invalidInput,
                    "data rows \(positions[p - 1] + 1) and \(positions[p] + 1) share a \(options.groupColumn) and a \(options.timeColumn); "
                        + "windows need one row per time",
                    path: frame.path)
            }
        }
        return (positions, groups)
    }

    private func rank(_ values: [Double], into ranks: inout [Int], column: String, path: String?) throws(ModelError) {
        if let row = values.firstIndex(where: \.isNaN) { throw missingKey(column, row: row, path: path) }
        let distinct = Array(Set(values)).sorted()
        let rankOf = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
        for (row, value) in values.enumerated() { ranks[row] = rankOf[value]! }
    }

    private func missingKey(_ column: String, row: Int, path: String?) -> ModelError {
        ModelError(.invalidInput, "data row \(row + 1) has no \(column)", path: path)
    }
}

/// A read-only buffer shared with the worker threads for the duration of one call.
private struct UnsafeSendableBuffer: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Float>
    init(_ buffer: UnsafeBufferPointer<Float>) { self.buffer = buffer }
}
