#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a whole file: memory-mapped when possible (no copy; pages are brought in
/// by the threads that parse them), read into memory with one `read` loop otherwise
/// (pipes, special files, file systems that refuse `mmap`).
///
/// A mapped file must not be truncated by another process while it is being parsed (the
/// system would stop the process with `SIGBUS`, as with any `mmap` reader).
final class FileBytes {
    private let mapped: UnsafeMutableRawPointer?
    private let buffer: [UInt8]
    /// The file's size in bytes.
    let count: Int

    /// Opens and maps (or reads) the file at `path`.
    ///
    /// - Throws: `DataError.Kind.io` with the system's reason when the file cannot be
    ///   opened or read.
    init(path: String) throws(DataError) {
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw Self.ioError(path, "cannot open") }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) != 0 { throw Self.ioError(path, "cannot stat") }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw DataError(.io, "is a folder, not a file", path: path)
        }
        let size = Int(info.st_size)
        if (info.st_mode & S_IFMT) == S_IFREG && size > 0,
            let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED
        {
            mapped = address
            buffer = []
            count = size
            return
        }
        mapped = nil
        buffer = try Self.readAll(fd: fd, sizeHint: size, path: path)
        count = buffer.count
    }

    /// Calls `body` with the file's bytes (`nil` base for an empty file).
    func withBytes<R, E: Error>(_ body: (UnsafePointer<UInt8>?, Int) throws(E) -> R) throws(E) -> R {
        if let mapped {
            return try body(UnsafePointer(mapped.assumingMemoryBound(to: UInt8.self)), count)
        }
        return try buffer.withUnsafeBufferPointer { (bytes) throws(E) -> R in try body(bytes.baseAddress, bytes.count) }
    }

    deinit {
        if let mapped { munmap(mapped, count) }
    }

    /// Reads until the end of the file.
    private static func readAll(fd: Int32, sizeHint: Int, path: String) throws(DataError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(sizeHint, 0))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { readBytes(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ioError(path, "cannot read")
            }
            if n == 0 { break }
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
