import Crypto
import Foundation

/// What a notebook's last render rested on and what it wrote, kept in
/// `.folio/cache/notebooks/`, so that a later render can leave the notebook alone when
/// nothing it depends on changed: a warm render then costs a few `stat`s per notebook
/// instead of decoding every block, reading every cached result and splicing the report.
///
/// A stamp holds when all of these are as recorded:
/// - the key: folio's version and build, the notebook's path and text, its report's path,
///   `--param` overrides, `MLFLOW_TRACKING_URI`, today's date (`FOLIO_DATE`: action items
///   fall overdue), the names of the reports the render knows (a claim's first path
///   segment means a report only if one has that name), and where each of its decision
///   ids is declared;
/// - every declared input of every block (file, folder or database version, hashed by
///   ``FileHasher``, so a file whose size, time and inode are unchanged is not read);
/// - the results of every report the notebook reads (front matter `needs:`, summary
///   templates, claims and action items naming a report), or their absence: the file's
///   hash, or when the file changed, the digest of the results without their provenance
///   (which changes with every edit of that notebook's prose);
/// - every file the render wrote (report, results, figures), so a report edited or deleted
///   by hand, or a stray figure a render would remove, makes the notebook render again;
/// - every file its blocks keep in step outside the report (`DirectiveOutput.effects`: the
///   decision log, checkpoint copies), so a log entry edited or a copy deleted is seen.
///
/// Only a render whose every block ``Directive/followsFromInputs`` (no tracking server) and
/// found its effects in place (`DirectiveOutput.repeatable`: a decision that changed its log
/// entry says `false`), with no failed block and no diagnostic, leaves a stamp; `--no-cache`
/// renders write stamps but never use them, and `--html` renders never skip (the index and
/// the pages' links need every outcome).
struct NotebookStamp: Equatable {
    /// A hash of everything the notebook's output rests on that is not a file.
    var key: String
    /// Input path (absolute) or database URL -> hash.
    var inputs: [String: String]
    /// Report name -> hash of its results file and digest of its results (see
    /// ``NotebookStamps/reportState(_:)``), `""` when it has none.
    var reports: [String: String]
    /// Written file (absolute path) -> hash.
    var outputs: [String: String]
    /// File kept in step outside the report (absolute path) -> hash (`DirectiveOutput.effects`).
    var effects: [String: String]
    /// The report's figure files (`<report>-*.svg` in `figures/`).
    var figures: [String]

    static let format = "folio notebook stamp 1"

    /// The stamp's file for the notebook at `notebookPath` (as displayed, relative to the project).
    static func url(in folder: URL, notebookPath: String) -> URL {
        folder.appendingPathComponent(sha256Hex(notebookPath) + ".json")
    }

    /// The key of a notebook rendered by `services` with `options`.
    static func key(notebook: Notebook, reportPath: String, services: RenderServices, options: RenderOptions, today: String) -> String {
        var text = "\(format)\nfolio \(Folio.version) \(services.buildID)\nnotebook \(notebook.path) \(sha256Hex(notebook.source))\n"
        text += "report \(reportPath)\n"
        for (key, value) in options.paramOverrides { text += "param \(key)=\(value)\n" }
        text += "tracking \(services.environment["MLFLOW_TRACKING_URI"] ?? "")\n"
        text += "reports \(services.reportNames.joined(separator: " "))\n"
        text += "date \(today)\n"
        // Where else each of its decision ids is declared: a second declaration fails the
        // block in both notebooks, so a new one elsewhere must render this one too.
        for block in notebook.blocks where block.name == DecisionDirective.name {
            guard let id = DecisionDirective.declaredID(of: block)?.id else { continue }
            let places = services.decisionDeclarations(id).map { "\($0.notebook):\($0.location.line):\($0.location.column)" }.sorted()
            text += "decision \(id) \(places.joined(separator: " "))\n"
        }
        return sha256Hex(text)
    }

    init(key: String, inputs: [String: String], reports: [String: String], outputs: [String: String], effects: [String: String], figures: [String]) {
        self.key = key
        self.effects = effects
        self.inputs = inputs
        self.reports = reports
        self.outputs = outputs
        self.figures = figures
    }

    /// Reads a stamp; `nil` when the file is missing, damaged or of another format.
    init?(contentsOf url: URL) {
        guard let text = try? String(contentsOf: url, encoding: .utf8), case .object(let object)? = try? JSONValue(parsing: text),
              object["format"]?.stringValue == Self.format, let key = object["key"]?.stringValue,
              let inputs = Self.strings(object["inputs"]), let reports = Self.strings(object["reports"]),
              let outputs = Self.strings(object["outputs"]), let effects = Self.strings(object["effects"]),
              case .array(let list)? = object["figures"] else { return nil }
        let figures = list.compactMap { value -> String? in if case .string(let s) = value { s } else { nil } }
        guard figures.count == list.count else { return nil }
        self.init(key: key, inputs: inputs, reports: reports, outputs: outputs, effects: effects, figures: figures)
    }

    private static func strings(_ value: JSONValue?) -> [String: String]? {
        guard case .object(let object)? = value else { return nil }
        var out: [String: String] = [:]
        for (key, value) in object.pairs {
            guard case .string(let s) = value else { return nil }
            out[key] = s
        }
        return out
    }

    /// The stamp as sorted, compact JSON.
    var serialized: String {
        func object(_ map: [String: String]) -> JSONValue {
            .object(JSONObject(map.keys.sorted().map { ($0, JSONValue.string(map[$0]!)) }))
        }
        return JSONValue.object(JSONObject([
            ("format", .string(Self.format)), ("key", .string(key)), ("inputs", object(inputs)),
            ("reports", object(reports)), ("outputs", object(outputs)), ("effects", object(effects)), ("figures", .strings(figures.sorted())),
        ])).compact()
    }
}

/// Reads and writes the stamps of one render's notebooks (see ``NotebookStamp``).
struct NotebookStamps: Sendable {
    /// `.folio/cache/notebooks/`; `nil` when it may not be used (`CacheFolders`).
    let folder: URL?
    let services: RenderServices
    let options: RenderOptions
    /// Digests of reports' results, computed once per render: a report's results do not
    /// change once the notebooks that read it may start.
    private let digests = DataStore()
    /// Today's date (`Decision.today()`), read once per render.
    let today: String

    init(folder: URL?, services: RenderServices, options: RenderOptions) {
        self.today = Decision.today()
        self.folder = folder
        self.services = services
        self.options = options
    }

    /// The digest of report `name`'s results as the notebooks reading it see them: its
    /// results file without the `_folio` provenance, which changes with the notebook's text
    /// (`resultsDigest(of:)`); `""` when it has none.
    ///
    /// Read from the file's bytes, not from its parsed results: after an edited block, the
    /// executive summary's stamp check digested backtest_campaign's 565 KB of results by
    /// serializing them again, 2 ms before the summary could start.
    private func digest(_ name: String) -> String {
        (try? digests.value(forKey: name) { () -> String in
            guard let url = services.resultsURL(ofReport: name), services.paths.readRefusal(url) == nil,
                  let data = FileManager.default.contents(atPath: url.path) else { return "" }
            return NotebookStamps.resultsDigest(of: data)
        }) ?? ""
    }

    /// The SHA-256 (hex) of a results file's bytes after its leading `_folio` entry, as
    /// `NotebookRenderer` writes it: `{`, the entry at two spaces' indent (its own lines
    /// deeper, JSON strings holding no line break), then the results. Two files with the same
    /// results and any provenance digest alike. A file laid out otherwise is digested whole,
    /// which can only make a stamp fail to hold.
    static func resultsDigest(of data: Data) -> String {
        var results = data[...]
        if data.starts(with: Data("{\n  \"_folio\": {".utf8)),
           let end = data.range(of: Data("\n  }".utf8)) {
            results = data[end.upperBound...]
        }
        return SHA256.hash(data: results).hex
    }

    /// What a stamp records of report `name`: its results file's hash and its results'
    /// digest, `""` when it has no results file, `nil` when the file cannot be read.
    ///
    /// - Parameter recorded: the stamp's record; when given, and the file's hash is the one
    ///   recorded, the digest is not computed again (a warm render reads no results).
    func reportState(_ name: String, recorded: String? = nil) -> String? {
        guard let url = services.resultsURL(ofReport: name), FileManager.default.fileExists(atPath: url.path) else { return "" }
        guard let fileHash = try? services.hasher.hash(of: url) else { return nil }
        if let recorded, recorded.hasPrefix(fileHash + " ") { return recorded }
        return fileHash + " " + digest(name)
    }

    /// What report `name` is now, when it is, for its readers, as `recorded`: the same file,
    /// or a file whose results (provenance aside) are the same, as after an edit of prose
    /// only; `nil` when it is not.
    private func reportHolds(_ name: String, recorded: String) -> String? {
        guard let now = reportState(name, recorded: recorded) else { return nil }
        if now == recorded { return now }
        let digestNow = now.split(separator: " ").last, digestThen = recorded.split(separator: " ").last
        return digestNow != nil && digestNow == digestThen ? now : nil
    }

    /// The hash of an absolute file path or a database URL, `nil` when it cannot be read.
    private func hash(_ path: String) -> String? {
        guard let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(string: path) else { return nil }
        return try? services.hasher.hash(of: url)
    }

    /// Path (absolute) or database URL -> hash for `urls`, `nil` when one cannot be read.
    private func hashes(of urls: [URL]) -> [String: String]? {
        var out: [String: String] = [:]
        for url in urls {
            let path = url.isFileURL ? url.standardizedFileURL.path : url.absoluteString
            guard let hash = hash(path) else { return nil }
            out[path] = hash
        }
        return out
    }

    /// Whether every file of `recorded` still has its recorded hash.
    private func holds(_ recorded: [String: String]) -> Bool {
        recorded.allSatisfy { hash($0.key) == $0.value }
    }

    /// The key of `notebook`'s stamp in this render (``NotebookStamp/key(notebook:reportPath:services:options:today:)``).
    func key(_ notebook: Notebook, reportURL: URL) -> String {
        NotebookStamp.key(notebook: notebook, reportPath: services.paths.display(reportURL), services: services, options: options, today: today)
    }

    /// The notebook's stamp from its last render, if any.
    func last(_ notebook: Notebook) -> NotebookStamp? {
        folder.flatMap { NotebookStamp(contentsOf: NotebookStamp.url(in: $0, notebookPath: notebook.path)) }
    }

    /// The outcome of leaving the notebook alone, when its stamp holds.
    func unchanged(_ notebook: Notebook, key: String, stamp: NotebookStamp?, reportURL: URL, reportsRead: [String]) -> NotebookRenderer.Outcome? {
        guard options.useCache, !options.html, let stamp, stamp.key == key,
              Set(stamp.reports.keys) == Set(reportsRead), holds(stamp.inputs) else { return nil }
        var refreshed = stamp
        for (name, recorded) in stamp.reports {
            guard let now = reportHolds(name, recorded: recorded) else { return nil }
            refreshed.reports[name] = now
        }
        guard holds(stamp.outputs), holds(stamp.effects),
              NotebookRenderer.figureFiles(of: reportURL, services: services) == stamp.figures.sorted() else { return nil }
        // A report read had only its provenance changed: the stamp takes its new file, so
        // that later renders do not read its results again.
        if refreshed != stamp, let folder {
            _ = try? AtomicFile.write(refreshed.serialized, to: NotebookStamp.url(in: folder, notebookPath: notebook.path))
        }
        var outcome = NotebookRenderer.Outcome(reportURL: reportURL)
        outcome.unchanged = true
        outcome.blocks = notebook.blocks.map { NotebookRenderer.BlockRun(block: $0, status: .cached, seconds: 0, markdown: "") }
        return outcome
    }

    /// Records what `outcome`'s render rested on and wrote, when the render may be skipped
    /// next time (``NotebookRenderer/Outcome/stampable``). A report whose results file is the
    /// one `last` recorded keeps its recorded digest (it is not read again).
    func record(_ outcome: NotebookRenderer.Outcome, notebook: Notebook, key: String, reportsRead: [String], last: NotebookStamp?) {
        guard let folder, outcome.stampable, outcome.written else { return }
        var reports: [String: String] = [:]
        for name in reportsRead {
            guard let state = reportState(name, recorded: last?.reports[name]) else { return }
            reports[name] = state
        }
        let reportURL = outcome.reportURL
        let figuresFolder = NotebookRenderer.figuresFolder(of: reportURL)
        let written = [reportURL, NotebookRenderer.resultsURL(for: reportURL)] + outcome.figureNames.map { figuresFolder.appendingPathComponent($0) }
        guard let inputs = hashes(of: outcome.inputURLs), let outputs = hashes(of: written), let effects = hashes(of: outcome.effectURLs)
        else { return }
        let stamp = NotebookStamp(key: key, inputs: inputs, reports: reports, outputs: outputs, effects: effects,
                                  figures: NotebookRenderer.figureFiles(of: reportURL, services: services))
        _ = try? AtomicFile.write(stamp.serialized, to: NotebookStamp.url(in: folder, notebookPath: notebook.path))
    }
}
