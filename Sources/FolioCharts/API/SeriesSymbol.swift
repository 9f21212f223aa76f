/// A small shape drawn at regular intervals along a line, so that a line stays
/// recognisable where it runs on top of another one (and in grey print).
///
/// ``LineChart`` gives every named series a distinct (``LineStyle``, symbol) pair: a series
/// whose style an earlier named series already uses, and which sets no symbol of its own,
/// gets the next of ``automatic`` (square, triangle, diamond, cross), placed at a phase of
/// its own along the line so that the symbols of coinciding lines alternate rather than
/// cover each other. The legend shows the symbol on the series' swatch.
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

    /// The symbols given in turn to series that share a line style.
    public static let automatic: [SeriesSymbol] = [.square, .triangle, .diamond, .cross]
}
