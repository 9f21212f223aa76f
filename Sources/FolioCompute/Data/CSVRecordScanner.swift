/// Splits CSV bytes into fields, one at a time, following RFC 4180: fields separated by
/// commas, records by LF or CRLF; a field that starts with `"` is quoted, may hold commas,
/// newlines and `""` (an escaped quote), and must be followed by a delimiter, a line end
/// or the end of the input. A `"` inside an unquoted field is kept as an ordinary byte.
///
/// Used for the header, the type-inference sample and files that contain quotes; files
/// without quotes in their body take the parallel fast path of `CSVChunkParser`.
struct CSVRecordScanner {
    /// One field of a record.
    struct Field {
        /// The field's bytes, unquoted and unescaped. Valid until the next call.
        var bytes: UnsafePointer<UInt8>
        var count: Int
        /// Whether the record ends after this field.
        var endsRecord: Bool
        /// 1-based byte column of the field's first byte in its line.
        var position: Int
    }

    let base: UnsafePointer<UInt8>
    let end: Int
    private(set) var offset: Int
    /// 1-based line of `offset`.
    private(set) var line: Int
    private var lineStart: Int
    private let scratch = ByteScratch()
    let path: String?

    init(base: UnsafePointer<UInt8>, start: Int, end: Int, line: Int, path: String?) {
        self.base = base
        self.offset = start
        self.end = end
        self.line = line
        self.lineStart = start
        self.path = path
    }

    var isAtEnd: Bool { offset >= end }

    /// Skips empty lines (blank lines are not records, as in pandas). Returns `false` at
    /// the end of the input.
    mutating func skipBlankLines() -> Bool {
        while offset < end {
            if base[offset] == 0x0A {
                newline(at: offset)
            } else if base[offset] == 0x0D && offset + 1 < end && base[offset + 1] == 0x0A {
                newline(at: offset + 1)
            } else if base[offset] == 0x0D && offset + 1 == end {
                offset = end
            } else {
                return true
            }
        }
        return false
    }

    /// The next field. Call at the start of a record only after `skipBlankLines()`.
    mutating func nextField() throws(DataError) -> Field {
        let position = offset - lineStart + 1
        if offset < end && base[offset] == 0x22 {
            return try quotedField(position: position)
        }
        let start = offset
        var i = offset
        while i < end {
            let c = base[i]
            if c == 0x2C || c == 0x0A { break }
            i += 1
        }
        var fieldEnd = i
        let endsRecord: Bool
        if i == end {
            endsRecord = true
            if fieldEnd > start && base[fieldEnd - 1] == 0x0D { fieldEnd -= 1 }
            offset = end
        } else if base[i] == 0x0A {
            endsRecord = true
            if fieldEnd > start && base[fieldEnd - 1] == 0x0D { fieldEnd -= 1 }
            newline(at: i)
        } else {
            endsRecord = false
            offset = i + 1
        }
        return Field(bytes: base + start, count: fieldEnd - start, endsRecord: endsRecord, position: position)
    }

    /// Skips the rest of the current record (after an error has been found in it).
    mutating func skipRecord() throws(DataError) {
        while true {
            let field = try nextField()
            if field.endsRecord { return }
        }
    }

    private mutating func quotedField(position: Int) throws(DataError) -> Field {
        let openLine = line
        var i = offset + 1
        let contentStart = i
        var escaped = false
        // Find the closing quote.
        while true {
            guard i < end else {
                throw DataError(
                    .malformed, "quoted field is not closed before the end of the file", path: path,
                    line: openLine, position: position)
            }
            let c = base[i]
            if c == 0x22 {
                if i + 1 < end && base[i + 1] == 0x22 {
                    escaped = true
                    i += 2
                    continue
                }
                break
            }
            if c == 0x0A {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        let contentEnd = i
        i += 1  // closing quote
        let endsRecord: Bool
        if i >= end {
            endsRecord = true
            offset = end
        } else if base[i] == 0x2C {
            endsRecord = false
            offset = i + 1
        } else if base[i] == 0x0A {
            endsRecord = true
            newline(at: i)
        } else if base[i] == 0x0D && (i + 1 == end || base[i + 1] == 0x0A) {
            endsRecord = true
            if i + 1 == end { offset = end } else { newline(at: i + 1) }
        } else {
            throw DataError(
                .malformed, "unexpected character after the closing quote of a quoted field",
                path: path, line: line, position: i - lineStart + 1)
        }
        if !escaped {
            return Field(
                bytes: base + contentStart, count: contentEnd - contentStart, endsRecord: endsRecord,
                position: position)
        }
        let pointer = scratch.reserve(contentEnd - contentStart)
        var count = 0
        var k = contentStart
        while k < contentEnd {
            pointer[count] = base[k]
            count += 1
            k += base[k] == 0x22 ? 2 : 1
        }
        return Field(bytes: pointer, count: count, endsRecord: endsRecord, position: position)
    }

    @inline(__always)
    private mutating func newline(at index: Int) {
        offset = index + 1
        line += 1
        lineStart = offset
    }
}

/// A growable byte buffer for unescaped quoted fields; its contents stay valid until the
/// next `reserve`.
final class ByteScratch {
    private var pointer: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    init() {
        capacity = 256
        pointer = .allocate(capacity: capacity)
    }

    /// A buffer of at least `count` bytes.
    func reserve(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if count > capacity {
            pointer.deallocate()
            capacity = max(count, capacity * 2)
            pointer = .allocate(capacity: capacity)
        }
        return pointer
    }

    deinit { pointer.deallocate() }
}
