/// How the values of an axis are read and labelled.
public enum TickFormat: Sendable, Hashable {
    /// Plain numbers on a 1-2-5 grid (`0.25`, `1,500`, `2.5M`).
    case number
    /// Fractions shown as percentages (`0.25` is labelled `25%`).
    case percent
    /// Seconds since the Unix epoch, ticks at UTC calendar boundaries
    /// (`14:00`, `2024-03-05`, `2024-03`, `Q1 2024`, `2024`).
    case time
}

/// The configuration of one axis of a chart.
public struct Axis: Sendable, Hashable {
    /// The axis title, e.g. `False positive rate`; `nil` for none.
    public var title: String?
    /// A fixed domain (e.g. `0...1`); `nil` fits the data (on a nice 1-2-5 grid for value
    /// axes, tight to the data for the x axis of a line chart).
    public var range: ClosedRange<Double>?
    /// How ticks are placed and labelled.
    public var format: TickFormat
    /// Whether a data-fitted domain is extended to include zero.
    public var includesZero: Bool

    /// An axis.
    ///
    /// - Parameters:
    ///   - title: the axis title.
    ///   - range: a fixed domain; must be finite with `lowerBound < upperBound`.
    ///   - format: number, percent or time.
    ///   - includesZero: extend a fitted domain to zero.
    public init(
        title: String? = nil, range: ClosedRange<Double>? = nil, format: TickFormat = .number,
        includesZero: Bool = false
    ) {
        self.title = title
        self.range = range
        self.format = format
        self.includesZero = includesZero
    }

    /// A time axis (values in seconds since the epoch, UTC).
    public static func time(title: String? = nil) -> Axis {
        Axis(title: title, format: .time)
    }

    /// Whether ``range`` (if any) is usable.
    var hasValidRange: Bool {
        guard let range else { return true }
        return range.lowerBound.isFinite && range.upperBound.isFinite && range.lowerBound < range.upperBound
    }
}
