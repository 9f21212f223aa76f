#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain POSIX file writes for the demo data writers: about 1,800 small MLflow files and
/// a few large CSV files, written without Foundation's per-call overhead.
enum DemoFileIO {
    /// Creates the directory `path` and any missing parents (like `mkdir -p`).
    ///
    /// - Throws: ``DemoDataError/io(path:message:)``.
    static func makeDirectory(_ path: String) throws {
        let bytes = Array(path.utf8)
        var i = 1
        while i <= bytes.count {
            if i == bytes.count || bytes[i] == 0x2F {
                let prefix = String(decoding: bytes[0..<i], as: UTF8.self)
                if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                    throw DemoDataError.io(path: prefix, message: String(cString: strerror(errno)))
                }
            }
            i += 1
        }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw DemoDataError.io(path: path, message: "not a directory")
        }
    }

    /// Writes `bytes` to the file `path` (created or truncated, mode 0644).
    ///
    /// - Throws: ``DemoDataError/io(path:message:)``.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw DemoDataError.io(path: path, message: String(cString: strerror(errno))) }
        defer { close(fd) }
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glue.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw DemoDataError.io(path: path, message: String(cString: strerror(errno)))
                }
                offset += n
            }
        }
    }

    /// The POSIX `write`, named apart from ``write(_:to:)``.
    private enum Glue {
        static func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
            #if canImport(Glibc)
            return Glibc.write(fd, buffer, count)
            #elseif canImport(Musl)
            return Musl.write(fd, buffer, count)
            #else
            return Darwin.write(fd, buffer, count)
            #endif
        }
    }
}
