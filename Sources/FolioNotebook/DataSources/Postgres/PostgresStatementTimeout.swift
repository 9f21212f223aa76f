/// How long one SQL statement of a PostgreSQL source may run before the server cancels
/// it (PostgreSQL's `statement_timeout`, set on every connection folio opens), so that a
/// huge or hostile query cannot hang a render: 10 minutes unless the URL says otherwise
/// with `?statement_timeout=30s`.
///
/// The URL's value is read strictly: a whole number from 1 to 999,999,999 without sign,
/// spaces or leading zeros, then a unit, `ms`, `s`, `min` or `h` (PostgreSQL's own spelling
/// of these units), at most 24 hours. There is no value that turns the limit off.
public struct PostgresStatementTimeout: Sendable, Hashable, CustomStringConvertible {
    /// The limit in milliseconds.
    public let milliseconds: Int

    /// 10 minutes.
    public static let standard = PostgresStatementTimeout(checked: 600_000)
    /// 24 hours, the most a URL may ask for.
    public static let longest = PostgresStatementTimeout(checked: 86_400_000)

    private init(checked milliseconds: Int) {
        self.milliseconds = milliseconds
    }

    /// Reads a URL's `statement_timeout` value.
    ///
    /// - Throws: `PostgresError` naming the value and the accepted form.
    public init(parsing text: String) throws(PostgresError) {
        let units: [(suffix: String, milliseconds: Int)] = [("ms", 1), ("min", 60_000), ("s", 1_000), ("h", 3_600_000)]
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let unit = text.dropFirst(digits.count)
        guard (1...9).contains(digits.count), digits.first != "0", let count = Int(digits),
              let scale = units.first(where: { $0.suffix == unit })?.milliseconds else {
            throw PostgresError("'statement_timeout=\(text)': give a whole number and a unit, ms, s, min or h, such as statement_timeout=30s or statement_timeout=20min")
        }
        let total = count.multipliedReportingOverflow(by: scale)
        guard !total.overflow, total.partialValue <= Self.longest.milliseconds else {
            throw PostgresError("'statement_timeout=\(text)' is longer than 24 hours, the most folio allows")
        }
        milliseconds = total.partialValue
    }

    /// The limit in the largest unit that writes it whole: `10min`, `30s`, `250ms`.
    public var description: String {
        for (suffix, scale) in [("h", 3_600_000), ("min", 60_000), ("s", 1_000)] where milliseconds % scale == 0 {
            return "\(milliseconds / scale)\(suffix)"
        }
        return "\(milliseconds)ms"
    }
}
