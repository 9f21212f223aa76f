/// FolioNotebook: parsing notebooks, running directives, caching and writing reports.
public enum FolioNotebook {
    /// The version recorded in caches and reports; a change invalidates every cache entry.
    public static let version = "0.1.0"
}
