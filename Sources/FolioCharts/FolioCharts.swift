/// FolioCharts: pure functions from data to SVG 1.1 documents. It knows nothing of
/// Markdown or notebooks.
public enum FolioCharts {}
