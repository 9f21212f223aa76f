/// Estimated advance widths of text, for layout without font files.
///
/// Widths are Helvetica's (Adobe AFM, per 1000 em) scaled up by 12%, which covers the
/// wider fonts of the sans-serif stack (DejaVu Sans, Segoe UI): layout errs on the side of
/// more room. Characters outside ASCII count as 0.6 em, wide East Asian ones as 1 em.
enum TextMetrics {
    /// Helvetica widths for the printable ASCII characters U+0020 ... U+007E.
    static let asciiWidths: [UInt16] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  // space ... /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556,  // 0 ... 9
        278, 278, 584, 584, 584, 556, 1015,  // : ; < = > ? @
        667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,  // A ... M
        722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611,  // N ... Z
        278, 278, 278, 469, 556, 333,  // [ \ ] ^ _ `
        556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,  // a ... m
        556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500,  // n ... z
        334, 260, 334, 584,  // { | } ~
    ]

    /// The estimated width of `text` in pixels.
    ///
    /// - Complexity: O(n) in the number of Unicode scalars.
    static func width(_ text: String, fontSize: Double, bold: Bool = false) -> Double {
        var units = 0.0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v >= 0x20 && v <= 0x7E {
                units += Double(asciiWidths[Int(v - 0x20)])
            } else if v >= 0x2E80 {
                units += 1000
            } else {
                units += 600
            }
        }
        return units / 1000 * fontSize * 1.12 * (bold ? 1.08 : 1)
    }
}
