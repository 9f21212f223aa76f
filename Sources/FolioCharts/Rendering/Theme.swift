/// Fonts, sizes and neutral colours shared by every chart.
enum Theme {
    /// The system sans-serif stack; DejaVu Sans covers Linux renderers.
    static let fontFamily =
        "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"

    static let titleSize = 14.0
    static let subtitleSize = 12.0
    static let axisTitleSize = 12.0
    static let tickSize = 12.0
    static let legendSize = 12.0
    static let annotationSize = 12.0
    static let panelTitleSize = 12.0

    static let background = "#FFFFFF"
    static let text = "#1F2328"
    static let mutedText = "#57606A"
    static let grid = "#E6E8EB"
    static let axis = "#8C959F"
    static let reference = "#6E7781"
    static let legendBorder = "#D0D7DE"
    static let error = "#D55E00"

    /// Outer padding of a chart.
    static let padding = 12.0
}
