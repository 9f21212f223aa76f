/// Conditions on the columns of a frame, all of which a row must meet (the `where:`
/// parameter of every directive that reads data).
public struct RowFilter: Sendable {
    /// A value to compare with: a number or a text. Text compared with a timestamp column
    /// is read as an ISO 8601 time.
    public enum Value: Sendable, Hashable, CustomStringConvertible {
        case number(Double)
        case text(String)

        public var description: String {
            switch self {
            case .number(let x): return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
            case .text(let s): return s
            }
        }
    }

    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        case lessThan = "<", lessThanOrEqual = "<=", greaterThan = ">", greaterThanOrEqual = ">="
        case equal = "==", notEqual = "!="
    }

    public indirect enum Condition: Sendable, Hashable, CustomStringConvertible {
        case equals(Value)
        case oneOf([Value])
        case compare(Comparison, Value)
        /// Every condition holds.
        case all([Condition])

        public var description: String {
            switch self {
            case .equals(let v): return v.description
            case .oneOf(let vs): return "[" + vs.map(\.description).joined(separator: ", ") + "]"
            case .compare(let op, let v): return "\(op.rawValue) \(v)"
            case .all(let cs): return cs.map(\.description).joined(separator: " and ")
            }
        }
    }

    public var conditions: [(column: String, condition: Condition)]

    public init(_ conditions: [(column: String, condition: Condition)]) {
        self.conditions = conditions
    }

    /// Which rows of `frame` meet every condition. A text value that matches no level
    /// selects no row (not an error: callers report an empty selection).
    ///
    /// - Throws: `DataError` for an unknown column (with a suggestion), a numeric
    ///   comparison on a text column, or a text that is not a time on a timestamp column.
    /// - Complexity: O(rows × conditions).
    public func mask(for frame: DataFrame) throws(DataError) -> [Bool] {
        var mask = [Bool](repeating: true, count: frame.rowCount)
        for (name, condition) in conditions {
            let column = try frame.requireColumn(name)
            let test = try RowFilter.predicate(condition, column: column, name: name)
            for i in mask.indices where mask[i] && !test(i) { mask[i] = false }
        }
        return mask
    }

    private static func predicate(_ condition: Condition, column: Column, name: String) throws(DataError) -> (Int) -> Bool {
        switch condition {
        case .all(let parts):
            var tests: [(Int) -> Bool] = []
            for part in parts { tests.append(try predicate(part, column: column, name: name)) }
            return { i in tests.allSatisfy { $0(i) } }
        case .equals(let v):
            return try predicate(.oneOf([v]), column: column, name: name)
        case .oneOf(let values):
            switch column {
            case .text(let text):
                let codes = Set(values.compactMap { text.code(of: $0.description) })
                let codesArray = text.codes
                return { codes.contains(codesArray[$0]) }
            case .number(let numbers):
                var targets = Set<Double>()
                for v in values {
                    guard case .number(let x) = v else {
                        throw DataError(.typeMismatch, "'\(v)' is text but column '\(name)' is numeric", columnName: name)
                    }
                    targets.insert(x)
                }
                return { targets.contains(numbers[$0]) }
            case .timestamp(let times):
                var targets = Set<Int64>()
                for v in values { targets.insert(try time(v, name: name)) }
                return { targets.contains(times[$0]) }
            }
        case .compare(let op, let v):
            switch column {
            case .text:
                if op == .equal { return try predicate(.oneOf([v]), column: column, name: name) }
                if op == .notEqual {
                    let inner = try predicate(.oneOf([v]), column: column, name: name)
                    return { !inner($0) }
                }
                throw DataError(.typeMismatch, "cannot compare text column '\(name)' with '\(op.rawValue)'", columnName: name)
            case .number(let numbers):
                guard case .number(let x) = v else {
                    throw DataError(.typeMismatch, "'\(v)' is text but column '\(name)' is numeric", columnName: name)
                }
                return { compare(numbers[$0], op, x) }
            case .timestamp(let times):
                let t = try time(v, name: name)
                return { times[$0] != Column.missingTime && compare(times[$0], op, t) }
            }
        }
    }

    private static func time(_ v: Value, name: String) throws(DataError) -> Int64 {
        guard case .text(let s) = v, let t = TimestampParser.seconds(from: s) else {
            throw DataError(.typeMismatch, "'\(v)' is not an ISO 8601 time (column '\(name)' holds times)", columnName: name)
        }
        return t
    }

    @inline(__always)
    private static func compare<T: Comparable>(_ a: T, _ op: Comparison, _ b: T) -> Bool {
        switch op {
        case .lessThan: return a < b
        case .lessThanOrEqual: return a <= b
        case .greaterThan: return a > b
        case .greaterThanOrEqual: return a >= b
        case .equal: return a == b
        case .notEqual: return a != b
        }
    }
}
