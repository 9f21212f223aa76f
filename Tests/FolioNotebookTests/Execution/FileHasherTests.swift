import Foundation
import Testing
@testable import FolioNotebook

/// Folder hashes: what changes them, what they share, and one walk for concurrent askers.
@Suite struct FileHasherTests {
    private static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("folio-hasher-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("a/b"), withIntermediateDirectories: true)
        try Data("one".utf8).write(to: url.appendingPathComponent("a/x.txt"))
        try Data("two".utf8).write(to: url.appendingPathComponent("a/b/y.txt"))
        try Data("hidden".utf8).write(to: url.appendingPathComponent("a/.z"))
        return url
    }

    @Test func aFolderHashFollowsItsFilesContentsAndNames() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("a")
        let first = try FileHasher(memoURL: nil).hash(of: target)
        // A new hasher (a new render) with the same files: the same hash.
        #expect(try FileHasher(memoURL: nil).hash(of: target) == first)
        // Hidden files do not count.
        try Data("changed".utf8).write(to: root.appendingPathComponent("a/.z"))
        #expect(try FileHasher(memoURL: nil).hash(of: target) == first)
        // Same size, other bytes: another hash.
        try Data("six".utf8).write(to: root.appendingPathComponent("a/b/y.txt"))
        let second = try FileHasher(memoURL: nil).hash(of: target)
        #expect(second != first)
        // A file renamed: another hash.
        try FileManager.default.moveItem(at: root.appendingPathComponent("a/x.txt"), to: root.appendingPathComponent("a/w.txt"))
        #expect(try FileHasher(memoURL: nil).hash(of: target) != second)
    }

    /// The walk stats entries relative to their folder and takes `readdir`'s word for
    /// folders and hidden files: a hidden folder's files do not count, a link to a file counts
    /// as its target's bytes, a file in a folder three deep counts.
    @Test func aFolderHashSkipsHiddenFoldersAndFollowsLinkedFiles() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("a/.git/objects"), withIntermediateDirectories: true)
        try manager.createDirectory(at: root.appendingPathComponent("a/b/c/d"), withIntermediateDirectories: true)
        try Data("deep".utf8).write(to: root.appendingPathComponent("a/b/c/d/z.txt"))
        try Data("elsewhere".utf8).write(to: root.appendingPathComponent("linked.txt"))
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("a/l.txt").path, withDestinationPath: "../linked.txt")
        let target = root.appendingPathComponent("a")
        let first = try FileHasher(memoURL: nil).hash(of: target)
        try Data("ignored".utf8).write(to: root.appendingPathComponent("a/.git/objects/o"))
        #expect(try FileHasher(memoURL: nil).hash(of: target) == first)
        try Data("deeP".utf8).write(to: root.appendingPathComponent("a/b/c/d/z.txt"))
        let second = try FileHasher(memoURL: nil).hash(of: target)
        #expect(second != first)
        try Data("Elsewhere".utf8).write(to: root.appendingPathComponent("linked.txt"))
        #expect(try FileHasher(memoURL: nil).hash(of: target) != second)
    }

    /// Saving the memo removes the JSON memo of earlier versions (`files.json`) beside it,
    /// a plain file only: a link of that name is left alone, and so is what it points to.
    @Test func savingRemovesTheOldJSONMemo() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = root.appendingPathComponent("cache")
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: cache.appendingPathComponent("files.json"))
        let hasher = FileHasher(memoURL: cache.appendingPathComponent("files.tsv"))
        _ = try hasher.hash(of: root.appendingPathComponent("a/x.txt"))
        hasher.save()
        #expect(FileManager.default.fileExists(atPath: cache.appendingPathComponent("files.tsv").path))
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent("files.json").path))

        let kept = root.appendingPathComponent("kept.json")
        try Data("{}".utf8).write(to: kept)
        try FileManager.default.createSymbolicLink(at: cache.appendingPathComponent("files.json"), withDestinationURL: kept)
        let again = FileHasher(memoURL: cache.appendingPathComponent("files.tsv"))
        _ = try again.hash(of: root.appendingPathComponent("a/b/y.txt"))
        again.save()
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: cache.appendingPathComponent("files.json").path)) != nil)
        #expect(FileManager.default.fileExists(atPath: kept.path))
    }

    /// A render appends the lines of the files it hashed to the memo file instead of
    /// writing it whole (a later line wins); a file holding more than twice the lines it
    /// needs is written whole again; a link in the memo's place is replaced, never
    /// appended through.
    @Test func theMemoFileGrowsByTheFilesHashedAndIsCompacted() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let memoURL = root.appendingPathComponent("files.tsv")
        let x = root.appendingPathComponent("a/x.txt"), y = root.appendingPathComponent("a/b/y.txt")
        let first = FileHasher(memoURL: memoURL)
        _ = try first.hash(of: x)
        first.save()
        let written = try Data(contentsOf: memoURL)
        #expect(FileHasher.memoFile(parsing: written).lines == 1)

        // A second render hashes y and x changed: two lines appended after the first bytes.
        try Data("one, changed".utf8).write(to: x)
        let second = FileHasher(memoURL: memoURL)
        let newX = try second.hash(of: x)
        _ = try second.hash(of: y)
        second.save()
        let appended = try Data(contentsOf: memoURL)
        #expect(appended.starts(with: written))
        let file = FileHasher.memoFile(parsing: appended)
        #expect(file.lines == 3 && file.appendable)
        #expect(file.entries.count == 2)
        #expect(file.entries[x.standardizedFileURL.path]?.1 == newX)

        // Many stale lines: written whole, one line per file.
        var bloated = appended
        for _ in 0..<300 { bloated.append(contentsOf: appended.split(separator: UInt8(ascii: "\n"))[1] + [UInt8(ascii: "\n")]) }
        try bloated.write(to: memoURL)
        try Data("one, changed again".utf8).write(to: x)
        let third = FileHasher(memoURL: memoURL)
        _ = try third.hash(of: x)
        third.save()
        let compacted = FileHasher.memoFile(parsing: try Data(contentsOf: memoURL))
        #expect(compacted.lines == 2 && compacted.entries.count == 2)

        // A link in the memo's place: replaced by a file, its target untouched.
        let outside = root.appendingPathComponent("outside.tsv")
        try Data(contentsOf: memoURL).write(to: outside)
        let before = try Data(contentsOf: outside)
        try FileManager.default.removeItem(at: memoURL)
        try FileManager.default.createSymbolicLink(at: memoURL, withDestinationURL: outside)
        try Data("one, changed a third time".utf8).write(to: x)
        let fourth = FileHasher(memoURL: memoURL)
        _ = try fourth.hash(of: x)
        fourth.save()
        #expect(try Data(contentsOf: outside) == before)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: memoURL.path)) == nil)
        #expect(FileHasher.memoFile(parsing: try Data(contentsOf: memoURL)).entries.count == 2)
    }

    /// The memo kept on disk is keyed by each file's stat: a file rewritten with other
    /// bytes of the same size is read again, not trusted.
    @Test func theMemoFileRoundTripsAndSkipsWhatItCannotHold() {
        let hash = String(repeating: "ab", count: 32)
        let memo: [String: (FileHasher.Stamp, String)] = [
            "/p/a.csv": (FileHasher.Stamp(size: 12, modified: -5, inode: UInt64.max), hash),
            "/p/ünï cödé.txt": (FileHasher.Stamp(size: 0, modified: 1_765_000_000_123_456_789, inode: 7), hash),
            "/p/tab\there": (FileHasher.Stamp(size: 1, modified: 1, inode: 1), hash),
            "/p/line\nbreak": (FileHasher.Stamp(size: 1, modified: 1, inode: 1), hash),
        ]
        let data = FileHasher.serialized(memo)
        let back = FileHasher.memo(parsing: data)
        #expect(Set(back.keys) == ["/p/a.csv", "/p/ünï cödé.txt"])
        for (path, entry) in back { #expect(entry.0 == memo[path]!.0 && entry.1 == memo[path]!.1) }
        // Damaged lines are skipped, the others kept; another format reads as empty.
        var damaged = data
        damaged.append(contentsOf: "/p/short\t1\t2\n/p/bad\tx\t1\t1\t\(hash)\n/p/hash\t1\t1\t1\tabc\n".utf8)
        #expect(Set(FileHasher.memo(parsing: damaged).keys) == ["/p/a.csv", "/p/ünï cödé.txt"])
        #expect(FileHasher.memo(parsing: Data("{\"/p/a.csv\": [\"1\", \"2\", \"3\", \"\(hash)\"]}".utf8)).isEmpty)
        #expect(FileHasher.memo(parsing: Data()).isEmpty)
    }

    @Test func theMemoReadsAChangedFileAgain() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let memo = root.appendingPathComponent("memo.json")
        let target = root.appendingPathComponent("a")
        let hasher = FileHasher(memoURL: memo)
        let first = try hasher.hash(of: target)
        hasher.save()
        let file = root.appendingPathComponent("a/x.txt")
        try Data("eno".utf8).write(to: file)
        // Make the change visible to the stamp even on a coarse clock.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 5)], ofItemAtPath: file.path)
        #expect(try FileHasher(memoURL: memo).hash(of: target) != first)
    }

    /// Blocks asking for one folder at the same time get one hash (the first walk's).
    @Test func concurrentAskersShareOneHash() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        for i in 0..<200 { try Data("\(i)".utf8).write(to: root.appendingPathComponent("a/f\(i).txt")) }
        let hasher = FileHasher(memoURL: nil)
        let target = root.appendingPathComponent("a")
        let hashes = ConcurrentSlots([String?](repeating: nil, count: 8))
        DispatchQueue.concurrentPerform(iterations: 8) { k in hashes.set(k, try? hasher.hash(of: target)) }
        let values = Set(hashes.value.compactMap { $0 })
        #expect(values.count == 1)
        #expect(values.first == (try FileHasher(memoURL: nil).hash(of: target)))
    }

    /// The build id in every cache key hashes the running executable even when it lies
    /// outside the project (it usually does): it used to fall back to the version string,
    /// so a rebuilt folio reused results its older self computed.
    @Test func theBuildIDHashesTheExecutableOutsideTheProject() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let hasher = FileHasher(memoURL: nil, confinement: ProjectPaths(root: root))
        let services = RenderServices(projectRoot: root, hasher: hasher)
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        #expect(!executable.hasPrefix(root.path))
        #expect(services.buildID == (try FileHasher.sha256(path: executable)))
        #expect(services.buildID != Folio.version)
    }
}
