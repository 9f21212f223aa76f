#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parsing number and time columns straight into the arrays the data frame keeps.
///
/// Chunk buffers copied into the columns afterwards cost a second copy of every number
/// and, worse, the page faults of fresh memory for it: on `perf.md`'s 126 MB
/// `features.csv` (2 cores) that copy was a fifth of the render's page faults. When the body
/// holds no quote, every physical line is at most one record, so the lines of each chunk
/// (counted first, with `memchr`) bound its rows: each chunk gets that many rows of every
/// number and time column at its place in arrays allocated once, and the arrays are
/// complete when the chunks are. Only blank lines leave gaps, closed afterwards by moving
/// the later rows down. Text columns keep their chunk buffers: their codes are local to a
/// chunk until the dictionaries merge.
extension CSVReader {
    /// At most this many columns are parsed in place (each array is allocated one closure
    /// deeper than the previous: `Array(unsafeUninitializedCapacity:)` lends its storage
    /// only inside its closure), so that a file of thousands of columns does not nest as
    /// deep; wider files go through chunk buffers.
    static let inPlaceLimit = 256

    /// The output columns parsed in place: numbers and times.
    static func inPlaceColumns(_ layout: CSVLayout) -> [Int] {
        (0..<layout.outCount).filter {
            let plan = layout.plans[layout.fileIndex[$0]]
            return plan == .number || plan == .timestamp
        }
    }

    /// Parses every (unquoted) range in parallel, the number and time columns into their
    /// final arrays; throws the first issue in file order.
    func runInPlace(
        layout: CSVLayout, base: UnsafePointer<UInt8>, ranges: [Range<Int>], bodyLine: Int, path: String?
    ) throws(DataError) -> (chunks: [ChunkResult], columns: [Int: Column]) {
        let lines = Self.lineCounts(base: base, ranges: ranges, threads: threadCount)
        var offsets = [0]
        for count in lines { offsets.append(offsets.last! + count) }
        let capacity = max(1, offsets.last!)
        let columns = Self.inPlaceColumns(layout)
        let isTime = columns.map { layout.plans[layout.fileIndex[$0]] == .timestamp }
        let threads = threadCount

        var chunks: [ChunkResult] = []
        var failure: DataError?
        let arrays = Self.withColumnStorage(isTime: isTime, capacity: capacity) { storage -> Int in
            var slots = [ChunkResult?](repeating: nil, count: ranges.count)
            slots.withUnsafeMutableBufferPointer { slots in
                ParallelLoop.run(iterations: ranges.count, threads: threads) { k in
                    var external = [UnsafeMutablePointer<UInt64>?](repeating: nil, count: layout.outCount)
                    for (i, out) in columns.enumerated() { external[out] = storage[i] + offsets[k] }
                    let range = ranges[k]
                    var parser = CSVChunkParser(layout: layout, base: base, estimatedRows: lines[k], external: external)
                    let consumed = parser.parseUnquoted(start: range.lowerBound, end: range.upperBound)
                    slots[k] = parser.finish(lines: consumed)
                }
            }
            chunks = slots.map { $0! }
            if let error = Self.firstIssue(in: chunks, layout: layout, quoted: false, bodyLine: bodyLine, path: path) {
                failure = error
                return 0
            }
            // Close the gaps blank lines left, moving each chunk's rows down to follow the
            // previous chunk's (a chunk that overflowed its lines, which an unquoted body
            // cannot do, is copied from its own buffer).
            var rowsBefore = 0
            for chunk in chunks {
                for (i, out) in columns.enumerated() {
                    guard let buffer = chunk.buffers[out], chunk.rows > 0 else { continue }
                    let target = storage[i] + rowsBefore
                    if buffer != target {
                        precondition(rowsBefore + chunk.rows <= capacity, "in-place CSV rows exceed the lines counted")
                        UnsafeMutableRawPointer(target).copyMemory(from: buffer, byteCount: chunk.rows * 8)
                    }
                    if chunk.owned[out] { chunk.release(out) } else { chunk.buffers[out] = nil }
                }
                rowsBefore += chunk.rows
            }
            return rowsBefore
        }
        if let failure { throw failure }
        var result: [Int: Column] = [:]
        for (i, out) in columns.enumerated() { result[out] = arrays[i] }
        return (chunks, result)
    }

    /// The physical lines of each range: its line feeds, plus one for a last line
    /// without one.
    static func lineCounts(base: UnsafePointer<UInt8>, ranges: [Range<Int>], threads: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: ranges.count)
        counts.withUnsafeMutableBufferPointer { counts in
            ParallelLoop.run(iterations: ranges.count, threads: threads) { k in
                let range = ranges[k]
                var count = 0
                var p = range.lowerBound
                while p < range.upperBound, let found = memchr(base + p, 0x0A, range.upperBound - p) {
                    count += 1
                    p = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
                }
                if p < range.upperBound { count += 1 }
                counts[k] = count
            }
        }
        return counts
    }

    /// Allocates one array of `capacity` values per entry of `isTime` (`[Int64]` when
    /// true, else `[Double]`), calls `body` with their storage, and returns them holding
    /// the number of values `body` returns (at most `capacity`).
    static func withColumnStorage(
        isTime: [Bool], capacity: Int, _ body: ([UnsafeMutablePointer<UInt64>]) -> Int
    ) -> [Column] {
        var storage: [UnsafeMutablePointer<UInt64>] = []
        var columns = [Column?](repeating: nil, count: isTime.count)
        func level(_ i: Int) -> Int {
            if i == isTime.count { return body(storage) }
            var count = 0
            if isTime[i] {
                let array = [Int64](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                    storage.append(UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: UInt64.self))
                    count = level(i + 1)
                    initialized = count
                }
                columns[i] = .timestamp(array)
            } else {
                let array = [Double](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                    storage.append(UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: UInt64.self))
                    count = level(i + 1)
                    initialized = count
                }
                columns[i] = .number(array)
            }
            return count
        }
        _ = level(0)
        return columns.map { $0! }
    }
}
