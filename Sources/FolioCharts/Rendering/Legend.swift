/// One legend item: a swatch and a label.
struct LegendEntry: Sendable, Equatable {
    /// The kind of swatch drawn before the label.
    enum Swatch: Sendable, Equatable {
        case line(LineStyle, width: Double, symbol: SeriesSymbol = .none)
        case area(opacity: Double)
        case marker
        /// A ring: points backed by few observations.
        case hollowMarker
    }

    var label: String
    var color: ChartColor
    var swatch: Swatch
}

/// Measuring and drawing legends: a boxed column (inside the plot or right of it) or
/// rows that wrap (above the plot).
enum Legend {
    static let rowHeight = 18.0
    static let swatchWidth = 22.0
    static let swatchGap = 6.0
    static let padding = 8.0
    static let itemGap = 18.0

    /// The width of one entry (swatch, gap, label).
    static func entryWidth(_ entry: LegendEntry) -> Double {
        swatchWidth + swatchGap + TextMetrics.width(entry.label, fontSize: Theme.legendSize)
    }

    /// The size of a boxed column of entries.
    static func columnSize(_ entries: [LegendEntry]) -> (width: Double, height: Double) {
        let width = entries.map(entryWidth).max() ?? 0
        return (width + 2 * padding, Double(entries.count) * rowHeight + 2 * padding - 4)
    }

    /// Entries laid out in rows no wider than `maxWidth`.
    static func rows(_ entries: [LegendEntry], maxWidth: Double) -> [[LegendEntry]] {
        var rows: [[LegendEntry]] = []
        var current: [LegendEntry] = []
        var width = 0.0
        for entry in entries {
            let w = entryWidth(entry)
            if !current.isEmpty && width + itemGap + w > maxWidth {
                rows.append(current)
                current = []
                width = 0
            }
            width += (current.isEmpty ? 0 : itemGap) + w
            current.append(entry)
        }
        if !current.isEmpty { rows.append(current) }
        return rows
    }

    /// The height taken by rows of entries.
    static func rowsHeight(_ entries: [LegendEntry], maxWidth: Double) -> Double {
        Double(rows(entries, maxWidth: maxWidth).count) * rowHeight
    }

    /// A boxed column with its top-left corner at (x, y).
    static func drawColumn(_ entries: [LegendEntry], x: Double, y: Double) -> [SVGNode] {
        let size = columnSize(entries)
        let c = NumberText.coordinate
        let group = SVGElement("g", [("class", "legend")]) {
            SVGElement(
                "rect",
                [
                    ("x", c(x)), ("y", c(y)), ("width", c(size.width)), ("height", c(size.height)),
                    ("rx", "3"), ("fill", Theme.background), ("fill-opacity", "0.9"), ("stroke", Theme.legendBorder),
                ])
            for (index, entry) in entries.enumerated() {
                drawEntry(entry, x: x + padding, midY: y + padding + rowHeight * Double(index) + rowHeight / 2 - 2)
            }
        }
        return [.element(group)]
    }

    /// Rows of entries, each row left-aligned at `x`, the first row's centre at `y + 9`.
    static func drawRows(_ entries: [LegendEntry], x: Double, y: Double, maxWidth: Double) -> [SVGNode] {
        var nodes: [SVGNode] = []
        for (rowIndex, row) in rows(entries, maxWidth: maxWidth).enumerated() {
            var cursor = x
            let midY = y + rowHeight * Double(rowIndex) + rowHeight / 2
            for entry in row {
                nodes.append(contentsOf: drawEntry(entry, x: cursor, midY: midY))
                cursor += entryWidth(entry) + itemGap
            }
        }
        return [.element(SVGElement("g", [("class", "legend")], children: nodes))]
    }

    /// One swatch and label, the swatch starting at `x`, centred vertically on `midY`.
    static func drawEntry(_ entry: LegendEntry, x: Double, midY: Double) -> [SVGNode] {
        let c = NumberText.coordinate
        var nodes: [SVGNode] = []
        switch entry.swatch {
        case .line(let style, let width, let symbol):
            var attributes: [(String, String)] = [
                ("x1", c(x)), ("y1", c(midY)), ("x2", c(x + swatchWidth)), ("y2", c(midY)),
                ("stroke", entry.color.hex), ("stroke-width", c(min(max(width, 1.5), 4))),
            ]
            if let dash = style.dashArray { attributes.append(("stroke-dasharray", dash)) }
            nodes.append(.element(SVGElement("line", attributes)))
            if let shape = Draw.symbol(symbol, x: x + swatchWidth / 2, y: midY, color: entry.color.hex) { nodes.append(shape) }
        case .area(let opacity):
            nodes.append(
                .element(
                    SVGElement(
                        "rect",
                        [
                            ("x", c(x)), ("y", c(midY - 6)), ("width", c(swatchWidth)), ("height", "12"),
                            ("fill", entry.color.hex), ("fill-opacity", c(min(max(opacity * 1.6, 0.3), 1))),
                            ("stroke", entry.color.hex),
                        ])))
        case .marker:
            nodes.append(
                .element(
                    SVGElement(
                        "circle",
                        [
                            ("cx", c(x + swatchWidth / 2)), ("cy", c(midY)), ("r", "4.5"), ("fill", entry.color.hex),
                            ("stroke", Theme.background), ("stroke-width", "1.5"),
                        ])))
        case .hollowMarker:
            nodes.append(
                .element(
                    SVGElement(
                        "circle",
                        [
                            ("cx", c(x + swatchWidth / 2)), ("cy", c(midY)), ("r", "4"), ("fill", Theme.background),
                            ("stroke", entry.color.hex), ("stroke-width", "2"),
                        ])))
        }
        nodes.append(
            .element(
                SVGElement(
                    "text",
                    [
                        ("x", c(x + swatchWidth + swatchGap)), ("y", c(midY + 4)),
                        ("font-size", c(Theme.legendSize)), ("fill", Theme.text),
                    ], children: [.text(entry.label)])))
        return nodes
    }
}
