#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads into memory with one `read` loop (no `String`, no Foundation).
enum FileBytes {
    /// The bytes of the file at `path`.
    ///
    /// - Throws: `DataError.Kind.io` with the system's reason when the file cannot be
    ///   opened or read.
    static func read(_ path: String) throws(DataError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw ioError(path, "cannot open") }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) != 0 { throw ioError(path, "cannot stat") }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw DataError(.io, "is a folder, not a file", path: path)
        }
        let size = Int(info.st_size)
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buffer, initialized in
            var total = 0
            while total < size {
                let n = readBytes(fd, buffer.baseAddress! + total, size - total)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { break }
                total += n
            }
            initialized = total
        }
        if failure != 0 {
            errno = failure
            throw ioError(path, "cannot read")
        }
        // The file may have grown since `fstat` (or be a pipe): read whatever follows.
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { readBytes(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    private static func ioError(_ path: String, _ action: String) -> DataError {
        let reason = String(cString: strerror(errno))
        return DataError(.io, "\(action) the file: \(reason)", path: path)
    }
}

@inline(__always)
private func readBytes(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}
