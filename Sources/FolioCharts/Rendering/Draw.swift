/// Small constructors for the SVG elements the charts use, with coordinates formatted by
/// ``NumberText/coordinate(_:)``.
enum Draw {
    /// Horizontal alignment of text relative to its x.
    enum Anchor: String {
        case start, middle, end
    }

    static func c(_ value: Double) -> String { NumberText.coordinate(value) }

    /// A `<text>` element.
    static func text(
        _ string: String, x: Double, y: Double, size: Double, anchor: Anchor = .start, fill: String = Theme.text,
        bold: Bool = false, rotate: Double? = nil
    ) -> SVGNode {
        var attributes: [(String, String)] = [("x", c(x)), ("y", c(y))]
        if anchor != .start { attributes.append(("text-anchor", anchor.rawValue)) }
        attributes.append(("font-size", c(size)))
        if bold { attributes.append(("font-weight", "bold")) }
        attributes.append(("fill", fill))
        if let rotate { attributes.append(("transform", "rotate(\(c(rotate)) \(c(x)) \(c(y)))")) }
        return .element(SVGElement("text", attributes, children: [.text(string)]))
    }

    /// Text with a white outline under it (drawn twice: a white stroke, then the fill), so it
    /// stays readable over lines; plain SVG 1.1, no `paint-order`.
    static func haloText(
        _ string: String, x: Double, y: Double, size: Double, anchor: Anchor = .start, fill: String = Theme.text,
        bold: Bool = false
    ) -> [SVGNode] {
        var attributes: [(String, String)] = [("x", c(x)), ("y", c(y))]
        if anchor != .start { attributes.append(("text-anchor", anchor.rawValue)) }
        attributes.append(("font-size", c(size)))
        if bold { attributes.append(("font-weight", "bold")) }
        var halo = attributes
        halo.append(contentsOf: [
            ("fill", Theme.background), ("stroke", Theme.background), ("stroke-width", "3"),
            ("stroke-linejoin", "round"),
        ])
        attributes.append(("fill", fill))
        return [
            .element(SVGElement("text", halo, children: [.text(string)])),
            .element(SVGElement("text", attributes, children: [.text(string)])),
        ]
    }

    /// A `<line>`.
    static func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
        dash: String? = nil
    ) -> SVGNode {
        var attributes: [(String, String)] = [
            ("x1", c(x1)), ("y1", c(y1)), ("x2", c(x2)), ("y2", c(y2)), ("stroke", stroke),
        ]
        if width != 1 { attributes.append(("stroke-width", c(width))) }
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        return .element(SVGElement("line", attributes))
    }

    /// A `<rect>`.
    static func rect(_ r: Rect, fill: String, extra: [(String, String)] = []) -> SVGNode {
        .element(
            SVGElement(
                "rect",
                [("x", c(r.x)), ("y", c(r.y)), ("width", c(r.width)), ("height", c(r.height)), ("fill", fill)]
                    + extra))
    }

    /// Path data for polylines: `M x y L x y x y ...` per polyline (one subpath each).
    ///
    /// Complexity: O(total points).
    static func pathData(_ polylines: [[PixelPoint]], closed: Bool = false) -> String {
        var d = ""
        d.reserveCapacity(polylines.reduce(0) { $0 + $1.count } * 14 + 8)
        for polyline in polylines where !polyline.isEmpty {
            d.append("M")
            NumberText.appendCoordinate(polyline[0].x, to: &d)
            d.append(" ")
            NumberText.appendCoordinate(polyline[0].y, to: &d)
            if polyline.count == 1 {
                d.append("h0")
            } else {
                d.append("L")
                for index in 1..<polyline.count {
                    if index > 1 { d.append(" ") }
                    NumberText.appendCoordinate(polyline[index].x, to: &d)
                    d.append(" ")
                    NumberText.appendCoordinate(polyline[index].y, to: &d)
                }
            }
            if closed { d.append("Z") }
        }
        return d
    }

    /// The chart title and subtitle at the top of `frame`; returns the nodes and the y
    /// below them.
    static func titleBlock(title: String, subtitle: String?, frame: Rect, top: Double) -> ([SVGNode], Double) {
        var nodes: [SVGNode] = []
        var y = top
        if !title.isEmpty {
            nodes.append(text(title, x: frame.x + Theme.padding, y: y + 14, size: Theme.titleSize, bold: true))
            y += 22
        }
        if let subtitle, !subtitle.isEmpty {
            nodes.append(
                text(subtitle, x: frame.x + Theme.padding, y: y + 11, size: Theme.subtitleSize, fill: Theme.mutedText))
            y += 18
        }
        return (nodes, y)
    }

    /// A series symbol centred on (x, y), filled with `color` and edged in the background
    /// colour; `nil` for ``SeriesSymbol/none``.
    static func symbol(_ symbol: SeriesSymbol, x: Double, y: Double, color: String, size: Double = 4) -> SVGNode? {
        let r = size
        let d: String
        switch symbol {
        case .none: return nil
        case .square:
            d = "M\(c(x - r * 0.85)) \(c(y - r * 0.85))h\(c(1.7 * r))v\(c(1.7 * r))h\(c(-1.7 * r))Z"
        case .triangle:
            d = "M\(c(x)) \(c(y - r * 1.1))L\(c(x + r)) \(c(y + r * 0.75))L\(c(x - r)) \(c(y + r * 0.75))Z"
        case .diamond:
            d = "M\(c(x)) \(c(y - r * 1.15))L\(c(x + r)) \(c(y))L\(c(x)) \(c(y + r * 1.15))L\(c(x - r)) \(c(y))Z"
        case .triangleDown:
            d = "M\(c(x)) \(c(y + r * 1.1))L\(c(x + r)) \(c(y - r * 0.75))L\(c(x - r)) \(c(y - r * 0.75))Z"
        case .cross:
            let a = r * 0.9
            return .element(SVGElement("path", [
                ("d", "M\(c(x - a)) \(c(y - a))L\(c(x + a)) \(c(y + a))M\(c(x - a)) \(c(y + a))L\(c(x + a)) \(c(y - a))"),
                ("stroke", color), ("stroke-width", "2"), ("fill", "none"),
            ]))
        case .plus:
            let a = r * 1.1
            return .element(SVGElement("path", [
                ("d", "M\(c(x - a)) \(c(y))L\(c(x + a)) \(c(y))M\(c(x)) \(c(y - a))L\(c(x)) \(c(y + a))"),
                ("stroke", color), ("stroke-width", "2"), ("fill", "none"),
            ]))
        }
        return .element(SVGElement("path", [("d", d), ("fill", color), ("stroke", Theme.background), ("stroke-width", "1")]))
    }

    /// `node` with a `<title>` first child, which a browser shows when the mouse rests on
    /// it; `node` unchanged when `title` is empty or it is not an element.
    static func titled(_ node: SVGNode, _ title: String) -> SVGNode {
        guard !title.isEmpty, case .element(var element) = node else { return node }
        element.children.insert(.element(SVGElement("title", children: [.text(title)])), at: 0)
        return .element(element)
    }
}
