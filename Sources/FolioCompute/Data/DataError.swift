/// An error from loading or querying tabular data (CSV files, frames, row filters) or from
/// reading an MLflow store.
///
/// It carries where the problem is (file path, 1-based line, 1-based byte column in that
/// line, column name and index) and a message. `description` is ready to follow a
/// location prefix of the caller's own (the notebook layer prints
/// `notebook.md:12:1: error: ` and then this description):
///
///     data/features.csv:1042:37: column "f03" (6): expected 27 fields, found 26
public struct DataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for callers that react differently to different problems.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The file or folder could not be read.
        case io
        /// The file is empty, or holds no header row.
        case empty
        /// The file is not in the expected format (ragged row, unterminated quote,
        /// unsupported YAML, malformed metric line, ...).
        case malformed
        /// A column (or experiment, run, metric) that was asked for does not exist.
        case notFound
        /// A column holds another kind of values than the operation needs.
        case typeMismatch
        /// A value (a cell or a filter operand) could not be interpreted.
        case invalidValue
        /// Inputs that must agree do not (lengths, duplicate names).
        case inconsistent
    }

    /// What went wrong.
    public var kind: Kind
    /// The message, without location.
    public var message: String
    /// The file (or folder) the problem is in, if it is about a file.
    public var path: String?
    /// 1-based line in `path`.
    public var line: Int?
    /// 1-based byte column in `line` (where the offending field starts).
    public var position: Int?
    /// The name of the column concerned.
    public var columnName: String?
    /// The 1-based index of the column concerned in its file or frame.
    public var columnIndex: Int?
    /// A close existing name ("did you mean"), for `notFound` errors.
    public var suggestion: String?

    /// Creates an error.
    public init(
        _ kind: Kind, _ message: String, path: String? = nil, line: Int? = nil,
        position: Int? = nil, columnName: String? = nil, columnIndex: Int? = nil,
        suggestion: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.path = path
        self.line = line
        self.position = position
        self.columnName = columnName
        self.columnIndex = columnIndex
        self.suggestion = suggestion
    }

    /// `path:line:position: column "name" (index): message`, leaving out the parts that
    /// are unknown.
    public var description: String {
        var location = ""
        if let path {
            location = path
            if let line {
                location += ":\(line)"
                if let position { location += ":\(position)" }
            }
            location += ": "
        } else if let line {
            location = "line \(line): "
        }
        var column = ""
        if let columnName {
            column = "column \"\(columnName)\""
            if let columnIndex { column += " (\(columnIndex))" }
            column += ": "
        } else if let columnIndex {
            column = "column \(columnIndex): "
        }
        return location + column + message
    }
}

extension DataError {
    /// The error for a column that is not in `available`, with a "did you mean" suggestion
    /// and the list of available names (at most 40 are listed).
    static func missingColumn(_ name: String, available: [String], path: String?) -> DataError {
        let suggestion = NameSuggestion.closest(to: name, among: available)
        var message = "no column \"\(name)\""
        if let suggestion { message += "; did you mean \"\(suggestion)\"?" }
        message += " Available columns: " + NameSuggestion.list(available)
        return DataError(.notFound, message, path: path, suggestion: suggestion)
    }
}
