import FolioCharts

/// The FolioCharts charts, which all check their data before rendering.
public protocol ValidatedChart: SVGRenderable {
    func validate() throws(ChartError)
}

extension LineChart: ValidatedChart {}
extension BarChart: ValidatedChart {}
extension Histogram: ValidatedChart {}
extension Heatmap: ValidatedChart {}
extension SmallMultiples: ValidatedChart {}

extension DirectiveContext {
    /// Validates and renders a chart into a figure of this block; the Markdown image link
    /// uses `alt` as its text.
    public func chart(_ name: String, _ chart: some ValidatedChart, alt: String) throws(DirectiveError) -> (markdown: String, figure: Figure) {
        do {
            try chart.validate()
        } catch {
            throw DirectiveError("chart '\(name)': \(error)", at: blockLocation)
        }
        return figure(name, svg: chart.render(), alt: alt)
    }
}
