/// FolioNotebook: parsing notebooks, running directives, caching and writing reports.
public enum Folio {
    /// The version recorded in caches and reports; a change invalidates every cache entry
    /// and marks every committed report as stale in `folio check`.
    public static let version = "0.1.0"
}
