import Foundation

/// A data frame as bytes: its columns' values as they are in memory (doubles and times as
/// 8-byte words, text as 4-byte codes plus levels, in the machine's byte order), so that
/// reading it back is a copy, not a parse, and gives the same frame bit for bit.
///
/// folio keeps parsed CSV files this way under `.folio/cache/columns/` (`ColumnCache`):
/// after an edit, a block reading a 120 MB file copies 100 MB instead of parsing it again.
/// The archive is not a format for exchange: it holds a `key` (the file's content hash and
/// folio's build) and anything that does not match exactly reads as absent.
public enum DataFrameArchive {
    private static let magic = Array("FOLIOCOLUMNS1\n".utf8)

    /// The bytes of `frame`, labelled with `key`.
    public static func encode(_ frame: DataFrame, key: String) -> Data {
        var out = Writer()
        out.data.reserveCapacity(frame.columns.count * frame.rowCount * 8 + 4096)
        out.bytes(magic)
        out.string(key)
        out.string(frame.path ?? "")
        out.word(UInt64(frame.rowCount))
        out.word(UInt64(frame.columns.count))
        for (name, column) in zip(frame.columnNames, frame.columns) {
            out.string(name)
            switch column {
            case .number(let values):
                out.bytes([0])
                values.withUnsafeBytes { out.raw($0) }
            case .timestamp(let values):
                out.bytes([1])
                values.withUnsafeBytes { out.raw($0) }
            case .text(let text):
                out.bytes([2])
                text.codes.withUnsafeBytes { out.raw($0) }
                out.word(UInt64(text.levels.count))
                for level in text.levels { out.string(level) }
            }
        }
        return out.data
    }

    /// The frame in `data` when it is an archive labelled `key`; `nil` for anything else
    /// (another key, a truncated or damaged file).
    public static func decode(_ data: Data, key: String) -> DataFrame? {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> DataFrame? in
            var reader = Reader(buffer: buffer)
            guard reader.bytes(magic.count) == magic, reader.string() == key,
                  let path = reader.string(), let rows = reader.count(), let count = reader.count() else { return nil }
            var columns: [(name: String, column: Column)] = []
            for _ in 0..<count {
                guard let name = reader.string(), let kind = reader.bytes(1)?.first else { return nil }
                switch kind {
                case 0:
                    guard let values: [Double] = reader.array(rows) else { return nil }
                    columns.append((name, .number(values)))
                case 1:
                    guard let values: [Int64] = reader.array(rows) else { return nil }
                    columns.append((name, .timestamp(values)))
                case 2:
                    guard let codes: [Int32] = reader.array(rows), let levelCount = reader.count() else { return nil }
                    var levels: [String] = []
                    for _ in 0..<levelCount {
                        guard let level = reader.string() else { return nil }
                        levels.append(level)
                    }
                    guard codes.allSatisfy({ $0 >= -1 && Int($0) < levelCount }) else { return nil }
                    columns.append((name, .text(TextColumn(codes: codes, levels: levels))))
                default:
                    return nil
                }
            }
            guard reader.atEnd else { return nil }
            return try? DataFrame(columns, path: path.isEmpty ? nil : path)
        }
    }

    private struct Writer {
        var data = Data()
        mutating func bytes(_ bytes: [UInt8]) { data.append(contentsOf: bytes) }
        mutating func raw(_ bytes: UnsafeRawBufferPointer) { data.append(contentsOf: bytes) }
        mutating func word(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        mutating func string(_ s: String) {
            word(UInt64(s.utf8.count))
            data.append(contentsOf: s.utf8)
        }
    }

    private struct Reader {
        let buffer: UnsafeRawBufferPointer
        var offset = 0
        var atEnd: Bool { offset == buffer.count }

        mutating func bytes(_ n: Int) -> [UInt8]? {
            guard n >= 0, buffer.count - offset >= n else { return nil }
            defer { offset += n }
            return Array(buffer[offset..<(offset + n)])
        }

        mutating func word() -> UInt64? {
            guard buffer.count - offset >= 8 else { return nil }
            defer { offset += 8 }
            return UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }

        /// A count that fits what is left of the buffer.
        mutating func count() -> Int? {
            guard let value = word(), value <= UInt64(buffer.count) else { return nil }
            return Int(value)
        }

        mutating func string() -> String? {
            guard let n = count(), let bytes = bytes(n) else { return nil }
            return String(validating: bytes, as: UTF8.self)
        }

        /// `n` values as they were in memory (the machine's byte order: the cache is the
        /// machine's own).
        mutating func array<T: BitwiseCopyable>(_ n: Int) -> [T]? {
            let (size, overflow) = n.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
            guard n >= 0, !overflow, buffer.count - offset >= size else { return nil }
            defer { offset += size }
            return [T](unsafeUninitializedCapacity: n) { out, initialized in
                UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + size)]))
                initialized = n
            }
        }
    }
}
