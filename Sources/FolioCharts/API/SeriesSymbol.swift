/// A small shape drawn at regular intervals along a line, so that a line stays
/// recognisable where it runs on top of another one (and in grey print).
///
/// ``LineChart`` gives every named series a distinct (``LineStyle``, symbol) pair: named
/// series that share a style, and set no symbol of their own, get ``automatic`` in turn
/// (square, triangle, diamond, cross, triangle down, plus), each placed at a phase of its own along its line and
/// drawn over all lines, so that the symbols of coinciding lines alternate and a line hidden
/// under another still shows. The legend shows the symbol on the series' swatch.
public enum SeriesSymbol: String, Sendable, Hashable, CaseIterable {
    /// No symbol.
    case none
    /// A filled square.
    case square
    /// A filled triangle, point up.
    case triangle
    /// A filled diamond.
    case diamond
    /// A diagonal cross.
    case cross
    /// A filled triangle, point down.
    case triangleDown
    /// An upright plus.
    case plus

    /// The symbols given in turn to series that share a line style (six: a seventh series
    /// of one style repeats the first symbol, in another colour).
    public static let automatic: [SeriesSymbol] = [.square, .triangle, .diamond, .cross, .triangleDown, .plus]
}
