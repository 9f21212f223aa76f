import FolioCompute
import Foundation

/// The MLflow store a block reads (the `store` parameter of `trials`, `checkpoints` and a
/// checkpoint given by `run`): a file store folder, an SQLite file, or a tracking server.
///
/// - `store: mlruns` (a folder) or `store: mlflow.db` (ending in `.db`, `.sqlite`,
///   `.sqlite3`, or `sqlite:///path`): relative to the notebook's data folder.
/// - `store: http://host:port` or `https://...`: an MLflow tracking server, read through its
///   REST API (`MLflowRESTClient`), with the credentials of `MLFLOW_TRACKING_TOKEN` or
///   `MLFLOW_TRACKING_USERNAME`/`MLFLOW_TRACKING_PASSWORD` when it is the server of
///   `MLFLOW_TRACKING_URI` (same scheme, host and port): a notebook cannot send them elsewhere.
/// - no `store`: the server of `MLFLOW_TRACKING_URI` when that is an `http(s)` URL, else the
///   file store `mlruns`.
enum MLflowStoreReference: Sendable {
    case files(URL)
    case database(URL)
    case server(MLflowRESTClient)

    /// The file name endings of an SQLite store.
    static let databaseExtensions = [".db", ".sqlite", ".sqlite3"]

    /// `FOLIO_MLFLOW_PAGE_SIZE`: the `max_results` of each page the server is asked for
    /// (a test hook: small pages exercise pagination; default 1000).
    static let pageSizeVariable = "FOLIO_MLFLOW_PAGE_SIZE"

    /// Decodes `store` (or its default) given at `location`.
    ///
    /// - Throws: at `location`, for a URL folio does not read, a URL carrying a user or
    ///   password, or a path outside the project.
    init(_ given: String?, at location: SourceLocation, context: DirectiveContext) throws(DirectiveError) {
        let environment = context.services.environment
        var text = given ?? "mlruns"
        if given == nil, let uri = environment["MLFLOW_TRACKING_URI"], Self.isServer(uri) { text = uri }
        if Self.isServer(text) {
            let url: URL
            switch Self.serverURL(text) {
            case .success(let checked): url = checked
            case .failure(let refusal): throw DirectiveError("'store': " + refusal.message, at: location)
            }
            self = .server(Self.client(for: url, environment: environment))
            return
        }
        if text.lowercased().hasPrefix("sqlite:///") { text = String(text.dropFirst("sqlite:///".count)) }
        let lower = text.lowercased()
        if lower.contains("://") {
            throw DirectiveError("'store': '\(Self.redacted(text))' is a store folio does not read (PostgreSQL, MySQL and other databases: read them through `mlflow server`); give the file store folder (mlruns/), the SQLite file (mlflow.db) or a tracking server (http://host:port)",
                                 at: location)
        }
        let url = try context.resolveDataPath(text, at: location)
        self = Self.databaseExtensions.contains { lower.hasSuffix($0) } ? .database(url) : .files(url)
    }

    /// Why folio refuses a tracking server URL.
    struct URLRefusal: Error { var message: String }

    /// The tracking server at `text` (`http(s)://host:port`), or why folio will not use it:
    /// no host, a user or password in it (credentials come from the environment only), a
    /// query or fragment. Shared by `store:` and `folio checkpoints restore --store`.
    static func serverURL(_ text: String) -> Result<URL, URLRefusal> {
        guard isServer(text), let url = URL(string: text), let host = url.host, !host.isEmpty else {
            return .failure(URLRefusal(message: "'\(redacted(text))' is not a tracking server URL (expected http://host:port)"))
        }
        guard url.user == nil, url.password == nil else {
            return .failure(URLRefusal(message: "give the tracking server's credentials in MLFLOW_TRACKING_TOKEN (or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD), not in the URL: notebooks and reports must not hold secrets"))
        }
        guard url.query == nil, url.fragment == nil else {
            return .failure(URLRefusal(message: "'\(redacted(text))': give the tracking server's URL without a query or fragment"))
        }
        return .success(url)
    }

    /// A client for the tracking server at `url`, configured from `environment`: the
    /// credentials of `MLFLOW_TRACKING_TOKEN` (or `_USERNAME`/`_PASSWORD`) only when `url` is
    /// the server of `MLFLOW_TRACKING_URI` (a notebook or a manifest naming another server gets
    /// none), the page size for tests, MLflow's own timeout and retry variables.
    static func client(for url: URL, environment: [String: String]) -> MLflowRESTClient {
        // The environment's credentials go only to the server of MLFLOW_TRACKING_URI: a
        // notebook naming another server (one it did not come with) gets none.
        var client = MLflowRESTClient(serverURL: url)
        if let credentials = MLflowCredentials(environment: environment) {
            let trusted = environment["MLFLOW_TRACKING_URI"].flatMap { URL(string: $0) }
            if let trusted, Self.isServer(trusted.absoluteString), Self.origin(trusted) == Self.origin(url) {
                client.credentials = credentials
            } else {
                client.withheldCredentials = trusted.map { "\(credentials) is sent only to the server of MLFLOW_TRACKING_URI, \(Self.origin($0))" }
                ?? "\(credentials) is sent only to the server of MLFLOW_TRACKING_URI, which is not set"
            }
        }
        if let size = environment[Self.pageSizeVariable].flatMap({ Int($0) }), size > 0 { client.pageSize = size }
        // MLflow's own client variables, when set.
        if let seconds = environment["MLFLOW_HTTP_REQUEST_TIMEOUT"].flatMap({ Double($0) }), seconds > 0 { client.timeout = seconds }
        if let retries = environment["MLFLOW_HTTP_REQUEST_MAX_RETRIES"].flatMap({ Int($0) }), retries >= 0 { client.retries = min(retries, 10) }
        return client
    }

    /// `scheme://host:port` of a URL, lowercased, with the scheme's default port.
    static func origin(_ url: URL) -> String { MLflowRESTClient.origin(url) }

    /// Whether `text` names a tracking server.
    static func isServer(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// `text` with anything between `://` and `@` hidden, for messages.
    static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") else { return text }
        return String(text[..<scheme.upperBound]) + "…" + String(text[at...])
    }

    /// The local file or folder, `nil` for a server.
    var localURL: URL? {
        switch self {
        case .files(let url), .database(let url): url
        case .server: nil
        }
    }

    /// The server's client, `nil` for a local store.
    var client: MLflowRESTClient? {
        if case .server(let client) = self { client } else { nil }
    }

    /// What the block reads, hashed into its cache key: the local store; nothing for a
    /// server (a server-backed block is not cached; see `Directive.usesResultCache`).
    func inputs(at location: SourceLocation) -> [DataInput] {
        switch self {
        case .files(let url): [DataInput(url: url, kind: .folder, location: location)]
        case .database(let url): [DataInput(url: url, kind: .file, location: location)]
        case .server: []
        }
    }

    /// The store as messages and reports show it: a project-relative path or the URL.
    func display(_ context: DirectiveContext) -> String {
        switch self {
        case .files(let url), .database(let url): context.displayPath(url)
        case .server(let client): client.shown
        }
    }

    /// The reader.
    var store: any MLflowTrackingStore {
        switch self {
        case .files(let url): return MLflowStore(url: url)
        case .database(let url): return MLflowSQLiteStore(path: url.path)
        case .server(let client): return client
        }
    }

    /// A key for values read once per render (`DataStore`).
    var memoKey: String {
        switch self {
        case .files(let url), .database(let url): url.standardizedFileURL.path
        case .server(let client): client.shown
        }
    }

    /// The cache of downloaded artifacts: `.folio/cache/mlflow/`.
    ///
    /// - Throws: when that folder is, or goes through, a symbolic link
    ///   (`ProjectPaths.cacheRefusal`): downloads never land outside the project.
    static func artifactCache(_ context: DirectiveContext) throws(DataError) -> MLflowArtifactCache {
        let folder = context.projectRoot.appendingPathComponent(".folio/cache/mlflow")
        if let refusal = context.services.paths.cacheRefusal(folder) {
            throw DataError(.io, "cannot keep the tracking server's artifacts: \(refusal)")
        }
        return MLflowArtifactCache(folder: folder)
    }
}

extension MLflowSQLiteStore: MLflowTrackingStore {}
