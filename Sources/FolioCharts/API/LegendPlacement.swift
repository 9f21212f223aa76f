/// Where a chart draws its legend.
public enum LegendPlacement: Sendable, Hashable {
    /// In a corner of the plot that no line, band, marker or label crosses; above the plot
    /// when every corner is taken.
    case automatic
    /// Above the plot, below the title, in rows.
    case top
    /// Right of the plot, in a column.
    case right
    /// No legend.
    case hidden
}
