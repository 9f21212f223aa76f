#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the parser treats one column of the file.
enum CellPlan: UInt8 {
    case skip, number, timestamp, text
}

/// What the parser must do with each column of the file: shared, read-only, by all chunks.
struct CSVLayout {
    /// Header names, one per file column.
    var names: [String]
    /// One plan per file column.
    var plans: [CellPlan]
    /// For each file column, its output column, or -1 when skipped.
    var outIndex: [Int]
    /// For each output column, its file column.
    var fileIndex: [Int]
    /// For each output column: whether a cell of another kind is an error (a type given
    /// by the caller, or a timestamp column by name) rather than a reason to re-infer.
    var strict: [Bool]
    /// Why a strict column has its kind, for error messages.
    var strictReason: [String]

    var fileColumnCount: Int { names.count }
    var outCount: Int { fileIndex.count }
}

/// A problem found in a chunk; its line is relative to the chunk until the reader resolves
/// it.
struct ChunkIssue {
    var kind: DataError.Kind
    var message: String
    var line: Int
    var position: Int?
    var fileColumn: Int?
}

/// What one chunk produced: 8 bytes per row per output column (Double bits, Int64, or a
/// local text code), local text dictionaries, and which columns met a cell of another
/// kind.
final class ChunkResult {
    var rows = 0
    /// Physical lines consumed (records and blank lines).
    var lines = 0
    /// One buffer per output column, `nil` once released. A raw array (not a Swift
    /// array) because assembly releases different columns from different threads.
    let buffers: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>
    /// Whether the chunk allocated each buffer (and frees it), or wrote into storage it
    /// was given (`CSVChunkParser.init(layout:base:estimatedRows:external:)`).
    let owned: UnsafeMutablePointer<Bool>
    let outCount: Int
    var interners: [TextInterner]
    var contradicted: [Bool]
    var issue: ChunkIssue?

    init(outCount: Int) {
        self.outCount = outCount
        buffers = .allocate(capacity: max(1, outCount))
        buffers.initialize(repeating: nil, count: max(1, outCount))
        owned = .allocate(capacity: max(1, outCount))
        owned.initialize(repeating: true, count: max(1, outCount))
        interners = Array(repeating: TextInterner(capacity: 0), count: outCount)
        contradicted = Array(repeating: false, count: outCount)
    }

    /// Frees one column's buffer (if the chunk allocated it) as soon as it has been
    /// copied out.
    func release(_ out: Int) {
        if let buffer = buffers[out], owned[out] { free(buffer) }
        buffers[out] = nil
    }

    deinit {
        for out in 0..<outCount { release(out) }
        buffers.deallocate()
        owned.deallocate()
    }
}

/// Parses rows into per-column buffers. One instance per chunk, used by one thread.
struct CSVChunkParser {
    private let layout: CSVLayout
    private let base: UnsafePointer<UInt8>
    private let plans: UnsafeMutablePointer<CellPlan>
    private let outIndex: UnsafeMutablePointer<Int>
    private let buffers: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    private let owned: UnsafeMutablePointer<Bool>
    private let interners: UnsafeMutablePointer<TextInterner>
    private let cacheBytes: UnsafeMutablePointer<UInt8>
    private let cacheLength: UnsafeMutablePointer<Int>
    private let cacheValue: UnsafeMutablePointer<Int64>
    private let powersOfTen: UnsafeMutablePointer<Double>
    private var contradicted: [Bool]
    private var capacity: Int
    private var rows = 0
    private var issue: ChunkIssue?

    private static let cacheWidth = 40

    /// A parser for one chunk whose buffers hold `estimatedRows` rows before they grow.
    /// An output column `k` with `external[k]` set is written there (room for
    /// `estimatedRows` rows, which the caller owns) until it would overflow, when the
    /// rows move into a buffer of the parser's own.
    init(layout: CSVLayout, base: UnsafePointer<UInt8>, estimatedRows: Int, external: [UnsafeMutablePointer<UInt64>?] = []) {
        self.layout = layout
        self.base = base
        let columns = layout.fileColumnCount
        let outs = layout.outCount
        plans = .allocate(capacity: max(1, columns))
        outIndex = .allocate(capacity: max(1, columns))
        for j in 0..<columns {
            plans[j] = layout.plans[j]
            outIndex[j] = layout.outIndex[j]
        }
        capacity = external.contains(where: { $0 != nil }) ? estimatedRows : max(16, estimatedRows)
        buffers = .allocate(capacity: max(1, outs))
        owned = .allocate(capacity: max(1, outs))
        interners = .allocate(capacity: max(1, outs))
        for k in 0..<outs {
            if k < external.count, let given = external[k] {
                buffers[k] = given
                owned[k] = false
            } else {
                buffers[k] = malloc(max(1, capacity) * 8)!.assumingMemoryBound(to: UInt64.self)
                owned[k] = true
            }
            let isText = layout.plans[layout.fileIndex[k]] == .text
            (interners + k).initialize(to: TextInterner(capacity: isText ? 64 : 0))
        }
        cacheBytes = .allocate(capacity: max(1, outs) * Self.cacheWidth)
        cacheLength = .allocate(capacity: max(1, outs))
        cacheValue = .allocate(capacity: max(1, outs))
        cacheLength.initialize(repeating: -1, count: max(1, outs))
        cacheValue.initialize(repeating: 0, count: max(1, outs))
        contradicted = Array(repeating: false, count: outs)
        powersOfTen = .allocate(capacity: NumberParser.powersOfTen.count)
        for (k, power) in NumberParser.powersOfTen.enumerated() { powersOfTen[k] = power }
    }

    /// Hands the buffers to a `ChunkResult` and frees the parser's own memory.
    consuming func finish(lines: Int) -> ChunkResult {
        let outs = layout.outCount
        let result = ChunkResult(outCount: outs)
        result.rows = rows
        result.lines = lines
        result.issue = issue
        result.contradicted = contradicted
        for k in 0..<outs {
            result.buffers[k] = buffers[k]
            result.owned[k] = owned[k]
            result.interners[k] = (interners + k).move()
        }
        plans.deallocate()
        outIndex.deallocate()
        buffers.deallocate()
        owned.deallocate()
        interners.deallocate()
        cacheBytes.deallocate()
        cacheLength.deallocate()
        cacheValue.deallocate()
        powersOfTen.deallocate()
        return result
    }

    // MARK: Fast path

    /// Parses `base[start..<end]`, which holds whole records and no quote character.
    ///
    /// The bulk runs up to the last line end of the range, which stops every scan, so the
    /// inner loops need no bounds checks; a last line without a line end is copied with
    /// one appended and parsed the same way.
    ///
    /// - Returns: the number of physical lines consumed.
    /// - Complexity: O(end - start).
    mutating func parseUnquoted(start: Int, end: Int) -> Int {
        guard start < end else { return 0 }
        var bulkEnd = end
        while bulkEnd > start && base[bulkEnd - 1] != 0x0A { bulkEnd -= 1 }
        var lines = 0
        if bulkEnd > start {
            lines = parseLines(base, from: start, to: bulkEnd, firstLine: 0)
            if issue != nil { return lines }
        }
        if bulkEnd < end {
            let tailCount = end - bulkEnd
            let tail = UnsafeMutablePointer<UInt8>.allocate(capacity: tailCount + 1)
            defer { tail.deallocate() }
            tail.update(from: base + bulkEnd, count: tailCount)
            tail[tailCount] = 0x0A
            lines += parseLines(UnsafePointer(tail), from: 0, to: tailCount + 1, firstLine: lines)
        }
        return lines
    }

    /// Parses whole lines of `b[start..<end]`; `b[end - 1]` must be a line end.
    private mutating func parseLines(_ b: UnsafePointer<UInt8>, from start: Int, to end: Int, firstLine: Int) -> Int {
        let columnCount = layout.fileColumnCount
        let last = columnCount - 1
        let powers = powersOfTen
        var p = start
        var lines = firstLine
        while p < end {
            let lineStart = p
            // Blank lines are not records.
            if b[p] == 0x0A {
                p += 1
                lines += 1
                continue
            }
            if b[p] == 0x0D && b[p + 1] == 0x0A {
                p += 2
                lines += 1
                continue
            }
            if rows == capacity { grow() }
            var j = 0
            while true {
                let fieldStart = p
                let plan = plans[j]
                var stored = false
                if plan == .number {
                    // Fused: parse `-?digits(.digits)?` and land on its delimiter in one
                    // pass; anything else (exponents, specials, > 19 digits, missing
                    // tokens) goes through `store` on the whole field below.
                    var q = p
                    // Branch-free sign: signs are random in data, a branch would
                    // mispredict half the time.
                    let negative: UInt64 = b[q] == 0x2D ? 1 : 0
                    q &+= Int(negative)
                    var mantissa: UInt64 = 0
                    let digitsStart = q
                    while true {
                        let d = b[q] &- 0x30
                        if d > 9 { break }
                        mantissa = mantissa &* 10 &+ UInt64(d)
                        q += 1
                    }
                    var digits = q - digitsStart
                    var scale = 0
                    if b[q] == 0x2E {
                        q += 1
                        let fractionStart = q
                        while true {
                            let d = b[q] &- 0x30
                            if d > 9 { break }
                            mantissa = mantissa &* 10 &+ UInt64(d)
                            q += 1
                        }
                        scale = q - fractionStart
                        digits += scale
                    }
                    var next = b[q]
                    if next == 0x0D && b[q + 1] == 0x0A {
                        q += 1
                        next = 0x0A
                    }
                    if next == 0x2C || next == 0x0A {
                        if digits == 0 {
                            if q == p {  // empty cell
                                (buffers[outIndex[j]] + rows).pointee = Double.nan.bitPattern
                                p = q
                                stored = true
                            }
                        } else if digits <= 19 && mantissa <= 1 << 53 && scale <= 22 {
                            // Clinger's fast path: exact operands, one rounding.
                            let value = Double(mantissa) / powers[scale]  // powers[0] == 1
                            (buffers[outIndex[j]] + rows).pointee = value.bitPattern | negative << 63
                            p = q
                            stored = true
                        }
                    }
                }
                if !stored {
                    p = Self.delimiter(b, from: fieldStart, limit: end)
                }
                let atLineEnd = b[p] == 0x0A
                if atLineEnd != (j == last) {
                    raggedRow(b, lineStart: lineStart, line: lines, foundField: j, atLineEnd: atLineEnd, at: p)
                    return lines
                }
                if !stored && plan != .skip {
                    var fieldEnd = p
                    if atLineEnd && fieldEnd > fieldStart && b[fieldEnd - 1] == 0x0D { fieldEnd -= 1 }
                    if !store(plan, outIndex[j], b + fieldStart, fieldEnd - fieldStart) {
                        if layout.strict[outIndex[j]] {
                            strictFailure(
                                column: j, bytes: b + fieldStart, count: fieldEnd - fieldStart, line: lines,
                                position: fieldStart - lineStart + 1)
                            return lines
                        }
                        contradicted[outIndex[j]] = true
                        plans[j] = .skip
                    }
                }
                p += 1
                if atLineEnd { break }
                j += 1
            }
            rows += 1
            lines += 1
        }
        return lines
    }

    /// The index of the first `,` or line feed at or after `p`; one must exist before
    /// `limit`. Eight bytes at a time while they are inside the buffer.
    @inline(__always)
    private static func delimiter(_ b: UnsafePointer<UInt8>, from p: Int, limit: Int) -> Int {
        var q = p
        let raw = UnsafeRawPointer(b)
        while q + 8 <= limit {
            let x = raw.loadUnaligned(fromByteOffset: q, as: UInt64.self)
            let comma = x ^ 0x2C2C_2C2C_2C2C_2C2C
            let newline = x ^ 0x0A0A_0A0A_0A0A_0A0A
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let found = ((comma &- ones) & ~comma | (newline &- ones) & ~newline) & highs
            if found != 0 { return q + found.trailingZeroBitCount >> 3 }
            q += 8
        }
        while b[q] != 0x2C && b[q] != 0x0A { q += 1 }
        return q
    }

    // MARK: General path

    /// Parses every record the scanner yields (any RFC 4180 input), sequentially.
    ///
    /// - Parameter firstLine: the line the scanner starts at, so that issue lines are
    ///   absolute.
    /// - Returns: the line after the last one consumed.
    mutating func parseRecords(_ scanner: inout CSVRecordScanner, maxRecords: Int = .max) throws(DataError) -> Int {
        let columnCount = layout.fileColumnCount
        var records = 0
        while records < maxRecords, scanner.skipBlankLines() {
            let recordLine = scanner.line
            if rows == capacity { grow() }
            var j = 0
            while true {
                let field = try scanner.nextField()
                if j >= columnCount {
                    var found = j + 1
                    if !field.endsRecord {
                        while !(try scanner.nextField()).endsRecord { found += 1 }
                    }
                    issue = ChunkIssue(
                        kind: .malformed, message: "expected \(columnCount) fields, found \(found)",
                        line: recordLine, position: field.position, fileColumn: nil)
                    return scanner.line
                }
                let plan = plans[j]
                if plan != .skip && !store(plan, outIndex[j], field.bytes, field.count) {
                    if layout.strict[outIndex[j]] {
                        strictFailure(
                            column: j, bytes: field.bytes, count: field.count, line: recordLine,
                            position: field.position)
                        return scanner.line
                    }
                    contradicted[outIndex[j]] = true
                    plans[j] = .skip
                }
                j += 1
                if field.endsRecord { break }
            }
            if j < columnCount {
                issue = ChunkIssue(
                    kind: .malformed, message: "expected \(columnCount) fields, found \(j)", line: recordLine,
                    position: nil, fileColumn: j)
                return scanner.line
            }
            rows += 1
            records += 1
        }
        return scanner.line
    }

    // MARK: Cells

    /// Stores one cell of row `rows`; returns `false` when it is not of the column's kind.
    @inline(__always)
    private mutating func store(_ plan: CellPlan, _ out: Int, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let slot = buffers[out] + rows
        switch plan {
        case .number:
            if count == 0 {
                slot.pointee = Double.nan.bitPattern
            } else if let value = NumberParser.parse(bytes, count) {
                slot.pointee = value.bitPattern
            } else if NumberParser.isMissingToken(bytes, count) {
                slot.pointee = Double.nan.bitPattern
            } else {
                return false
            }
        case .timestamp:
            if count == 0 {
                slot.pointee = UInt64(bitPattern: Column.missingTime)
                return true
            }
            let cache = cacheBytes + out * Self.cacheWidth
            if cacheLength[out] == count && Self.equal(cache, bytes, count) {
                slot.pointee = UInt64(bitPattern: cacheValue[out])
                return true
            }
            if let value = TimestampParser.parse(bytes, count) {
                slot.pointee = UInt64(bitPattern: value)
                if count <= Self.cacheWidth {
                    cache.update(from: bytes, count: count)
                    cacheLength[out] = count
                    cacheValue[out] = value
                }
            } else if NumberParser.isMissingToken(bytes, count) {
                slot.pointee = UInt64(bitPattern: Column.missingTime)
            } else {
                return false
            }
        case .text:
            let code: Int32 = count == 0 ? -1 : interners[out].intern(bytes, count)
            slot.pointee = UInt64(bitPattern: Int64(code))
        case .skip:
            break
        }
        return true
    }

    /// Whether two byte ranges of length `count` are equal (inline, for short cells).
    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var k = 0
        let ra = UnsafeRawPointer(a)
        let rb = UnsafeRawPointer(b)
        while k + 8 <= count {
            if ra.loadUnaligned(fromByteOffset: k, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: k, as: UInt64.self) {
                return false
            }
            k += 8
        }
        while k < count {
            if a[k] != b[k] { return false }
            k += 1
        }
        return true
    }

    private mutating func grow() {
        capacity = capacity + capacity / 2 + 1024
        for k in 0..<layout.outCount {
            if owned[k] {
                buffers[k] = realloc(buffers[k], capacity * 8)!.assumingMemoryBound(to: UInt64.self)
            } else {
                // Storage given by the caller is full: go on in a buffer of our own.
                let own = malloc(capacity * 8)!.assumingMemoryBound(to: UInt64.self)
                own.update(from: buffers[k], count: rows)
                buffers[k] = own
                owned[k] = true
            }
        }
    }

    // MARK: Issues

    private mutating func raggedRow(
        _ b: UnsafePointer<UInt8>, lineStart: Int, line: Int, foundField: Int, atLineEnd: Bool, at p: Int
    ) {
        let expected = layout.fileColumnCount
        if atLineEnd {
            // Too few fields: `foundField + 1` fields on the line.
            issue = ChunkIssue(
                kind: .malformed, message: "expected \(expected) fields, found \(foundField + 1)", line: line,
                position: nil, fileColumn: foundField + 1)
        } else {
            var found = expected + 1
            var q = p + 1
            while b[q] != 0x0A {
                if b[q] == 0x2C { found += 1 }
                q += 1
            }
            issue = ChunkIssue(
                kind: .malformed, message: "expected \(expected) fields, found \(found)", line: line,
                position: p + 1 - lineStart + 1, fileColumn: nil)
        }
    }

    private mutating func strictFailure(
        column: Int, bytes: UnsafePointer<UInt8>, count: Int, line: Int, position: Int
    ) {
        let out = outIndex[column]
        let text = String(decoding: UnsafeBufferPointer(start: bytes, count: min(count, 60)), as: UTF8.self)
        let what = layout.plans[column] == .number ? "a number" : "an ISO 8601 time"
        issue = ChunkIssue(
            kind: .invalidValue, message: "\"\(text)\" is not \(what) (\(layout.strictReason[out]))", line: line,
            position: position, fileColumn: column)
    }
}
