import Foundation

/// An opaque sRGB colour, with the Okabe-Ito colour-blind-safe palette.
///
/// Series without an explicit colour take ``ChartColor/series(_:)``: the Okabe-Ito
/// colours in their standard order (Okabe & Ito 2008; Wong, Nature Methods 2011),
/// starting after black, which is kept for text and annotations and comes last:
/// orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black.
public struct ChartColor: Sendable, Hashable, CustomStringConvertible {
    /// Red channel, 0 ... 255.
    public var red: UInt8
    /// Green channel, 0 ... 255.
    public var green: UInt8
    /// Blue channel, 0 ... 255.
    public var blue: UInt8

    /// A colour from its channels.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from `#RRGGBB` or `RRGGBB` (case-insensitive); `nil` when malformed.
    public init?(hex: String) {
        var digits = Substring(hex)
        if digits.hasPrefix("#") { digits = digits.dropFirst() }
        guard digits.utf8.count == 6, let value = UInt32(digits, radix: 16) else { return nil }
        self.init(red: UInt8(value >> 16), green: UInt8((value >> 8) & 0xFF), blue: UInt8(value & 0xFF))
    }

    /// `#RRGGBB` in uppercase.
    public var hex: String {
        let value = (UInt32(red) << 16) | (UInt32(green) << 8) | UInt32(blue)
        let text = String(value, radix: 16, uppercase: true)
        return "#" + String(repeating: "0", count: 6 - text.count) + text
    }

    /// Same as ``hex``.
    public var description: String { hex }

    /// Okabe-Ito black `#000000`.
    public static let black = ChartColor(red: 0, green: 0, blue: 0)
    /// Okabe-Ito orange `#E69F00`.
    public static let orange = ChartColor(red: 230, green: 159, blue: 0)
    /// Okabe-Ito sky blue `#56B4E9`.
    public static let skyBlue = ChartColor(red: 86, green: 180, blue: 233)
    /// Okabe-Ito bluish green `#009E73`.
    public static let bluishGreen = ChartColor(red: 0, green: 158, blue: 115)
    /// Okabe-Ito yellow `#F0E442`.
    public static let yellow = ChartColor(red: 240, green: 228, blue: 66)
    /// Okabe-Ito blue `#0072B2`.
    public static let blue = ChartColor(red: 0, green: 114, blue: 178)
    /// Okabe-Ito vermillion `#D55E00`.
    public static let vermillion = ChartColor(red: 213, green: 94, blue: 0)
    /// Okabe-Ito reddish purple `#CC79A7`.
    public static let reddishPurple = ChartColor(red: 204, green: 121, blue: 167)
    /// A neutral grey `#6E7781` for reference lines and secondary marks.
    public static let gray = ChartColor(red: 110, green: 119, blue: 129)

    /// The Okabe-Ito palette in its standard order, black first.
    public static let okabeIto: [ChartColor] = [
        black, orange, skyBlue, bluishGreen, yellow, blue, vermillion, reddishPurple,
    ]

    /// The default colour of the series at `index` (cycling through eight colours):
    /// the Okabe-Ito order without its leading black, then black.
    public static func series(_ index: Int) -> ChartColor {
        let cycle = [orange, skyBlue, bluishGreen, yellow, blue, vermillion, reddishPurple, black]
        return cycle[((index % cycle.count) + cycle.count) % cycle.count]
    }

    /// WCAG 2 relative luminance, 0 (black) ... 1 (white).
    var relativeLuminance: Double {
        func channel(_ value: UInt8) -> Double {
            let c = Double(value) / 255
            return c <= 0.04045 ? c / 12.92 : Self.gammaExpand(c)
        }
        return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    }

    /// The sRGB transfer function's upper branch, ((c + 0.055) / 1.055)^2.4.
    private static func gammaExpand(_ c: Double) -> Double {
        Foundation.pow((c + 0.055) / 1.055, 2.4)
    }

    /// WCAG 2 contrast ratio between two colours, 1 ... 21.
    func contrastRatio(with other: ChartColor) -> Double {
        let a = relativeLuminance
        let b = other.relativeLuminance
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// Linear interpolation in sRGB between `self` (t = 0) and `other` (t = 1).
    func interpolated(to other: ChartColor, _ t: Double) -> ChartColor {
        let u = min(max(t.isFinite ? t : 0, 0), 1)
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * u).rounded())
        }
        return ChartColor(red: mix(red, other.red), green: mix(green, other.green), blue: mix(blue, other.blue))
    }
}
