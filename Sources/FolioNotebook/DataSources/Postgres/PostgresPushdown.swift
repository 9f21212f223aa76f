import FolioCompute

/// The part of a `where:` filter that SQL tests exactly as `RowFilter` does, as clauses
/// whose values are bound parameters: each value is set with `set_config('folio.pN', $N)`
/// through `PQexecParams` and read back in the clause as `current_setting('folio.pN')`
/// (`COPY` takes no parameters of its own), so no value is ever written into SQL.
///
/// Pushed down (anything else is left to `RowFilter` on the rows fetched):
/// - numeric SQL columns: `==`, `<`, `<=`, `>`, `>=` and lists of numbers, compared as
///   `double precision` (PostgreSQL orders NaN above every number, so a pushed test keeps
///   NaN rows that `RowFilter` then drops, never the reverse);
/// - date/time SQL columns: the same tests and from/to ranges, on whole seconds since
///   1970 (`floor(extract(epoch ...))`, the CSV reader's rounding), the operands read by
///   `RowFilter.TimeOperand` (the rules `RowFilter` itself applies);
/// - text columns: `==` and lists of ASCII texts. Swift compares strings by canonical
///   equivalence; the only characters canonically equivalent to ASCII ones are KELVIN
///   SIGN (`K`), GREEK QUESTION MARK (`;`) and GREEK VARIA (`` ` ``), so the column is
///   compared with those three translated to ASCII, bytewise (`COLLATE "C"`).
/// `!=` is never pushed (missing cells pass it in `RowFilter`).
struct PostgresPushdown {
    /// `AND`ed clauses.
    var clauses: [String] = []
    /// The bound values, `folio.p1` first.
    var values: [String] = []

    /// Adds `condition` on a column of `kind` when SQL can test it exactly.
    /// - Parameters:
    ///   - type: the column's SQL type (OID): numbers and times are tested on numeric and
    ///     date/time types, text on `text`, `varchar` and `name`.
    ///   - column: the quoted column name.
    mutating func add(_ condition: RowFilter.Condition, kind: ColumnKind, type: UInt32, column: String) {
        switch kind {
        case .number where PostgresTypes.numbers.contains(type):
            addNumbers(condition, column: column)
        case .timestamp where PostgresTypes.times.contains(type):
            addTimes(condition, column: column)
        case .text where PostgresTypes.texts.contains(type):
            addTexts(condition, column: column)
        default:
            break
        }
    }

    private mutating func parameter(_ value: String, as type: String) -> String {
        values.append(value)
        return "(SELECT current_setting('folio.p\(values.count)')::\(type))"
    }

    private static func sql(_ op: RowFilter.Comparison) -> String? {
        switch op {
        case .equal: "="
        case .less: "<"
        case .lessOrEqual: "<="
        case .greater: ">"
        case .greaterOrEqual: ">="
        case .notEqual: nil
        }
    }

    private mutating func addNumbers(_ condition: RowFilter.Condition, column: String) {
        let expression = "(\(column))::double precision"
        switch condition.test {
        case .compare(let op, .number(let x)):
            guard let op = Self.sql(op) else { return }
            clauses.append("\(expression) \(op) \(parameter(Self.float(x), as: "double precision"))")
        case .oneOf(let list):
            var numbers: [Double] = []
            for case .number(let x) in list { numbers.append(x) }
            guard numbers.count == list.count, !numbers.isEmpty else { return }
            let placeholders = numbers.map { parameter(Self.float($0), as: "double precision") }
            clauses.append("\(expression) IN (\(placeholders.joined(separator: ", ")))")
        default:
            return
        }
    }

    private mutating func addTimes(_ condition: RowFilter.Condition, column: String) {
        let expression = "floor(extract(epoch FROM \(column)))"
        switch condition.test {
        case .compare(let op, let value):
            guard let op = Self.sql(op), let t = RowFilter.TimeOperand.seconds(value) else { return }
            clauses.append("\(expression) \(op) \(parameter(String(t), as: "bigint"))")
        case .oneOf(let list):
            let times = list.compactMap(RowFilter.TimeOperand.seconds)
            guard times.count == list.count, !times.isEmpty else { return }
            let placeholders = times.map { parameter(String($0), as: "bigint") }
            clauses.append("\(expression) IN (\(placeholders.joined(separator: ", ")))")
        case .timeRange(let from, let to):
            var parts: [String] = []
            if let from {
                guard let low = RowFilter.TimeOperand.rangeStart(from) else { return }
                parts.append("\(expression) >= \(parameter(String(low), as: "bigint"))")
            }
            if let to {
                guard let high = RowFilter.TimeOperand.rangeEnd(to) else { return }
                parts.append("\(expression) <= \(parameter(String(high), as: "bigint"))")
            }
            clauses += parts
        }
    }

    private mutating func addTexts(_ condition: RowFilter.Condition, column: String) {
        var texts: [String] = []
        switch condition.test {
        case .compare(.equal, .text(let text)):
            texts = [text]
        case .oneOf(let list):
            for case .text(let text) in list { texts.append(text) }
            guard texts.count == list.count else { return }
        default:
            return
        }
        guard !texts.isEmpty, texts.allSatisfy(Self.isExact) else { return }
        // Only when an operand holds one of the three characters: the literal needs a
        // UTF-8 database.
        let translated = texts.contains { $0.utf8.contains { $0 == 0x4B || $0 == 0x3B || $0 == 0x60 } }
        let expression = translated
            ? "translate((\(column))::text, '\u{212A}\u{037E}\u{1FEF}', 'K;`') COLLATE \"C\""
            : "(\(column))::text COLLATE \"C\""
        let placeholders = texts.map { parameter($0, as: "text") }
        clauses.append(placeholders.count == 1 ? "\(expression) = \(placeholders[0])" : "\(expression) IN (\(placeholders.joined(separator: ", ")))")
    }

    /// Shortest text that reads back as the same double (`nan`, `inf` included).
    static func float(_ x: Double) -> String {
        x.isNaN ? "NaN" : x == .infinity ? "Infinity" : x == -.infinity ? "-Infinity" : "\(x)"
    }

    /// A text SQL can match as Swift does: non-empty ASCII without NUL (a string is
    /// canonically equivalent to an ASCII one only through the three characters the
    /// clause translates).
    static func isExact(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 < 0x80 && $0 != 0 }
    }
}
