/// The stroke pattern of a line.
public enum LineStyle: Sendable, Hashable {
    /// A continuous line.
    case solid
    /// Dashes (6 on, 4 off).
    case dashed
    /// Dots (2 on, 3 off).
    case dotted
    /// Dash, dot (8 on, 3 off, 2 on, 3 off).
    case dashDot
    /// Long dashes (12 on, 4 off).
    case longDash

    /// The styles given in turn to overlaid samples that must stay apart (histogram
    /// outlines).
    public static let distinct: [LineStyle] = [.solid, .dashed, .dotted, .dashDot, .longDash]

    /// The `stroke-dasharray` value, `nil` for solid.
    var dashArray: String? {
        switch self {
        case .solid: return nil
        case .dashed: return "6 4"
        case .dotted: return "2 3"
        case .dashDot: return "8 3 2 3"
        case .longDash: return "12 4"
        }
    }
}
