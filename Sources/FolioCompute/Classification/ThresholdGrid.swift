/// The thresholds of a sweep: `from`, `from + step`, ... up to `to`, each rounded to the
/// decimals of `step` (or of `from`, if it has more), as `np.round(x, decimals)` does, so
/// that 0.15000000000000002 never appears: the values are the doubles nearest to 0.10,
/// 0.15, ..., 0.90.
public struct ThresholdGrid: Hashable, Sendable, Codable {
    /// The first threshold (default 0.10).
    public var from: Double
    /// The last threshold, included when the steps reach it (default 0.90).
    public var to: Double
    /// The spacing (default 0.05).
    public var step: Double

    /// A grid from `from` to `to` by `step` (defaults: 0.10 to 0.90 by 0.05).
    public init(from: Double = 0.10, to: Double = 0.90, step: Double = 0.05) {
        self.from = from
        self.to = to
        self.step = step
    }

    /// The largest number of thresholds a grid may have.
    public static let maximumCount = 100_000

    /// The thresholds, ascending.
    /// - Throws: `ClassificationError.invalidParameter` for a non-finite bound, a step
    ///   that is not positive, `from > to`, or more than `maximumCount` values.
    public func values() throws -> [Double] {
        guard from.isFinite, to.isFinite else {
            throw ClassificationError.invalidParameter(name: "grid", reason: "from and to must be finite numbers")
        }
        guard step.isFinite, step > 0 else {
            throw ClassificationError.invalidParameter(name: "step", reason: "must be a positive number, got \(step)")
        }
        guard from <= to else {
            throw ClassificationError.invalidParameter(name: "grid", reason: "from (\(from)) is above to (\(to))")
        }
        let span = ((to - from) / step + 1e-9).rounded(.down)
        guard span < Double(Self.maximumCount) else {
            throw ClassificationError.invalidParameter(
                name: "step", reason: "gives more than \(Self.maximumCount) thresholds between \(from) and \(to)")
        }
        let decimals = max(Self.decimals(of: step), Self.decimals(of: from))
        let scale = decimals <= 15 ? Self.powerOfTen(decimals) : nil
        return (0...Int(span)).map { k in
            let raw = from + Double(k) * step
            guard let scale else { return raw }
            return (raw * scale).rounded(.toNearestOrEven) / scale
        }
    }

    /// The number of decimals in the shortest representation of `x` (0.05 -> 2,
    /// 1e-05 -> 5, 0.25 -> 2, 1 -> 0).
    static func decimals(of x: Double) -> Int {
        let text = "\(Swift.abs(x))".lowercased()
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        var fraction = 0
        if let dot = mantissa.firstIndex(of: ".") {
            let digits = mantissa[mantissa.index(after: dot)...]
            fraction = digits == "0" ? 0 : digits.count
        }
        return max(0, fraction - exponent)
    }

    private static func powerOfTen(_ n: Int) -> Double {
        var p = 1.0
        for _ in 0..<n { p *= 10 }
        return p
    }
}
