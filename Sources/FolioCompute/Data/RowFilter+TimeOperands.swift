extension RowFilter {
    /// How a timestamp column reads the operands of a condition: the one definition that
    /// `RowFilter` applies to rows and that any other evaluator (the PostgreSQL pushdown)
    /// must reproduce exactly.
    public enum TimeOperand {
        /// The operand as whole seconds since 1970: a number that is finite, whole and
        /// below 10^17 in magnitude, or a text `TimestampParser` reads (ISO 8601); `nil`
        /// for anything else.
        public static func seconds(_ value: Value) -> Int64? {
            switch value {
            case .number(let x) where x.isFinite && x == x.rounded(.down) && abs(x) < 1e17: Int64(x)
            case .number: nil
            case .text(let text): TimestampParser.seconds(from: text)
            }
        }

        /// The first second a range's `from` keeps: its time (`nil` when not a time).
        public static func rangeStart(_ from: String) -> Int64? {
            TimestampParser.seconds(from: from)
        }

        /// The last second a range's `to` keeps: its time, or for a date alone
        /// (`2024-06-30`) the last second of that day, as pandas' date-string slicing
        /// keeps the whole day (`nil` when not a time).
        public static func rangeEnd(_ to: String) -> Int64? {
            guard let t = TimestampParser.seconds(from: to) else { return nil }
            return isDateOnly(to) ? t + 86_399 : t
        }

        /// Whether `text` (spaces around it ignored) is a date without a time.
        static func isDateOnly(_ text: String) -> Bool {
            var s = Substring(text)
            while s.first == " " { s.removeFirst() }
            while s.last == " " { s.removeLast() }
            return s.utf8.count == 10
        }
    }
}
