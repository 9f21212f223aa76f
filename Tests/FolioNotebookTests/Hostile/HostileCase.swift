import Foundation
import Testing
@testable import FolioNotebook

/// One hostile input: a project (files, links, pipes), a command, and what must come out:
/// success, or an error whose text and location are given. Whatever the outcome, nothing
/// outside the paths the case allows may change, nothing outside the project may change,
/// and no report may contain the secret kept beside the project.
struct HostileCase: Sendable, CustomTestStringConvertible {
    enum Command: Sendable { case render, renderForce, renderHTML, check }

    enum Outcome: Sendable {
        case success
        /// An error diagnostic whose message contains `message`, at `location`
        /// (`path:line:column`) when given.
        case error(String, at: String? = nil)
    }

    var name: String
    var files: [String: String]
    /// Symbolic links: path in the project -> target. A target starting with `@outside/`
    /// points into the folder beside the project that holds the secret; `@root/` into the
    /// project; anything else is used as written.
    var links: [String: String] = [:]
    /// Named pipes to create (a read of one would hang).
    var pipes: [String] = []
    var command: Command = .render
    var outcome: Outcome
    /// Path prefixes (project-relative) that the command may create or change.
    var mayChange: [String] = ["reports/", ".folio/"]
    /// Text the written reports must contain (checked only on success).
    var reportContains: [String: String] = [:]
    /// Text a written file must not contain (active content in a page), checked always.
    var reportLacks: [String: [String]] = [:]

    var testDescription: String { name }

    init(_ name: String, _ files: [String: String], links: [String: String] = [:], pipes: [String] = [],
         command: Command = .render, _ outcome: Outcome, mayChange: [String] = ["reports/", ".folio/"],
         reportContains: [String: String] = [:], reportLacks: [String: [String]] = [:]) {
        self.reportLacks = reportLacks
        self.name = name
        self.files = files
        self.links = links
        self.pipes = pipes
        self.command = command
        self.outcome = outcome
        self.mayChange = mayChange
        self.reportContains = reportContains
    }

    static let secret = "TOP-SECRET-0451"

    /// Runs the case in a fresh sandbox: `<tmp>/project` and `<tmp>/outside/secret.txt`.
    func run() async throws {
        let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("folio-hostile-\(UUID().uuidString)").standardizedFileURL
        let root = sandbox.appendingPathComponent("project")
        let outside = sandbox.appendingPathComponent("outside")
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let fm = FileManager.default
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        try fm.createDirectory(at: outside.appendingPathComponent("folder"), withIntermediateDirectories: true)
        try Data("\(HostileCase.secret)\n1\n".utf8).write(to: outside.appendingPathComponent("secret.txt"))
        try Data("a,b\n\(HostileCase.secret),1\n".utf8).write(to: outside.appendingPathComponent("folder/secret.csv"))
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        for (path, target) in links.sorted(by: { $0.key < $1.key }) {
            let url = root.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let resolved = target.hasPrefix("@outside/") ? outside.path + "/" + target.dropFirst("@outside/".count)
                : target.hasPrefix("@root/") ? root.path + "/" + target.dropFirst("@root/".count) : target
            try fm.createSymbolicLink(atPath: url.path, withDestinationPath: resolved)
        }
        for path in pipes {
            let url = root.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            #expect(mkfifo(url.path, 0o644) == 0)
        }
        let rootBefore = HostileCase.snapshot(root)
        let outsideBefore = HostileCase.snapshot(sandbox, skipping: "project")

        let start = ContinuousClock.now
        let diagnostics: [Diagnostic]
        var options = RenderOptions(quiet: true)
        switch command {
        case .render: break
        case .renderForce: options.force = true
        case .renderHTML: options.html = true
        case .check: break
        }
        let session = RenderSession(projectRoot: root, registry: TestProject.registry, options: options)
        if command == .check {
            diagnostics = Checker(session: session).check([]).diagnostics
        } else {
            diagnostics = await session.render([]).diagnostics
        }
        // No timing bound here: the cases run concurrently on a shared machine (a hang is
        // caught by the test's time limit; the YAML bounds are timed alone in YAMLBudgetTests).
        _ = ContinuousClock.now - start

        let errors = diagnostics.filter { $0.severity == .error }
        switch outcome {
        case .success:
            #expect(errors.isEmpty, "\(name): \(errors.map(\.rendered))")
        case .error(let message, let location):
            let matching = errors.filter { $0.message.contains(message) }
            #expect(!matching.isEmpty, "\(name): expected an error containing '\(message)', got \(errors.map(\.rendered))")
            if let location, !matching.isEmpty {
                let at = matching.map { "\($0.path):\($0.location.line):\($0.location.column)" }
                #expect(at.contains(location), "\(name): expected at \(location), got \(at)")
            }
        }

        // Nothing outside the allowed paths changed; nothing outside the project at all.
        let rootAfter = HostileCase.snapshot(root)
        for path in Set(rootBefore.keys).union(rootAfter.keys).sorted() where rootBefore[path] != rootAfter[path] {
            // A changed path is allowed when it is under an allowed prefix, or a folder
            // created on the way to one.
            let allowed = mayChange.contains { path.hasPrefix($0) || $0.hasPrefix(path + "/") } || path.hasPrefix(".folio")
                || path == "memory-bank/.decisionLog.md.lock"
            #expect(allowed, "\(name): \(path) changed (\(rootBefore[path] ?? "absent") -> \(rootAfter[path] ?? "absent"))")
        }
        #expect(HostileCase.snapshot(sandbox, skipping: "project") == outsideBefore, "\(name): a file outside the project changed")
        // No secret reached a report, a result or a page.
        for (path, state) in rootAfter where path.hasPrefix("reports/") && !state.hasPrefix("link") {
            let text = (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? ""
            #expect(!text.contains(HostileCase.secret), "\(name): the secret reached \(path) (\(state))")
        }
        for diagnostic in diagnostics {
            #expect(!diagnostic.rendered.contains(HostileCase.secret), "\(name): the secret reached a message")
        }
        for (path, texts) in reportLacks {
            let report = (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? ""
            #expect(!report.isEmpty, "\(name): \(path) was not written")
            for text in texts { #expect(!report.lowercased().contains(text), "\(name): \(path) holds '\(text)'") }
        }
        if case .success = outcome {
            for (path, text) in reportContains {
                let report = (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? "(missing)"
                #expect(report.contains(text), "\(name): \(path) lacks '\(text)':\n\(report)")
            }
        }
    }

    /// Every entry under `base` (links not followed): path -> kind and content hash or target.
    static func snapshot(_ base: URL, skipping: String? = nil) -> [String: String] {
        var out: [String: String] = [:]
        var pending = [""]
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? base.path : base.path + "/" + relative
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                if let skipping, path == skipping { continue }
                var info = stat()
                guard lstat(base.path + "/" + path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    out[path] = "folder"
                    pending.append(path)
                case S_IFLNK:
                    out[path] = "link -> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: base.path + "/" + path)) ?? "?")
                case S_IFREG:
                    let data = FileManager.default.contents(atPath: base.path + "/" + path) ?? Data()
                    out[path] = "file " + sha256Hex(String(decoding: data, as: UTF8.self)) + " \(data.count)"
                default:
                    out[path] = "special"
                }
            }
        }
        return out
    }
}
