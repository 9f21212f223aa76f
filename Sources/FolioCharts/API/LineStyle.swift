/// The stroke pattern of a line.
public enum LineStyle: Sendable, Hashable {
    /// A continuous line.
    case solid
    /// Dashes (6 on, 4 off).
    case dashed
    /// Dots (2 on, 3 off).
    case dotted

    /// The `stroke-dasharray` value, `nil` for solid.
    var dashArray: String? {
        switch self {
        case .solid: return nil
        case .dashed: return "6 4"
        case .dotted: return "2 3"
        }
    }
}
