import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Waits for files under some folders to change, for `folio watch`.
///
/// On Linux it listens to the kernel (inotify): every folder under the roots is watched for
/// files written and closed, created, deleted and renamed into or out of it (editors that save
/// by writing a new file and renaming it over the old one included), and folders created later
/// are watched as they appear. A burst of events (a save that writes, renames and touches
/// attributes; a tool that writes several files) is gathered until the folders have been quiet
/// for `quiet`, so one save renders once. Elsewhere, and when inotify cannot be set up (no
/// watches left), it falls back to comparing modification times every `pollInterval`.
///
/// Hidden files and folders, editor backups (`name~`) and vim's write probe (`4913`) are
/// ignored: they are not inputs and an editor makes many of them.
public final class ChangeMonitor: @unchecked Sendable {
    /// The folders watched (those that exist when the monitor starts).
    public let roots: [URL]
    /// How long the folders must stay quiet before a burst of changes is reported.
    public let quiet: Duration
    /// The polling period of the fallback.
    public let pollInterval: Duration
    /// Whether changes come from the kernel (`true`) or from polling.
    public var usesKernelNotifications: Bool { backend.isKernel }

    private var backend: Backend
    private let lock = NSLock()

    /// Starts watching `roots`: folders, and the folder of each file named (missing ones are
    /// skipped).
    public init(roots: [URL], quiet: Duration = .milliseconds(20), pollInterval: Duration = .milliseconds(500)) {
        var folders: [URL] = []
        for root in roots {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder)
            let folder = exists && !isFolder.boolValue ? root.deletingLastPathComponent() : root
            if !folders.contains(folder) { folders.append(folder) }
        }
        let roots = folders
        self.roots = roots
        self.quiet = quiet
        self.pollInterval = pollInterval
        #if canImport(Glibc)
        if let notifier = Inotify(roots: roots) {
            backend = .inotify(notifier)
            return
        }
        #endif
        backend = .polling(Polling(roots: roots))
    }

    deinit {
        #if canImport(Glibc)
        if case .inotify(let notifier) = backend { notifier.close() }
        #endif
    }

    /// Blocks until something under the roots changes, then until the burst is over; returns
    /// the changed paths (sorted, each once).
    public func waitForChanges() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        switch backend {
        #if canImport(Glibc)
        case .inotify(let notifier):
            return notifier.wait(quiet: quiet)
        #endif
        case .polling(var polling):
            let changed = polling.wait(interval: pollInterval)
            backend = .polling(polling)
            return changed
        }
    }

    /// ``waitForChanges()`` on a thread of its own, so that the caller's task does not hold
    /// one of the few threads renders run on.
    public func changes() async -> [String] {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: self.waitForChanges()) }
            thread.name = "folio watch"
            thread.start()
        }
    }

    /// Whether a changed file is one a render could read (not a hidden file, backup or probe).
    static func isRelevant(_ name: String) -> Bool {
        !(name.isEmpty || name.hasPrefix(".") || name.hasSuffix("~") || name == "4913")
    }

    private enum Backend {
        #if canImport(Glibc)
        case inotify(Inotify)
        #endif
        case polling(Polling)

        var isKernel: Bool {
            switch self {
            #if canImport(Glibc)
            case .inotify: return true
            #endif
            case .polling: return false
            }
        }
    }

    /// Modification times compared every interval: the portable fallback.
    private struct Polling {
        var roots: [URL]
        var last: [String: Date]

        init(roots: [URL]) {
            self.roots = roots
            last = Polling.snapshot(roots)
        }

        mutating func wait(interval: Duration) -> [String] {
            while true {
                Thread.sleep(forTimeInterval: Double(interval.components.seconds) + Double(interval.components.attoseconds) * 1e-18)
                let now = Polling.snapshot(roots)
                guard now != last else { continue }
                let changed = Set(now.keys).union(last.keys).filter { now[$0] != last[$0] }
                last = now
                return changed.sorted()
            }
        }

        static func snapshot(_ roots: [URL]) -> [String: Date] {
            var stamps: [String: Date] = [:]
            for root in roots {
                guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.contentModificationDateKey], options: [.skipsHiddenFiles]) else { continue }
                while let item = enumerator.nextObject() as? URL {
                    guard ChangeMonitor.isRelevant(item.lastPathComponent) else { continue }
                    if let date = try? item.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate {
                        stamps[item.path] = date
                    }
                }
            }
            return stamps
        }
    }

    #if canImport(Glibc)
    /// The kernel's change notifications: one inotify descriptor, a watch per folder.
    private final class Inotify {
        private var fd: Int32
        /// Watch descriptor -> the folder it watches.
        private var folders: [Int32: String] = [:]
        private static let mask: UInt32 = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MODIFY) | UInt32(IN_CREATE) | UInt32(IN_DELETE)
            | UInt32(IN_MOVED_FROM) | UInt32(IN_MOVED_TO) | UInt32(IN_DELETE_SELF) | UInt32(IN_ONLYDIR)

        init?(roots: [URL]) {
            fd = inotify_init1(Int32(IN_CLOEXEC))
            guard fd >= 0 else { return nil }
            for root in roots where !addTree(root.path) {
                Glibc.close(fd)
                return nil
            }
        }

        func close() {
            if fd >= 0 { Glibc.close(fd) }
            fd = -1
        }

        /// Watches `path` and every folder under it; false when the kernel refuses a watch
        /// for a reason other than the folder having gone.
        private func addTree(_ path: String) -> Bool {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return true }
            let wd = inotify_add_watch(fd, path, Inotify.mask)
            if wd < 0 { return errno == ENOENT || errno == ENOTDIR }
            folders[wd] = path
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return true }
            for name in names.sorted() where !name.hasPrefix(".") {
                let child = path + "/" + name
                var childIsFolder: ObjCBool = false
                // Symbolic links are not followed: a render reads inside the project only.
                if let attributes = try? FileManager.default.attributesOfItem(atPath: child),
                   attributes[.type] as? FileAttributeType == .typeDirectory,
                   FileManager.default.fileExists(atPath: child, isDirectory: &childIsFolder), childIsFolder.boolValue {
                    if !addTree(child) { return false }
                }
            }
            return true
        }

        /// Blocks until an event, then gathers events until none arrives for `quiet`.
        func wait(quiet: Duration) -> [String] {
            var changed = Set<String>()
            let quietMilliseconds = Int32(max(1, quiet.components.seconds * 1000 + quiet.components.attoseconds / 1_000_000_000_000_000))
            var timeout: Int32 = -1
            while true {
                var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&descriptor, 1, timeout)
                if ready < 0 {
                    if errno == EINTR { continue }
                    return changed.sorted()
                }
                if ready == 0 {
                    // Quiet for long enough: report the burst, unless it held nothing relevant.
                    if !changed.isEmpty { return changed.sorted() }
                    timeout = -1
                    continue
                }
                read(into: &changed)
                timeout = quietMilliseconds
            }
        }

        /// Reads the pending events; adds the relevant paths to `changed` and watches new folders.
        private func read(into changed: inout Set<String>) {
            let size = 64 * 1024
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<inotify_event>.alignment)
            defer { buffer.deallocate() }
            let count = Glibc.read(fd, buffer, size)
            guard count > 0 else { return }
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            while offset + header <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameLength = Int(event.len)
                var name = ""
                if nameLength > 0 {
                    let bytes = UnsafeRawBufferPointer(start: buffer + offset + header, count: nameLength)
                    name = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
                }
                offset += header + nameLength
                if event.mask & UInt32(IN_IGNORED) != 0 { folders[event.wd] = nil; continue }
                if event.mask & UInt32(IN_Q_OVERFLOW) != 0 { changed.insert("(events overflowed)"); continue }
                guard let folder = folders[event.wd] else { continue }
                if event.mask & UInt32(IN_DELETE_SELF) != 0 { changed.insert(folder); continue }
                guard ChangeMonitor.isRelevant(name) else { continue }
                let path = folder + "/" + name
                if event.mask & UInt32(IN_ISDIR) != 0, event.mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0 {
                    _ = addTree(path)
                }
                changed.insert(path)
            }
        }
    }
    #endif
}
