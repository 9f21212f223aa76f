import FolioCompute
import Foundation

/// Where the models of a block come from besides the data's own score columns: checkpoints
/// that folio runs on the data (`{mlp: {onnx: path}}`, `{lstm: {run: id}}`) and columns read
/// under another name (`{mlp: mlp_v2}`), as a `models` (or the backtest's `model`) mapping
/// gives them. Shared by `evaluate`, `sweep` and `backtest`.
public struct ModelSources: Sendable {
    public var checkpoints: [Checkpoint]
    public var renamed: [(model: String, column: String)]
    /// Every model of the mapping, in order, with where its name is written.
    public var names: [(name: String, location: SourceLocation)]
    /// Where the parameter is, for errors without a key of their own.
    public var location: SourceLocation

    public init(checkpoints: [Checkpoint] = [], renamed: [(model: String, column: String)] = [],
                names: [(name: String, location: SourceLocation)] = [], location: SourceLocation) {
        self.checkpoints = checkpoints
        self.renamed = renamed
        self.names = names
        self.location = location
    }

    /// Decodes the entries of a `key` mapping: a score column, `{onnx: path}` or `{run: id}` each.
    public init(entries: [ParamValue.Entry], key: String, context: DirectiveContext) throws(DirectiveError) {
        checkpoints = []
        renamed = []
        names = []
        location = entries.first?.keyLocation ?? context.blockLocation
        for entry in entries {
            names.append((entry.key, entry.keyLocation))
            switch entry.value.kind {
            case .scalar(let column, _) where !column.isEmpty:
                if column != entry.key { renamed.append((entry.key, column)) }
            case .resolved(.string(let column)):
                if column != entry.key { renamed.append((entry.key, column)) }
            case .mapping, .resolved(.object):
                checkpoints.append(try Checkpoint(name: entry.key, reader: try ParameterReader(entry.value), context: context))
            default:
                throw DirectiveError("'\(key).\(entry.key)': expected a score column, {onnx: path} or {run: id}", at: entry.value.location)
            }
        }
    }

    public var isEmpty: Bool { checkpoints.isEmpty && renamed.isEmpty }

    /// The checkpoints' files, for a directive's `inputs`.
    public var inputs: [DataInput] { checkpoints.flatMap(\.inputs) }

    func locationOf(_ model: String) -> SourceLocation {
        names.first { $0.name == model }?.location ?? location
    }

    /// `frame` (a whole file) with a column per checkpoint (its scores, NaN where a row has
    /// none) and per renamed model, so that `where` and the rest read them like any column.
    func addingModelColumns(to frame: DataFrame, dataURL: URL, context: DirectiveContext) throws(DirectiveError) -> DataFrame {
        guard !isEmpty else { return frame }
        var columns = Array(zip(frame.columnNames, frame.columns)).map { (name: $0.0, column: $0.1) }
        let display = context.displayPath(dataURL)
        for (model, column) in renamed {
            guard let values = frame.column(column) else {
                throw DirectiveError("no column '\(column)' in \(display) for model '\(model)'\(Suggestion.hint(for: column, in: frame.columnNames))",
                                     at: locationOf(model))
            }
            guard frame.column(model) == nil else {
                throw DirectiveError("model '\(model)' reads column '\(column)', but \(display) already has a column '\(model)'; name the model differently",
                                     at: locationOf(model))
            }
            columns.append((model, values))
        }
        for checkpoint in checkpoints {
            guard frame.column(checkpoint.name) == nil else {
                throw DirectiveError("\(display) already has a column '\(checkpoint.name)'; name the checkpoint differently", at: checkpoint.location)
            }
            let scores = try CheckpointScores.load(checkpoint, frame: frame, dataURL: dataURL, context: context)
            columns.append((checkpoint.name, .number(scores.values)))
        }
        do {
            return try DataFrame(columns, path: frame.path)
        } catch {
            throw DirectiveError("\(display): \(error)", at: location)
        }
    }

    /// Drops the rows (of a filtered frame) that a checkpoint could not score, and says how
    /// many, per checkpoint: every model is compared on the same rows.
    func droppingUnscoredRows(_ frame: DataFrame, display: String) -> (frame: DataFrame, note: String?) {
        guard !checkpoints.isEmpty else { return (frame, nil) }
        var keep = [Bool](repeating: true, count: frame.rowCount)
        var missing: [String] = []
        for checkpoint in checkpoints {
            guard let values = try? frame.numbers(checkpoint.name) else { continue }
            var n = 0
            for (i, x) in values.enumerated() where x.isNaN { keep[i] = false; n += 1 }
            missing.append("\(checkpoint.name) \(Cell.count(frame.rowCount - n)) of \(Cell.count(frame.rowCount))")
        }
        let kept = keep.count(where: { $0 })
        let note = "Scored by folio from the checkpoints (rows scored: \(missing.joined(separator: ", ")))"
            + (kept == frame.rowCount ? "." : "; the \(Cell.count(frame.rowCount - kept)) rows some checkpoint could not score (a missing feature, or fewer rows of history than its window) are left out for every model.")
        return (kept == frame.rowCount ? frame : frame.selecting(keep), note)
    }
}
