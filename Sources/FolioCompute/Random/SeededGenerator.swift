/// A deterministic pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// Every random draw in folio (bootstraps, sampled rows, random baselines, demo data) goes
/// through this type so that the same seed gives the same numbers on every machine.
/// Swift's `SystemRandomNumberGenerator` is never used for results.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Creates a generator whose whole sequence is determined by `seed`.
    public init(seed: UInt64) {
        var sm = seed
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(&sm), splitMix(&sm), splitMix(&sm), splitMix(&sm))
    }

    /// Creates the generator of stream `stream` of `seed`: streams of one seed are
    /// independent sequences (the stream index goes through SplitMix64's finaliser before
    /// it is combined with the seed), so work split into numbered chunks, each drawing
    /// from its own stream, gives the same numbers whatever the number of threads.
    public init(seed: UInt64, stream: UInt64) {
        var z = (stream &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        self.init(seed: seed ^ z ^ (z >> 31))
    }

    /// Creates a generator seeded from a string (for example a notebook path and a
    /// directive id), through the 64-bit FNV-1a hash of its UTF-8 bytes.
    public init(seedString: String) {
        self.init(seed: SeededGenerator.fnv1a(seedString))
    }

    /// The 64-bit FNV-1a hash of the UTF-8 bytes of `string`; stable across platforms.
    public static func fnv1a(_ string: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in string.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = SeededGenerator.rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = SeededGenerator.rotl(state.3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `0..<bound` (Lemire's nearly-divisionless method, unbiased).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next(upperBound: UInt64(bound)))
    }

    /// Two uniform integers in `0..<bound` from one 64-bit output: its low half, then its
    /// high half, each mapped by Lemire's 32-bit multiply-shift. A half that would bias its
    /// result (probability below `bound / 2^32`) is replaced by the low half of the next
    /// output. Half the generator calls of two `nextInt(below:)`, for hot loops (the
    /// bootstrap) whose bounds are row counts.
    @inline(__always)
    public mutating func nextPair(below bound: UInt32) -> (UInt32, UInt32) {
        let x = next()
        let first = unbiased(UInt32(truncatingIfNeeded: x), below: bound)
        let second = unbiased(UInt32(truncatingIfNeeded: x >> 32), below: bound)
        return (first, second)
    }

    /// One uniform integer in `0..<bound` from the low half of one 64-bit output (the
    /// scheme of `nextPair(below:)`, the high half unused).
    @inline(__always)
    public mutating func nextHalf(below bound: UInt32) -> UInt32 {
        unbiased(UInt32(truncatingIfNeeded: next()), below: bound)
    }

    /// Lemire's multiply-shift of a 32-bit draw into `0..<bound`, rejecting the draws
    /// whose low product bits fall below `2^32 mod bound`.
    @inline(__always)
    private mutating func unbiased(_ draw: UInt32, below bound: UInt32) -> UInt32 {
        precondition(bound > 0, "bound must be positive")
        var product = UInt64(draw) &* UInt64(bound)
        if UInt32(truncatingIfNeeded: product) < bound {
            let threshold = (0 &- bound) % bound
            while UInt32(truncatingIfNeeded: product) < threshold {
                product = UInt64(UInt32(truncatingIfNeeded: next())) &* UInt64(bound)
            }
        }
        return UInt32(truncatingIfNeeded: product >> 32)
    }

    /// A standard normal draw (Box-Muller; one of the pair is discarded so that the
    /// stream does not depend on call parity).
    public mutating func nextNormal() -> Double {
        var u1 = nextUniform()
        while u1 <= 0 { u1 = nextUniform() }
        let u2 = nextUniform()
        return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) private func _log(_ x: Double) -> Double { Glibc.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#elseif canImport(Darwin)
import Darwin
@inline(__always) private func _log(_ x: Double) -> Double { Darwin.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
