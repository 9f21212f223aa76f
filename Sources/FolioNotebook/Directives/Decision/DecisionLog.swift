import Foundation

/// `memory-bank/decisionLog.md`: a Markdown file of decisions, some written by folio's
/// `decision` blocks (between `<!-- folio:decision id="..." -->` and
/// `<!-- /folio:decision -->` markers), some by hand. folio replaces only the text between
/// its own markers, keyed by id; every other byte is kept as written. The same machinery
/// keeps the checklist sections of `actions` blocks (`kind` "actions": markers
/// `<!-- folio:actions id="..." -->` and `<!-- /folio:actions -->`).
public struct DecisionLog: Sendable {
    /// A piece of the file: text folio does not own, or one of its entries.
    enum Segment: Sendable, Equatable {
        case text(String)
        case entry(id: String, text: String)
    }

    var segments: [Segment]
    /// The marker kind: `decision` or `actions`.
    let kind: String

    static let header = """
    # Decision log

    Decisions recorded by folio's `decision` blocks (between `folio:decision` markers) and by hand.
    folio rewrites only its own entries, keyed by id; everything else in this file is kept as written.

    """

    init(parsing text: String, kind: String = "decision") {
        self.kind = kind
        segments = []
        var rest = Substring(text)
        let startMarker = "<!-- folio:\(kind) id=\""
        let endMarkerText = "<!-- /folio:\(kind) -->"
        while let start = rest.range(of: startMarker) {
            guard let idEnd = rest[start.upperBound...].firstIndex(of: "\""),
                  let endMarker = rest[idEnd...].range(of: endMarkerText) else { break }
            // A start marker without its end before the next start marker (text broken by
            // hand) is text, not an entry: the entry that follows it stays whole.
            if let next = rest[idEnd..<endMarker.lowerBound].range(of: startMarker) {
                segments.append(.text(String(rest[..<next.lowerBound])))
                rest = rest[next.lowerBound...]
                continue
            }
            let id = String(rest[start.upperBound..<idEnd])
            if start.lowerBound > rest.startIndex { segments.append(.text(String(rest[..<start.lowerBound]))) }
            var entryEnd = endMarker.upperBound
            if entryEnd < rest.endIndex, rest[entryEnd] == "\n" { entryEnd = rest.index(after: entryEnd) }
            segments.append(.entry(id: id, text: String(rest[start.lowerBound..<entryEnd])))
            rest = rest[entryEnd...]
        }
        if !rest.isEmpty { segments.append(.text(String(rest))) }
    }

    var text: String {
        segments.map { segment in
            switch segment {
            case .text(let t): return t
            case .entry(_, let t): return t
            }
        }.joined()
    }

    /// The text of the entry `id`, when present.
    func entry(_ id: String) -> String? {
        for case .entry(let entryID, let text) in segments where entryID == id { return text }
        return nil
    }

    /// Inserts or replaces the entry `id`; a new entry goes at the end, after a blank line.
    mutating func upsert(id: String, text: String) {
        if let index = segments.firstIndex(where: { if case .entry(id, _) = $0 { return true }; return false }) {
            segments[index] = .entry(id: id, text: text)
            return
        }
        let current = self.text
        if !current.isEmpty {
            if !current.hasSuffix("\n") { segments.append(.text("\n\n")) } else if !current.hasSuffix("\n\n") { segments.append(.text("\n")) }
        }
        segments.append(.entry(id: id, text: text))
    }

    /// Runs `update` on the log at `url` under an exclusive lock (`flock` on a sibling
    /// lock file), so that two folio processes (or two notebooks of one render) never lose
    /// each other's entries; the file is replaced atomically.
    static func update<T>(at url: URL, kind: String = "decision", header: String = DecisionLog.header,
                          _ update: (inout DecisionLog) throws -> T) throws -> T {
        let fm = FileManager.default
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let lockPath = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).lock").path
        let fd = open(lockPath, O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
        defer { flock(fd, LOCK_UN) }
        let existing = (try? String(contentsOf: url, encoding: .utf8)) ?? header
        var log = DecisionLog(parsing: existing, kind: kind)
        let value = try update(&log)
        let text = log.text
        if text != existing || !fm.fileExists(atPath: url.path) { try AtomicFile.write(text, to: url) }
        return value
    }

    /// Reads the log without locking (for `folio check`).
    static func read(at url: URL, kind: String = "decision") -> DecisionLog? {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        return DecisionLog(parsing: text, kind: kind)
    }
}
