/// Deterministic test data from integer arithmetic and correctly rounded operations
/// only (no libm), so snapshots do not depend on the platform's math library.
struct TestData {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// SplitMix64.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double {
        Double(next() >> 11) / 9_007_199_254_740_992
    }

    /// Approximately standard normal (Irwin-Hall sum of twelve uniforms minus 6).
    mutating func normal() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += uniform() }
        return sum - 6
    }

    /// A ROC-like curve from two score distributions: sorted descending, cumulative rates.
    mutating func rocCurve(shift: Double, count: Int, positiveRate: Double = 0.3) -> (fpr: [Double], tpr: [Double]) {
        var scores: [(Double, Bool)] = []
        scores.reserveCapacity(count)
        for _ in 0..<count {
            let positive = uniform() < positiveRate
            scores.append((normal() + (positive ? shift : 0), positive))
        }
        scores.sort { $0.0 > $1.0 }
        let positives = Double(scores.filter(\.1).count)
        let negatives = Double(scores.count) - positives
        var tp = 0.0
        var fp = 0.0
        var fpr = [0.0]
        var tpr = [0.0]
        for (_, positive) in scores {
            if positive { tp += 1 } else { fp += 1 }
            fpr.append(fp / negatives)
            tpr.append(tp / positives)
        }
        return (fpr, tpr)
    }
}
