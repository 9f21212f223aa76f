import Foundation

/// A directive: the thin adapter between a fenced `{name}` block and the compute library.
///
/// A directive type decodes its parameters (`init(parameters:context:)`), declares the
/// files it reads (`inputs`), and runs (`run(context:)`), returning a result and a Markdown
/// fragment. The engine handles YAML, `{{ }}` references, unknown keys, caching, figures
/// and errors, so a directive holds only what is particular to it.
public protocol Directive: Sendable {
    /// The name used in the info string, e.g. `evaluate` for ```` ```{evaluate} ````.
    static var name: String { get }
    /// One line for `folio directives`.
    static var summary: String { get }
    /// Every accepted parameter; keys not listed here are rejected before decoding.
    static var parameters: [ParameterSpec] { get }
    /// The keys of the result, for `folio directives NAME`.
    static var resultKeys: [ResultKeySpec] { get }
    /// Longer documentation: definitions, the reference library matched, differences.
    static var details: String { get }

    /// Decodes and validates the parameters without reading data.
    init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError)

    /// The files and folders this block reads; their contents are part of its cache key,
    /// and `folio check` verifies that they exist.
    var inputs: [DataInput] { get }

    /// Checks the inputs (files exist, columns are present) without computing; used by
    /// `folio check`. The default loads nothing and checks that the inputs exist.
    func validate(context: DirectiveContext) throws(DirectiveError)

    /// Computes the result.
    func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput

    /// Reports whose results a block reads (by report name), read from its raw
    /// parameters before anything runs, so that those reports render first.
    static func reportsRead(parameters: ParameterReader, services: RenderServices) -> [String]

    /// Whether `reportsRead(parameters:services:)` can name a report: the planner reads a
    /// block's YAML only for the directives that say so (`summary`, `claims`, `actions`).
    static var readsOtherReports: Bool { get }

    /// Whether a result may come from the cache. Directives with an effect outside the
    /// report (the decision log) say `false` and run at every render.
    static var isCacheable: Bool { get }

    /// Whether this block's result may come from the cache: `isCacheable`, unless the
    /// block reads something its `inputs` cannot hash (an MLflow tracking server), so that
    /// only a fresh read stands for it.
    var usesResultCache: Bool { get }

    /// Whether this block's output follows from its parameters, its declared `inputs`, the
    /// results it reads (earlier blocks', other reports'), today's date and the files its
    /// output lists as `DirectiveOutput.effects` alone: nothing else read, no server. A
    /// notebook whose every block says so is not rendered again while none of those changed
    /// (`NotebookStamp`). Defaults to `usesResultCache`; `claims` (not cached because it is
    /// cheap), `decision`, `actions` and `checkpoints` (which keep files outside the report)
    /// say `true`.
    var followsFromInputs: Bool { get }

    /// For `folio check`: reasons why what this block recorded outside its report (a
    /// decision log entry) no longer matches the data and results it rests on.
    func staleness(context: DirectiveContext) -> [String]

    /// For `folio check`: warnings that are not staleness (overdue action items), each at
    /// its location in the notebook.
    func reminders(context: DirectiveContext) -> [DirectiveError]

    /// The parameter a body written as a YAML list fills (`claims`: a list of claims), or
    /// `nil` when the body must be a mapping.
    static var listParameter: String? { get }

    /// Whether the block reads the results of every earlier block by path, not only
    /// through `{{ }}` references (`claims`): it then runs after all of them and finds
    /// them in `DirectiveContext.results`.
    static var readsEarlierResults: Bool { get }
}

extension Directive {
    public static var details: String { "" }

    public static func reportsRead(parameters: ParameterReader, services: RenderServices) -> [String] { [] }

    public static var readsOtherReports: Bool { false }

    public static var isCacheable: Bool { true }

    public var usesResultCache: Bool { Self.isCacheable }

    public var followsFromInputs: Bool { usesResultCache }

    public func staleness(context: DirectiveContext) -> [String] { [] }

    public func reminders(context: DirectiveContext) -> [DirectiveError] { [] }

    public static var listParameter: String? { nil }

    public static var readsEarlierResults: Bool { false }

    public func validate(context: DirectiveContext) throws(DirectiveError) {
        for input in inputs where !input.isDatabase && !FileManager.default.fileExists(atPath: input.url.path) {
            throw DirectiveError("\(input.kind == .folder ? "folder" : "file") not found: \(context.displayPath(input.url))",
                                 at: input.location)
        }
    }
}

/// A documented parameter.
public struct ParameterSpec: Sendable, Hashable {
    public var name: String
    /// The expected type as shown to users, e.g. `number`, `list of strings`.
    public var type: String
    /// The default, as text, when the parameter is optional.
    public var defaultValue: String?
    public var isRequired: Bool
    public var help: String

    public init(_ name: String, _ type: String, default defaultValue: String? = nil,
                required isRequired: Bool = false, _ help: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.isRequired = isRequired
        self.help = help
    }
}

/// A documented result key.
public struct ResultKeySpec: Sendable, Hashable {
    public var path: String
    public var help: String

    public init(_ path: String, _ help: String) {
        self.path = path
        self.help = help
    }
}

/// A file or folder a directive reads.
public struct DataInput: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case file, folder }
    public var url: URL
    public var kind: Kind
    /// Where the path was given, for errors.
    public var location: SourceLocation

    /// Whether the input is a database (a `postgresql://` URL), not a file.
    public var isDatabase: Bool { PostgresURL.isPostgres(url) }

    public init(url: URL, kind: Kind = .file, location: SourceLocation) {
        self.url = url.isFileURL ? url.standardizedFileURL : url
        self.kind = kind
        self.location = location
    }
}

/// What a directive hands back to the engine.
public struct DirectiveOutput: Sendable {
    /// The result, addressable as `{{ id.path }}` and written to `.results.json`.
    public var result: JSONValue
    /// The Markdown fragment that replaces the block.
    public var markdown: String
    /// SVG figures referenced from `markdown` through `DirectiveContext.figureLink(_:)`.
    public var figures: [Figure]
    /// Messages printed on standard error as warnings (e.g. a single-class split).
    public var warnings: [String]
    /// Errors of a block that still has a result and a fragment (a claim that does not
    /// hold): printed as errors at the block, and the render exits 1.
    public var failures: [String]
    /// Files outside the report that the block keeps in step (the decision log, checkpoint
    /// copies): a notebook is left alone (`NotebookStamp`) only while they hold the bytes
    /// its last render left there.
    public var effects: [URL] = []
    /// Whether a run that found `effects` as this run left them would give this output:
    /// `false` when the output tells what this run changed there (a decision's `changed`),
    /// so that the next render runs the block again instead of repeating this output.
    public var repeatable = true

    public init(result: JSONValue, markdown: String, figures: [Figure] = [], warnings: [String] = [], failures: [String] = []) {
        self.result = result
        self.markdown = markdown
        self.figures = figures
        self.warnings = warnings
        self.failures = failures
    }
}

/// An SVG figure written under `figures/` beside the report.
public struct Figure: Sendable, Hashable {
    /// The file name without folder, e.g. `eval-roc.svg`.
    public var fileName: String
    public var svg: String

    public init(fileName: String, svg: String) {
        self.fileName = fileName
        self.svg = svg
    }
}
