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
        withColumns(data, key: key) { $0.frame() }
    }

    /// What `body` builds from the columns of the archive in `data` labelled `key`, read
    /// where they lie in its bytes; `nil` when `data` is not such an archive or `body`
    /// gives `nil`. A reader that wants its own arrays (one symbol's bars at a time) copies
    /// each value once, with no frame between: the bars of the demo (56 MB) were copied
    /// into a frame and then into series.
    public static func withColumns<R>(_ data: Data, key: String, _ body: (Columns) -> R?) -> R? {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> R? in
            var reader = Reader(buffer: buffer)
            guard reader.bytes(magic.count) == magic, reader.string() == key,
                  let path = reader.string(), let rows = reader.count(), let count = reader.count() else { return nil }
            var entries: [Columns.Entry] = []
            for _ in 0..<count {
                guard let name = reader.string(), let kind = reader.bytes(1)?.first else { return nil }
                switch kind {
                case 0, 1:
                    guard let bytes = reader.slice(rows, stride: 8) else { return nil }
                    entries.append(Columns.Entry(name: name, kind: kind == 0 ? .number : .timestamp, bytes: bytes, levels: []))
                case 2:
                    guard let bytes = reader.slice(rows, stride: 4), let levelCount = reader.count() else { return nil }
                    var levels: [String] = []
                    for _ in 0..<levelCount {
                        guard let level = reader.string() else { return nil }
                        levels.append(level)
                    }
                    entries.append(Columns.Entry(name: name, kind: .text, bytes: bytes, levels: levels))
                default:
                    return nil
                }
            }
            guard reader.atEnd else { return nil }
            return body(Columns(path: path.isEmpty ? nil : path, rowCount: rows, entries: entries))
        }
    }

    /// An archive's columns in its bytes, valid inside `withColumns` only.
    public struct Columns {
        enum Kind { case number, timestamp, text }
        struct Entry {
            let name: String
            let kind: Kind
            let bytes: UnsafeRawBufferPointer
            let levels: [String]
        }

        /// The path of the file the frame was read from, if any.
        public let path: String?
        /// Rows of every column.
        public let rowCount: Int
        let entries: [Entry]

        /// Column names in order.
        public var names: [String] { entries.map(\.name) }

        /// Rows `rows` of the number column `name`; `nil` when there is none of that name
        /// and kind or the rows are out of range.
        public func numbers(_ name: String, rows: Range<Int>) -> [Double]? {
            values(name, .number, rows)
        }

        /// Rows `rows` of the time column `name` (seconds since the epoch).
        public func timestamps(_ name: String, rows: Range<Int>) -> [Int64]? {
            values(name, .timestamp, rows)
        }

        /// The levels of the text column `name`.
        public func levels(ofText name: String) -> [String]? {
            guard let entry = entries.first(where: { $0.name == name }), entry.kind == .text else { return nil }
            return entry.levels
        }

        /// The text column `name`, its codes checked against its levels.
        public func text(_ name: String) -> TextColumn? {
            guard let entry = entries.first(where: { $0.name == name }), entry.kind == .text else { return nil }
            return Columns.text(entry)
        }

        /// The runs of equal codes of the text column `name`, in row order: each run's level
        /// (`nil` for a missing cell) and rows, read in place; `nil` when there is no such
        /// column or a code is out of range. A frame whose rows are grouped by that column
        /// (a bars folder's, by symbol) is read one group at a time from these.
        public func runs(ofText name: String) -> [(level: String?, rows: Range<Int>)]? {
            guard let entry = entries.first(where: { $0.name == name }), entry.kind == .text else { return nil }
            var runs: [(level: String?, rows: Range<Int>)] = []
            var start = 0
            var current: Int32 = 0
            for row in 0..<rowCount {
                let code = entry.bytes.loadUnaligned(fromByteOffset: row * 4, as: Int32.self)
                guard code >= -1, Int(code) < entry.levels.count else { return nil }
                if row == 0 {
                    current = code
                } else if code != current {
                    runs.append((current < 0 ? nil : entry.levels[Int(current)], start..<row))
                    start = row
                    current = code
                }
            }
            if rowCount > 0 { runs.append((current < 0 ? nil : entry.levels[Int(current)], start..<rowCount)) }
            return runs
        }

        /// Every column, copied into a frame.
        public func frame() -> DataFrame? {
            var columns: [(name: String, column: Column)] = []
            for entry in entries {
                switch entry.kind {
                case .number: columns.append((entry.name, .number(Columns.copy(entry.bytes, 0..<rowCount))))
                case .timestamp: columns.append((entry.name, .timestamp(Columns.copy(entry.bytes, 0..<rowCount))))
                case .text:
                    guard let text = Columns.text(entry) else { return nil }
                    columns.append((entry.name, .text(text)))
                }
            }
            return try? DataFrame(columns, path: path)
        }

        private func values<T: BitwiseCopyable>(_ name: String, _ kind: Kind, _ rows: Range<Int>) -> [T]? {
            guard rows.lowerBound >= 0, rows.upperBound <= rowCount,
                  let entry = entries.first(where: { $0.name == name }), entry.kind == kind else { return nil }
            return Columns.copy(entry.bytes, rows)
        }

        private static func text(_ entry: Entry) -> TextColumn? {
            let codes: [Int32] = copy(entry.bytes, 0..<(entry.bytes.count / 4))
            guard codes.allSatisfy({ $0 >= -1 && Int($0) < entry.levels.count }) else { return nil }
            return TextColumn(codes: codes, levels: entry.levels)
        }

        /// Values `rows` as they were in memory (the machine's byte order: the cache is the
        /// machine's own), from bytes that need not be aligned.
        private static func copy<T: BitwiseCopyable>(_ bytes: UnsafeRawBufferPointer, _ rows: Range<Int>) -> [T] {
            let stride = MemoryLayout<T>.stride
            return [T](unsafeUninitializedCapacity: rows.count) { out, initialized in
                if !rows.isEmpty {
                    UnsafeMutableRawBufferPointer(out).copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: bytes[(rows.lowerBound * stride)..<(rows.upperBound * stride)]))
                }
                initialized = rows.count
            }
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

        /// The bytes of `n` values of `stride` bytes.
        mutating func slice(_ n: Int, stride: Int) -> UnsafeRawBufferPointer? {
            let (size, overflow) = n.multipliedReportingOverflow(by: stride)
            guard n >= 0, !overflow, buffer.count - offset >= size else { return nil }
            defer { offset += size }
            return UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + size)])
        }
    }
}
