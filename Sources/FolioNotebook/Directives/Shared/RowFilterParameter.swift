import FolioCompute
import Foundation

/// The `where:` parameter: conditions on columns, all of which a row must meet.
///
/// ```yaml
/// where: {split: test}                      # equals
/// where: {split: [val, test]}               # one of
/// where: {label: 1, prob: {">=": 0.5}}      # numeric comparisons: <, <=, >, >=, ==, !=
/// where: {timestamp: {">=": 2024-01-01}}    # times compare as times
/// ```
public struct RowFilterParameter: Sendable {
    public struct ColumnCondition: Sendable {
        public var name: String
        public var location: SourceLocation
        /// One or more tests on the column, all of which must hold.
        public var conditions: [RowFilter.Condition]
    }

    public let columns: [ColumnCondition]
    public let location: SourceLocation

    static let operators: [String: RowFilter.Comparison] = [
        "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
        "==": .equal, "!=": .notEqual,
        "lt": .less, "le": .lessOrEqual, "gt": .greater, "ge": .greaterOrEqual,
        "eq": .equal, "ne": .notEqual,
    ]

    /// Decodes `key`; `nil` when absent.
    public init?(parameters: ParameterReader, key: String) throws(DirectiveError) {
        guard let reader = try parameters.mapping(key) else { return nil }
        location = parameters.location(of: key)
        var columns: [ColumnCondition] = []
        for entry in reader.locatedEntries {
            columns.append(ColumnCondition(name: entry.key, location: entry.keyLocation,
                                           conditions: try RowFilterParameter.conditions(entry.value, column: entry.key)))
        }
        guard !columns.isEmpty else { throw parameters.error(key, "give at least one column condition, e.g. {split: test}") }
        self.columns = columns
    }

    static func scalar(_ value: ParamValue) -> RowFilter.Value? {
        switch value.kind {
        case .scalar(let text, let quoted):
            if !quoted, let x = ParamValue.number(text) { return .number(x) }
            return .text(text)
        case .resolved(let json):
            if case .number(let x) = json { return .number(x) }
            if case .bool(let b) = json { return .number(b ? 1 : 0) }
            return json.stringValue.map(RowFilter.Value.text)
        default:
            return nil
        }
    }

    static func conditions(_ value: ParamValue, column: String) throws(DirectiveError) -> [RowFilter.Condition] {
        switch value.kind {
        case .sequence(let items):
            var values: [RowFilter.Value] = []
            for item in items {
                guard let v = scalar(item) else { throw DirectiveError("'where.\(column)': a list holds plain values", at: item.location) }
                values.append(v)
            }
            return [RowFilter.Condition(column, oneOf: values)]
        case .mapping(let entries):
            var out: [RowFilter.Condition] = []
            for entry in entries {
                guard let op = operators[entry.key] else {
                    throw DirectiveError("'where.\(column)': unknown comparison '\(entry.key)'\(Suggestion.hint(for: entry.key, in: operators.keys.sorted())); use <, <=, >, >=, ==, !=",
                                         at: entry.keyLocation)
                }
                guard let v = scalar(entry.value) else { throw DirectiveError("'where.\(column)': compare with a plain value", at: entry.value.location) }
                out.append(RowFilter.Condition(column, op, v))
            }
            return out
        case .resolved(.array(let items)):
            return [RowFilter.Condition(column, oneOf: items.compactMap { scalar(ParamValue(.resolved($0), at: value.location)) })]
        default:
            guard let v = scalar(value) else { throw DirectiveError("'where.\(column)': expected a value, a list or {op: value}", at: value.location) }
            return [RowFilter.Condition(column, equals: v)]
        }
    }

    /// A short text for messages: `{split: test}`.
    public var summary: String {
        "{" + columns.map { column in
            column.conditions.map { condition -> String in
                switch condition.test {
                case .oneOf(let values) where values.count == 1: return "\(column.name): \(RowFilterParameter.plain(values[0]))"
                case .oneOf(let values): return "\(column.name): [\(values.map(RowFilterParameter.plain).joined(separator: ", "))]"
                case .compare(.equal, let value): return "\(column.name): \(RowFilterParameter.plain(value))"
                case .compare(let op, let value): return "\(column.name) \(op.rawValue) \(RowFilterParameter.plain(value))"
                case .timeRange(let from, let to): return "\(column.name): \(from ?? "...") to \(to ?? "...")"
                }
            }.joined(separator: ", ")
        }.joined(separator: ", ") + "}"
    }

    static func plain(_ value: RowFilter.Value) -> String {
        switch value {
        case .text(let s): return s
        case .number(let x): return JSONValue.format(x)
        }
    }

    /// The rows of `frame` that meet every condition, and notes on conditions that match
    /// no row (with "did you mean" hints).
    public func apply(to frame: DataFrame, display: String) throws(DirectiveError) -> (frame: DataFrame, notes: [String]) {
        var mask = [Bool](repeating: true, count: frame.rowCount)
        var notes: [String] = []
        for column in columns {
            guard frame.column(column.name) != nil else {
                throw DirectiveError("'where': no column '\(column.name)' in \(display)\(Suggestion.hint(for: column.name, in: frame.columnNames))", at: column.location)
            }
            do {
                let selection = try RowFilter(column.conditions).select(from: frame)
                for i in mask.indices where !selection.mask[i] { mask[i] = false }
                notes += selection.notes
            } catch {
                throw DirectiveError("'where.\(column.name)': \(error.message)", at: column.location)
            }
        }
        return (frame.selecting(mask), notes)
    }
}
