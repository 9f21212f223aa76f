/// Byte-level CSV helpers for the demo data writers (no Foundation, no per-cell strings).
enum DemoCSV {
    /// Appends `x` rounded to `digits` significant digits, or nothing (an empty cell, a
    /// missing value in the data contract) when `x` is NaN or infinite.
    @inline(__always)
    static func appendNumber(_ x: Double, digits: Int = 6, to buffer: inout [UInt8]) {
        if let d = DemoDecimal(x, significantDigits: digits) {
            d.append(to: &buffer)
        }
    }

    /// Appends the UTF-8 bytes of `text`.
    @inline(__always)
    static func append(_ text: String, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: text.utf8)
    }
}
