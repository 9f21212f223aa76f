import Crypto
import Foundation

/// Content hashes (SHA-256) of the files directives read, memoised by path, size,
/// modification time and inode in `.folio/cache/files.tsv`, so that a warm render hashes
/// nothing it has hashed before.
public final class FileHasher: @unchecked Sendable {
    struct Stamp: Hashable {
        var size: UInt64
        var modified: Int64
        var inode: UInt64

        init(size: UInt64, modified: Int64, inode: UInt64) {
            self.size = size
            self.modified = modified
            self.inode = inode
        }

        init(_ info: stat) {
            self.init(size: UInt64(info.st_size),
                      modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                      inode: UInt64(info.st_ino))
        }
    }

    private let lock = NSLock()
    private var memo: [String: (Stamp, String)] = [:]
    /// The memo file, read on another thread while the render plans its notebooks (3 ms
    /// for a 2,440-entry memo, a tenth of an edited block's overhead); taken into `memo`
    /// before its first use.
    private let memoLoad: (work: DispatchWorkItem, read: MemoRead)?
    private var memoTaken = false

    /// What the memo file held, written by the thread that read it.
    private final class MemoRead: @unchecked Sendable {
        var file: MemoFile?
    }
    /// The memo file as read or last written (its lines and size), when new lines may be
    /// appended to it; `nil` to write it whole.
    private var journal: (lines: Int, size: Int)?
    /// Files hashed since the memo was read, whose lines `save()` appends.
    private var changed: Set<String> = []
    private var dirty = false
    private let memoURL: URL?
    /// When set, every file and folder hashed must be readable under these rules (inside
    /// the project by resolved path, regular files only, no link out of the project inside
    /// a folder); the hash is taken before a block runs, so a refused input stops the block
    /// before anything reads it.
    public let confinement: ProjectPaths?

    /// Folder hashes and the versions of database sources of this hasher's render, by
    /// path or whole URL: each computed once (concurrent blocks wait for the first), a
    /// failure kept as well, so that blocks reading one unreachable table do not each
    /// connect again.
    private let onceAKey = DataStore()
    /// Computes a database source's version (`PostgresSource.version()`; tests count calls).
    private let versionOfDatabase: @Sendable (PostgresURL) throws -> String

    /// A file or folder folio refuses to read.
    public struct ReadRefused: Error, CustomStringConvertible {
        public var description: String
    }

    /// - Parameters:
    ///   - memoURL: where the memo is kept across runs; `nil` keeps it in memory.
    ///   - confinement: the project whose rules every hashed path must follow.
    public convenience init(memoURL: URL?, confinement: ProjectPaths? = nil) {
        self.init(memoURL: memoURL, confinement: confinement) { try PostgresSource(url: $0).version() }
    }

    /// As `init(memoURL:confinement:)`, with the function that versions a database source.
    init(memoURL: URL?, confinement: ProjectPaths?, versionOfDatabase: @escaping @Sendable (PostgresURL) throws -> String) {
        self.memoURL = memoURL
        self.confinement = confinement
        self.versionOfDatabase = versionOfDatabase
        guard let memoURL else {
            memoLoad = nil
            return
        }
        let read = MemoRead()
        let work = DispatchWorkItem {
            guard let data = FileManager.default.contents(atPath: memoURL.path) else { return }
            read.file = FileHasher.memoFile(parsing: data)
        }
        memoLoad = (work, read)
        DispatchQueue.global().async(execute: work)
    }

    /// Takes the memo file's entries into `memo` once they are read; call with `lock` held.
    private func takeMemo() {
        guard !memoTaken, let memoLoad else { return }
        memoLoad.work.wait()
        if let file = memoLoad.read.file {
            memo = file.entries
            if file.appendable { journal = (file.lines, file.size) }
        }
        memoLoad.read.file = nil
        memoTaken = true
    }

    /// The first line of the memo file: its format.
    static let memoHeader = "folio file hashes 1"

    /// The memo file's entries: after the header, a line per file, `path TAB size TAB
    /// modified TAB inode TAB sha256`. A damaged line is skipped (its file is hashed again);
    /// another header, the whole file. Tab-separated rather than JSON: a project with an
    /// MLflow store holds thousands of entries, read at the start of every render and written
    /// at the end of most, and JSON was a sixth of a warm render.
    static func memo(parsing data: Data) -> [String: (Stamp, String)] {
        memoFile(parsing: data).entries
    }

    /// A memo file read: its entries (a later line for a path overrides an earlier one),
    /// its lines after the header, its size, and whether lines may be appended (its header
    /// is this format's and it ends with a line break).
    struct MemoFile {
        var entries: [String: (Stamp, String)] = [:]
        var lines = 0
        var size = 0
        var appendable = false
    }

    /// `memo(parsing:)`, with what `save()` needs to append to the file.
    static func memoFile(parsing data: Data) -> MemoFile {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> MemoFile in
            let bytes = raw.bindMemory(to: UInt8.self)
            let n = bytes.count
            func lineEnd(from start: Int) -> Int {
                var end = start
                while end < n, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                return end
            }
            func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            /// A decimal integer (optionally negative) filling `range`, without overflow.
            func integer<T: FixedWidthInteger>(_ range: Range<Int>, as: T.Type) -> T? {
                var i = range.lowerBound
                let negative = i < range.upperBound && bytes[i] == UInt8(ascii: "-")
                if negative { i += 1 }
                guard i < range.upperBound, range.upperBound - i <= 20 else { return nil }
                var value: T = 0
                while i < range.upperBound {
                    let digit = bytes[i] &- UInt8(ascii: "0")
                    guard digit < 10 else { return nil }
                    let (times, o1) = value.multipliedReportingOverflow(by: 10)
                    let (next, o2) = negative ? times.subtractingReportingOverflow(T(digit)) : times.addingReportingOverflow(T(digit))
                    guard !o1, !o2 else { return nil }
                    value = next
                    i += 1
                }
                return value
            }
            let headerEnd = lineEnd(from: 0)
            guard text(0..<headerEnd) == memoHeader else { return MemoFile() }
            var memo: [String: (Stamp, String)] = [:]
            var lines = 0
            var start = headerEnd + 1
            while start < n {
                let end = lineEnd(from: start)
                lines += 1
                defer { start = end + 1 }
                var fields: [Range<Int>] = []
                var fieldStart = start
                for k in start..<end where bytes[k] == UInt8(ascii: "\t") {
                    fields.append(fieldStart..<k)
                    fieldStart = k + 1
                }
                fields.append(fieldStart..<end)
                guard fields.count == 5, !fields[0].isEmpty, fields[4].count == 64,
                      let size = integer(fields[1], as: UInt64.self), let modified = integer(fields[2], as: Int64.self),
                      let inode = integer(fields[3], as: UInt64.self) else { continue }
                memo[text(fields[0])] = (Stamp(size: size, modified: modified, inode: inode), text(fields[4]))
            }
            return MemoFile(entries: memo, lines: lines, size: n, appendable: n > 0 && bytes[n - 1] == UInt8(ascii: "\n"))
        }
    }

    /// The memo file's bytes for `memo`, paths sorted; a path holding a tab or a line break
    /// is left out (it is hashed again at every render).
    static func serialized(_ memo: [String: (Stamp, String)]) -> Data {
        var out: [UInt8] = Array((memoHeader + "\n").utf8)
        out.reserveCapacity(memo.count * 180)
        for path in memo.keys.sorted() {
            let (stamp, hash) = memo[path]!
            appendLine(path: path, stamp: stamp, hash: hash, to: &out)
        }
        return Data(out)
    }

    /// Appends the memo line of one file, unless its path holds a tab or a line break;
    /// returns whether it did.
    @discardableResult
    static func appendLine(path: String, stamp: Stamp, hash: String, to out: inout [UInt8]) -> Bool {
        guard !path.utf8.contains(where: { $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else { return false }
        out.append(contentsOf: path.utf8)
        out.append(UInt8(ascii: "\t")); out.append(contentsOf: String(stamp.size).utf8)
        out.append(UInt8(ascii: "\t")); out.append(contentsOf: String(stamp.modified).utf8)
        out.append(UInt8(ascii: "\t")); out.append(contentsOf: String(stamp.inode).utf8)
        out.append(UInt8(ascii: "\t")); out.append(contentsOf: hash.utf8)
        out.append(UInt8(ascii: "\n"))
        return true
    }

    /// The hex SHA-256 of a file's contents, or for a folder, of the sorted list of its
    /// files' relative paths and hashes (hidden files skipped).
    ///
    /// For a `postgresql://` URL: the version of its rows (`PostgresSource.version()`), once
    /// per hasher (a render, or a `folio check`) and URL, or the error computing it gave.
    public func hash(of url: URL) throws -> String {
        if PostgresURL.isPostgres(url) { return try databaseVersion(url) }
        if let refusal = confinement?.readRefusal(url) { throw ReadRefused(description: refusal) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        if !isDirectory.boolValue { return try hashFile(url) }
        let base = url.standardizedFileURL.path
        // A folder is hashed once per render (it does not change while folio reads it);
        // several blocks reading the bars folder or an MLflow store share the result, and
        // blocks asking at the same time wait for the first one's walk.
        return try onceAKey.value(forKey: "folder\u{0}" + base) { () throws -> String in
            var lines: [String] = []
            let entries = FileHasher.walk(under: base)
            if let confinement {
                for link in entries.other {
                    if let refusal = confinement.readRefusal(URL(fileURLWithPath: base + link)) { throw ReadRefused(description: refusal) }
                }
            }
            // Links to regular files (inside the project, when confined) count as their targets.
            var files = entries.regular
            for relative in entries.other where !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                var info = stat()
                if stat(base + relative, &info) == 0, info.st_mode & S_IFMT == S_IFREG { files.append((relative, Stamp(info))) }
            }
            for (relative, stamp) in files.sorted(by: { $0.path < $1.path }) {
                lines.append("\(relative) \(try hashFile(path: base + relative, stamp: stamp))")
            }
            return SHA256.hash(data: Data(lines.joined(separator: "\n").utf8)).hex
        }
    }

    /// One walk of a folder with `readdir` (FileManager's enumerator and URL sorting were
    /// most of a warm render's time on an MLflow store of 2,000 files): the paths
    /// (relative, starting with `/`) of its regular files, hidden entries skipped, sorted;
    /// and of its symbolic links and special files (devices, pipes, sockets), hidden ones
    /// included since a reader may open them. Links are not followed.
    /// Each regular file comes with its stamp from the walk's own `fstatat` without following
    /// links (for a regular file the same as `stat`'s), so hashing a folder stats each file once.
    ///
    /// Entries are stat'ed relative to their open folder, not by full path: the kernel then
    /// looks up one name instead of every component of a deep project path. By full path,
    /// those lookups were the walk's largest cost in a profile of the Phase 4 suite, whose
    /// MLflow store holds 2,300 files; relative to the folder, a warm render of the suite went
    /// from 40 to 30 ms of CPU. Folders and hidden regular files that `readdir` already names
    /// as such are not stat'ed at all.
    private static func walk(under base: String) -> (regular: [(path: String, stamp: Stamp)], other: [String]) {
        var regular: [(path: String, stamp: Stamp)] = []
        var other: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            // Below the base, a folder was seen as a folder by the walk: a link put in its
            // place since is not followed.
            let fd = open(base + relative, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (relative.isEmpty ? 0 : O_NOFOLLOW))
            guard fd >= 0 else { continue }
            guard let dir = fdopendir(fd) else { close(fd); continue }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                let hidden = name.hasPrefix(".")
                let path = relative + "/" + name
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_DIR):
                    if !hidden { pending.append(path) }
                    continue
                case Int32(DT_REG) where hidden:
                    continue
                default:
                    break
                }
                var info = stat()
                guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: if !hidden { pending.append(path) }
                case S_IFREG: if !hidden { regular.append((path, Stamp(info))) }
                default: other.append(path)
                }
            }
        }
        return (regular.sorted { $0.path < $1.path }, other.sorted())
    }

    /// The hash of the running executable (memoised like any file), read whatever the
    /// confinement: folio is usually installed outside the projects it renders, and a
    /// confined read of it was refused, so every build shared one cache key.
    func hashOfExecutable() throws -> String {
        let path = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().standardizedFileURL.path
        var info = stat()
        guard stat(path, &info) == 0 else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        return try hashFile(path: path, stamp: Stamp(info))
    }

    private func databaseVersion(_ url: URL) throws -> String {
        let key = url.absoluteString
        return try onceAKey.value(forKey: "database\u{0}" + key) { () throws -> String in
            do {
                return try versionOfDatabase(try PostgresURL(key))
            } catch {
                throw ReadRefused(description: "\(key): \(error)")
            }
        }
    }

    private func hashFile(_ url: URL) throws -> String {
        let path = url.standardizedFileURL.path
        var info = stat()
        guard stat(path, &info) == 0 else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        return try hashFile(path: path, stamp: Stamp(info))
    }

    /// The hash of the file at `path` (standardized), whose stat gave `stamp`: the memo's
    /// when the stamp is the one recorded, otherwise read and recorded.
    private func hashFile(path: String, stamp: Stamp) throws -> String {
        lock.lock()
        takeMemo()
        if let (known, hash) = memo[path], known == stamp {
            lock.unlock()
            return hash
        }
        lock.unlock()
        let hash = try FileHasher.sha256(path: path)
        lock.lock()
        memo[path] = (stamp, hash)
        changed.insert(path)
        dirty = true
        lock.unlock()
        return hash
    }

    /// Appends `bytes` to the regular file at `url` when it is still `expectedSize` bytes
    /// long (no other render rewrote it meanwhile): never through a link (`O_NOFOLLOW`),
    /// in one `write`. Returns whether it did.
    static func append(_ bytes: [UInt8], to url: URL, expectedSize: Int) -> Bool {
        let fd = open(url.path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == expectedSize else { return false }
        if bytes.isEmpty { return true }
        return bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress!, $0.count) } == bytes.count
    }

    /// Streams a file through SHA-256 in 1 MiB chunks.
    static func sha256(path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().hex
    }

    /// Writes the memo back when it changed.
    public func save() {
        lock.lock()
        defer { lock.unlock() }
        takeMemo()
        guard dirty, let memoURL else { return }
        // The lines of the files hashed in this render are appended (a later line wins),
        // until the file holds twice the lines it needs; then, or when the file cannot
        // be appended to, it is written whole, one line per file.
        if let journal, journal.lines + changed.count <= 2 * memo.count + 256 {
            var lines: [UInt8] = []
            var count = 0
            for path in changed.sorted() {
                guard let (stamp, hash) = memo[path],
                      FileHasher.appendLine(path: path, stamp: stamp, hash: hash, to: &lines) else { continue }
                count += 1
            }
            if FileHasher.append(lines, to: memoURL, expectedSize: journal.size) {
                self.journal = (journal.lines + count, journal.size + lines.count)
                changed = []
                dirty = false
                return
            }
        }
        let bytes = FileHasher.serialized(memo)
        _ = try? AtomicFile.write(bytes, to: memoURL)
        journal = (memo.count, bytes.count)
        changed = []
        dirty = false
        // The memo's JSON form of earlier folio versions, beside it and no longer read:
        // removed when it is a plain file (a link is left alone).
        let legacy = memoURL.deletingLastPathComponent().appendingPathComponent("files.json")
        var info = stat()
        if lstat(legacy.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
            try? FileManager.default.removeItem(at: legacy)
        }
    }
}

extension Digest {
    /// Lower-case hexadecimal.
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in self { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}

/// SHA-256 of a string, hex.
func sha256Hex(_ text: String) -> String {
    SHA256.hash(data: Data(text.utf8)).hex
}
