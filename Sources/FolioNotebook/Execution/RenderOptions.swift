/// Options of one render.
public struct RenderOptions: Sendable {
    /// Read and write `.folio/cache/`; `false` recomputes every block (`--no-cache`).
    public var useCache: Bool = true
    /// Also write a self-contained HTML page per report (`--html`).
    public var html: Bool = false
    /// `--param key=value` overrides of front-matter params, values as YAML scalars.
    public var paramOverrides: [(String, String)] = []
    /// Silence progress on standard error (`--quiet`).
    public var quiet: Bool = false
    /// Replace report files that folio did not write (`--force`); without it such a file is
    /// an error and is left as it is.
    public var force: Bool = false
    /// The environment directives read (`MLFLOW_TRACKING_URI`, `MLFLOW_TRACKING_TOKEN`, ...);
    /// `nil`: the process's.
    public var environment: [String: String]? = nil

    public init(useCache: Bool = true, html: Bool = false, paramOverrides: [(String, String)] = [], quiet: Bool = false,
                force: Bool = false) {
        self.force = force
        self.useCache = useCache
        self.html = html
        self.paramOverrides = paramOverrides
        self.quiet = quiet
    }
}
