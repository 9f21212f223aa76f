/// The logistic and tanh functions as onnxruntime's CPU kernels compute them: MLAS's
/// rational approximations (`MlasComputeLogistic`, `MlasComputeTanh`), odd polynomials over
/// even ones on a clamped input, vectorised eight lanes at a time. Against the exact
/// functions they differ by at most about 3e-7; against onnxruntime by at most about
/// 4e-7 (onnxruntime fuses multiply-adds).
enum Activations {
    /// `1 / (1 + exp(-x))` for every element, in place.
    static func sigmoid(_ values: UnsafeMutableBufferPointer<Float>) {
        apply(values, sigmoid8, sigmoid1)
    }

    /// `tanh(x)` for every element, in place.
    static func tanh(_ values: UnsafeMutableBufferPointer<Float>) {
        apply(values, tanh8, tanh1)
    }

    @inline(__always)
    private static func apply(
        _ values: UnsafeMutableBufferPointer<Float>, _ vector: (SIMD8<Float>) -> SIMD8<Float>, _ scalar: (Float) -> Float
    ) {
        guard let base = values.baseAddress else { return }
        let count = values.count
        var i = 0
        let raw = UnsafeMutableRawPointer(base)
        while i + 8 <= count {
            let x = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            raw.storeBytes(of: vector(x), toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            base[i] = scalar(base[i])
            i += 1
        }
    }

    // MLAS logistic: x clamped to [-18, 18]; p(x) / q(x) + 1/2.
    private static let la9: Float = 4.37031012579801e-11, la7: Float = 1.15627324459942e-07
    private static let la5: Float = 6.08574864600143e-05, la3: Float = 8.51377133304701e-03
    private static let la1: Float = 2.48287947061529e-01
    private static let lb10: Float = 6.10247389755681e-13, lb8: Float = 5.76102136993427e-09
    private static let lb6: Float = 6.29106785017040e-06, lb4: Float = 1.70198817374094e-03
    private static let lb2: Float = 1.16817656904453e-01, lb0: Float = 9.93151921023180e-01

    @inline(__always)
    static func sigmoid8(_ input: SIMD8<Float>) -> SIMD8<Float> {
        // Clamp by masks (SIMD's clamped(lowerBound:upperBound:) is not specialised here and
        // costs more than the polynomial); a NaN fails both tests and stays NaN.
        var x = input
        x.replace(with: -18, where: x .< -18)
        x.replace(with: 18, where: x .> 18)
        let x2 = x * x
        var p = x2 * la9 + la7
        p = p * x2 + la5
        p = p * x2 + la3
        p = p * x2 + la1
        p = p * x
        var q = x2 * lb10 + lb8
        q = q * x2 + lb6
        q = q * x2 + lb4
        q = q * x2 + lb2
        q = q * x2 + lb0
        return p / q + 0.5
    }

    @inline(__always)
    static func sigmoid1(_ input: Float) -> Float {
        guard !input.isNaN else { return input }
        let x = min(max(input, -18), 18)
        let x2 = x * x
        let p = ((((x2 * la9 + la7) * x2 + la5) * x2 + la3) * x2 + la1) * x
        let q = ((((x2 * lb10 + lb8) * x2 + lb6) * x2 + lb4) * x2 + lb2) * x2 + lb0
        return p / q + 0.5
    }

    // MLAS tanh (Eigen's): x clamped to [-9, 9]; x · p(x²) / q(x²).
    private static let ta13: Float = -2.76076847742355e-16, ta11: Float = 2.00018790482477e-13
    private static let ta9: Float = -8.60467152213735e-11, ta7: Float = 5.12229709037114e-08
    private static let ta5: Float = 1.48572235717979e-05, ta3: Float = 6.37261928875436e-04
    private static let ta1: Float = 4.89352455891786e-03
    private static let tb6: Float = 1.19825839466702e-06, tb4: Float = 1.18534705686654e-04
    private static let tb2: Float = 2.26843463243900e-03, tb0: Float = 4.89352518554385e-03

    @inline(__always)
    static func tanh8(_ input: SIMD8<Float>) -> SIMD8<Float> {
        var x = input
        x.replace(with: -9, where: x .< -9)
        x.replace(with: 9, where: x .> 9)
        let x2 = x * x
        var p = x2 * ta13 + ta11
        p = p * x2 + ta9
        p = p * x2 + ta7
        p = p * x2 + ta5
        p = p * x2 + ta3
        p = p * x2 + ta1
        p = p * x
        var q = x2 * tb6 + tb4
        q = q * x2 + tb2
        q = q * x2 + tb0
        return p / q
    }

    @inline(__always)
    static func tanh1(_ input: Float) -> Float {
        guard !input.isNaN else { return input }
        let x = min(max(input, -9), 9)
        let x2 = x * x
        let p = ((((((x2 * ta13 + ta11) * x2 + ta9) * x2 + ta7) * x2 + ta5) * x2 + ta3) * x2 + ta1) * x
        let q = ((x2 * tb6 + tb4) * x2 + tb2) * x2 + tb0
        return p / q
    }
}
