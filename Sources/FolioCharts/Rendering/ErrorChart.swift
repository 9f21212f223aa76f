/// The document drawn for a chart that fails validation: its title and the error message,
/// so a report shows what went wrong instead of failing.
enum ErrorChart {
    /// The SVG document; an unusable size falls back to 720 × 420.
    static func render(title: String, kind: String, width: Double, height: Double, error: ChartError) -> String {
        let sizeOK = width.isFinite && height.isFinite && width >= 120 && height >= 90 && width <= 100_000 && height <= 100_000
        let w = sizeOK ? width : 720
        let h = sizeOK ? height : 420
        let frame = Rect(x: 0, y: 0, width: w, height: h)
        var (nodes, y) = Draw.titleBlock(title: title, subtitle: nil, frame: frame, top: Theme.padding)
        y = max(y, h / 2)
        nodes.append(
            Draw.text(
                "Cannot draw this chart: \(error.description)", x: w / 2, y: y, size: 13, anchor: .middle,
                fill: Theme.error))
        return ChartDocument(
            width: w, height: h, title: title.isEmpty ? kind : title,
            description: "\(kind) not drawn: \(error.description).", body: nodes
        ).render()
    }
}
