import FolioCompute
import Foundation

/// The `compare: {column: split, a: train, b: val}` parameter of the directives that set two
/// groups of rows against each other (`ks-test`, `importance`): the rows whose `column`
/// equals `a`, and those equal to `b`.
public struct GroupComparison: Sendable {
    public var column: String
    public var columnLocation: SourceLocation
    public var a: String
    public var aLocation: SourceLocation
    public var b: String
    public var bLocation: SourceLocation

    /// Decodes `compare`; an absent key takes its default (`split`, `train`, `val`).
    public init(parameters: ParameterReader) throws(DirectiveError) {
        let reader = try parameters.mapping("compare", allowedKeys: ["column", "a", "b"])
        func part(_ key: String, _ fallback: String) throws(DirectiveError) -> (String, SourceLocation) {
            guard let reader else { return (fallback, parameters.location) }
            guard let value = try reader.string(key) else { return (fallback, reader.location) }
            guard !value.isEmpty else { throw DirectiveError("'compare.\(key)': expected a value", at: reader.location(of: key)) }
            return (value, reader.location(of: key))
        }
        (column, columnLocation) = try part("column", "split")
        (a, aLocation) = try part("a", "train")
        (b, bLocation) = try part("b", "val")
        guard a != b else { throw DirectiveError("'compare.b': both groups are '\(b)'; compare two different values of '\(column)'", at: bLocation) }
    }

    /// The two groups as row filters on `frame`, after checking that the column exists and
    /// holds text or numbers, and that each value occurs in it.
    public func filters(for frame: DataFrame, display: String) throws(DirectiveError) -> (a: RowFilter, b: RowFilter) {
        guard let values = frame.column(column) else {
            throw DirectiveError("'compare.column': no column '\(column)' in \(display)\(Suggestion.hint(for: column, in: frame.columnNames))",
                                 at: columnLocation)
        }
        func filter(_ value: String, _ key: String, _ location: SourceLocation) throws(DirectiveError) -> RowFilter {
            switch values {
            case .text(let text):
                guard text.code(of: value) != nil else {
                    let shown = text.levels.prefix(12).map { "'\($0)'" }.joined(separator: ", ")
                    throw DirectiveError("'compare.\(key)': no row of \(display) has \(column) = '\(value)'\(Suggestion.hint(for: value, in: text.levels)); values: \(shown)\(text.levels.count > 12 ? ", ..." : "")",
                                         at: location)
                }
                return RowFilter([.init(column, equals: .text(value))])
            case .number(let numbers):
                guard let x = ParamValue.number(value), x.isFinite else {
                    throw DirectiveError("'compare.\(key)': column '\(column)' holds numbers; '\(value)' is not one", at: location)
                }
                guard numbers.contains(x) else {
                    throw DirectiveError("'compare.\(key)': no row of \(display) has \(column) = \(value)", at: location)
                }
                return RowFilter([.init(column, equals: .number(x))])
            case .timestamp:
                throw DirectiveError("'compare.column': column '\(column)' of \(display) holds timestamps; compare two values of a text or number column (e.g. split)",
                                     at: columnLocation)
            }
        }
        return (try filter(a, "a", aLocation), try filter(b, "b", bLocation))
    }
}
