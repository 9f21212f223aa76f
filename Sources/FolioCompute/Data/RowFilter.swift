/// Which rows of a frame a directive uses: the `where:` parameter of every directive, as
/// conditions on columns that must all hold (a conjunction, like chained pandas boolean
/// masks `df[(df.split == "test") & (df.prob > 0.5)]`).
///
/// The notebook layer decodes YAML into `Condition`s; this type knows nothing of YAML.
///
/// Meaning per column kind:
/// - **number** columns: `==`, `!=`, `<`, `<=`, `>`, `>=` and `oneOf` compare numerically
///   (a text operand must parse as a number); `NaN` cells fail every test except `!=`
///   (IEEE 754 and pandas agree).
/// - **text** columns: `==`, `!=` and `oneOf` match levels exactly (a number operand
///   matches the levels that parse to that number, so `label: 1` matches `"1"`); ordered
///   comparisons are an error. Empty cells fail every test except `!=`.
/// - **timestamp** columns: operands are ISO 8601 texts (see `TimestampParser`) or seconds
///   since the epoch; `timeRange(from:to:)` keeps `from <= t <= to`, where a date-only `to`
///   covers its whole day (as pandas' date-string slicing `df.loc["2024-01-01":"2024-06-30"]`
///   does). Missing times fail every test except `!=`.
///
/// A value that matches no row is not an error: the selection is then empty, and
/// `Selection.notes` says which value matched nothing (with a "did you mean" for text), so
/// that callers can report an empty split.
public struct RowFilter: Sendable, Hashable {
    /// An operand: text or a number.
    public enum Value: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByFloatLiteral,
        ExpressibleByIntegerLiteral, CustomStringConvertible
    {
        /// A text: a level, an ISO 8601 time, or a number written as text.
        case text(String)
        /// A number (seconds since the epoch for timestamp columns).
        case number(Double)

        /// `"test"` is `.text("test")`.
        public init(stringLiteral value: String) { self = .text(value) }
        /// `0.5` is `.number(0.5)`.
        public init(floatLiteral value: Double) { self = .number(value) }
        /// `1` is `.number(1)`.
        public init(integerLiteral value: Int) { self = .number(Double(value)) }

        /// Text in quotes, numbers in their shortest form (`1` for `1.0`).
        public var description: String {
            switch self {
            case .text(let text): return "\"\(text)\""
            case .number(let number):
                if number.isFinite && number == number.rounded() && abs(number) < 1e15 {
                    return String(Int64(number))
                }
                return "\(number)"
            }
        }
    }

    /// A comparison operator.
    public enum Comparison: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// `==`
        case equal = "=="
        /// `!=`
        case notEqual = "!="
        /// `<`
        case less = "<"
        /// `<=`
        case lessOrEqual = "<="
        /// `>`
        case greater = ">"
        /// `>=`
        case greaterOrEqual = ">="

        /// The operator's symbol.
        public var description: String { rawValue }

        @inline(__always)
        func holds<T: Comparable>(_ a: T, _ b: T) -> Bool {
            switch self {
            case .equal: a == b
            case .notEqual: a != b
            case .less: a < b
            case .lessOrEqual: a <= b
            case .greater: a > b
            case .greaterOrEqual: a >= b
            }
        }
    }

    /// What a condition tests.
    public enum Test: Sendable, Hashable {
        /// `cell <op> value`.
        case compare(Comparison, Value)
        /// The cell equals one of the values.
        case oneOf([Value])
        /// `from <= cell <= to` on a timestamp column; either bound may be absent; a
        /// date-only `to` includes its whole day.
        case timeRange(from: String?, to: String?)
    }

    /// One condition on one column.
    public struct Condition: Sendable, Hashable, CustomStringConvertible {
        /// The column tested.
        public var column: String
        /// The test.
        public var test: Test

        /// A condition from its parts.
        public init(_ column: String, _ test: Test) {
            self.column = column
            self.test = test
        }

        /// `column == value`.
        public init(_ column: String, equals value: Value) {
            self.init(column, .compare(.equal, value))
        }

        /// `column <comparison> value`.
        public init(_ column: String, _ comparison: Comparison, _ value: Value) {
            self.init(column, .compare(comparison, value))
        }

        /// `column` is one of `values`.
        public init(_ column: String, oneOf values: [Value]) {
            self.init(column, .oneOf(values))
        }

        /// `from <= column <= to` for a timestamp column (ISO 8601 texts).
        public init(_ column: String, from: String?, to: String?) {
            self.init(column, .timeRange(from: from, to: to))
        }

        /// `split == "test"`, `prob >= 0.5`, `symbol in ["AAPL", "MSFT"]`,
        /// `timestamp in [2024-01-01, 2024-06-30]`.
        public var description: String {
            switch test {
            case .compare(let op, let value): return "\(column) \(op) \(value)"
            case .oneOf(let values): return "\(column) in [\(values.map(\.description).joined(separator: ", "))]"
            case .timeRange(let from, let to): return "\(column) in [\(from ?? "..."), \(to ?? "...")]"
            }
        }
    }

    /// The rows kept, and what the caller may want to tell the reader.
    public struct Selection: Sendable, Hashable {
        /// One flag per row of the frame.
        public var mask: [Bool]
        /// The number of rows kept.
        public var rowCount: Int
        /// Conditions whose values matched no row, e.g.
        /// `split == "tset" matches no row (values: "train", "val", "test"; did you mean "test"?)`.
        public var notes: [String]
    }

    /// The conditions; all must hold.
    public var conditions: [Condition]

    /// A filter from conditions (none: every row).
    public init(_ conditions: [Condition] = []) {
        self.conditions = conditions
    }

    /// Whether the filter keeps every row.
    public var isEmpty: Bool { conditions.isEmpty }

    /// One flag per row of `frame`: whether every condition holds.
    ///
    /// - Throws: `notFound` for an unknown column (with a suggestion), `typeMismatch` for
    ///   a test that does not apply to the column's kind, `invalidValue` for an operand
    ///   that cannot be read (a text that is not a number or not an ISO 8601 time).
    /// - Complexity: O(rows × conditions).
    public func mask(for frame: DataFrame) throws(DataError) -> [Bool] {
        try select(from: frame).mask
    }

    /// The rows of `frame` that pass, with their count and notes.
    public func select(from frame: DataFrame) throws(DataError) -> Selection {
        var mask = [Bool](repeating: true, count: frame.rowCount)
        var notes: [String] = []
        for condition in conditions {
            let column = try frame.requireColumn(condition.column)
            let matched = try mask.withUnsafeMutableBufferPointer { (mask) throws(DataError) -> Int in
                try Self.apply(condition, column, to: mask, frame: frame)
            }
            if matched == 0 && frame.rowCount > 0 {
                notes.append(Self.note(condition, column))
            }
        }
        var kept = 0
        for flag in mask where flag { kept += 1 }
        return Selection(mask: mask, rowCount: kept, notes: notes)
    }

    /// The rows of `frame` that pass (a new frame) and the selection.
    public func apply(to frame: DataFrame) throws(DataError) -> (frame: DataFrame, selection: Selection) {
        let selection = try select(from: frame)
        if selection.rowCount == frame.rowCount { return (frame, selection) }
        return (frame.selecting(selection.mask), selection)
    }

    // MARK: - Evaluation

    /// ANDs `test` of each value into `mask`; returns how many values pass `test`.
    @inline(__always)
    private static func and<T>(_ test: (T) -> Bool, over values: [T], into mask: UnsafeMutableBufferPointer<Bool>) -> Int {
        values.withUnsafeBufferPointer { values in
            var matched = 0
            for i in 0..<values.count {
                let ok = test(values[i])
                if ok { matched += 1 }
                mask[i] = mask[i] && ok
            }
            return matched
        }
    }

    /// ANDs one condition into `mask`; returns how many rows the condition alone matches.
    private static func apply(
        _ condition: Condition, _ column: Column, to mask: UnsafeMutableBufferPointer<Bool>, frame: DataFrame
    ) throws(DataError) -> Int {
        switch column {
        case .number(let values):
            return and(try numberTest(condition, frame: frame), over: values, into: mask)
        case .timestamp(let values):
            return and(try timeTest(condition, frame: frame), over: values, into: mask)
        case .text(let text):
            // Decide per level once, then look codes up.
            let (levelPasses, emptyPasses) = try textTest(condition, text, frame: frame)
            return text.codes.withUnsafeBufferPointer { codes in
                levelPasses.withUnsafeBufferPointer { passes in
                    var matched = 0
                    for i in 0..<codes.count {
                        let code = Int(codes[i])
                        let ok = code < 0 ? emptyPasses : passes[code]
                        if ok { matched += 1 }
                        mask[i] = mask[i] && ok
                    }
                    return matched
                }
            }
        }
    }

    private static func numberTest(_ condition: Condition, frame: DataFrame) throws(DataError) -> (Double) -> Bool {
        switch condition.test {
        case .compare(let op, let value):
            let x = try number(value, condition, frame: frame)
            return { op.holds($0, x) }
        case .oneOf(let values):
            var set: [Double] = []
            for value in values { set.append(try number(value, condition, frame: frame)) }
            let sorted = set.filter { !$0.isNaN }.sorted()
            return { cell in
                // Binary search: lists from YAML are short, but columns are long.
                var low = 0
                var high = sorted.count
                while low < high {
                    let mid = (low + high) / 2
                    if sorted[mid] < cell { low = mid + 1 } else { high = mid }
                }
                return low < sorted.count && sorted[low] == cell
            }
        case .timeRange:
            throw mismatch(condition, "is a number column; from/to ranges apply to timestamp columns", frame)
        }
    }

    private static func timeTest(_ condition: Condition, frame: DataFrame) throws(DataError) -> (Int64) -> Bool {
        let missing = Column.missingTime
        switch condition.test {
        case .compare(let op, let value):
            let t = try time(value, condition, frame: frame)
            return { $0 == missing ? op == .notEqual : op.holds($0, t) }
        case .oneOf(let values):
            var set = Set<Int64>()
            for value in values { set.insert(try time(value, condition, frame: frame)) }
            return { $0 != missing && set.contains($0) }
        case .timeRange(let from, let to):
            var low = Int64.min
            if let from {
                _ = try time(.text(from), condition, frame: frame)
                low = TimeOperand.rangeStart(from) ?? .min
            }
            var high = Int64.max
            if let to {
                _ = try time(.text(to), condition, frame: frame)
                high = TimeOperand.rangeEnd(to) ?? .max
            }
            return { $0 != missing && $0 >= low && $0 <= high }
        }
    }

    /// Per-level results and the result for empty cells.
    private static func textTest(
        _ condition: Condition, _ text: TextColumn, frame: DataFrame
    ) throws(DataError) -> ([Bool], Bool) {
        func matches(_ level: String, _ value: Value) -> Bool {
            switch value {
            case .text(let operand): return level == operand
            case .number(let operand): return NumberParser.parse(level) == operand
            }
        }
        switch condition.test {
        case .compare(.equal, let value):
            return (text.levels.map { matches($0, value) }, false)
        case .compare(.notEqual, let value):
            return (text.levels.map { !matches($0, value) }, true)
        case .compare(let op, _):
            throw mismatch(
                condition, "is a text column; \(op) compares numbers or times (use == , != or a list of values)",
                frame)
        case .oneOf(let values):
            return (text.levels.map { level in values.contains { matches(level, $0) } }, false)
        case .timeRange:
            throw mismatch(condition, "is a text column; from/to ranges apply to timestamp columns", frame)
        }
    }

    // MARK: - Operands

    private static func number(_ value: Value, _ condition: Condition, frame: DataFrame) throws(DataError) -> Double {
        switch value {
        case .number(let x): return x
        case .text(let text):
            if let x = NumberParser.parse(text) { return x }
            throw DataError(
                .invalidValue, "holds numbers; \(value) is not a number (in `\(condition)`)", path: frame.path,
                columnName: condition.column)
        }
    }

    /// `TimeOperand.seconds(value)`, or an error saying why the operand is no time.
    private static func time(_ value: Value, _ condition: Condition, frame: DataFrame) throws(DataError) -> Int64 {
        if let t = TimeOperand.seconds(value) { return t }
        switch value {
        case .number:
            throw DataError(
                .invalidValue, "holds times; \(value) is not whole seconds since 1970 (in `\(condition)`)",
                path: frame.path, columnName: condition.column)
        case .text:
            throw DataError(
                .invalidValue,
                "holds times; \(value) is not an ISO 8601 time such as \"2024-03-01\" or \"2024-03-01T14:00:00Z\" (in `\(condition)`)",
                path: frame.path, columnName: condition.column)
        }
    }

    private static func mismatch(_ condition: Condition, _ message: String, _ frame: DataFrame) -> DataError {
        DataError(.typeMismatch, message + " (in `\(condition)`)", path: frame.path, columnName: condition.column)
    }

    /// Why a condition matched no row, with the column's values for text columns.
    private static func note(_ condition: Condition, _ column: Column) -> String {
        var note = "`\(condition)` matches no row"
        guard case .text(let text) = column else { return note }
        var operands: [String] = []
        switch condition.test {
        case .compare(.equal, .text(let operand)): operands = [operand]
        case .oneOf(let values):
            for case .text(let operand) in values { operands.append(operand) }
        default: break
        }
        let levels = text.levels.count <= 12 ? " (values: \(NameSuggestion.list(text.levels)))" : ""
        let suggestion = operands.lazy.compactMap { NameSuggestion.closest(to: $0, among: text.levels) }.first
        if let suggestion {
            note += levels.isEmpty ? "; did you mean \"\(suggestion)\"?" : levels.dropLast() + "; did you mean \"\(suggestion)\"?)"
        } else {
            note += levels
        }
        return note
    }
}
