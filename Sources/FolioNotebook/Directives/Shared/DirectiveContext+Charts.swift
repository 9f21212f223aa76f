import FolioCharts

extension DirectiveContext {
    /// Validates and renders a chart into a figure of this block; the Markdown image link
    /// uses `alt` as its text.
    public func chart(_ name: String, _ chart: some SVGRenderable, alt: String) throws(DirectiveError) -> (markdown: String, figure: Figure) {
        do {
            try chart.validate()
        } catch {
            throw DirectiveError("chart '\(name)': \(error)", at: blockLocation)
        }
        return figure(name, svg: chart.render(), alt: alt)
    }
}
