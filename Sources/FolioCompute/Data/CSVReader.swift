import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loads CSV files into a `DataFrame` of typed columns, fast (pandas' `read_csv` with
/// its default type inference, for the subset of options folio needs).
///
/// Format (RFC 4180): comma-separated; LF or CRLF line ends; an optional UTF-8 byte-order
/// mark; a header row is required; quoted fields may hold commas, newlines and `""`.
/// Blank lines are skipped (as pandas does). A row with more or fewer fields than the
/// header is an error that gives its line.
///
/// Column kinds, per column, from all of its cells:
/// - **timestamp** when the column is named `timestamp`, `date` or `*_time` (a cell that is
///   not ISO 8601 is then an error), or when every non-empty cell is an ISO 8601 time
///   (see `TimestampParser`);
/// - **number** when every non-empty cell is a number (`nan`, `inf` accepted; `NA`,
///   `N/A`, `null`, `None`, ... and empty cells are `NaN`); a column with no value at all
///   is a number column of `NaN`;
/// - **text** otherwise (only empty cells are missing in text columns; `NA` is a level).
///
/// `Options.columnTypes` overrides the inference for named columns.
///
/// Speed: the file is read with one `read` and parsed as bytes. When the body holds no
/// `"` it is cut at line ends into chunks parsed on every core and concatenated in order;
/// otherwise it is parsed sequentially. Kinds are guessed from the first 1,000 rows and
/// checked on every cell; a column whose guess fails later is parsed again on its own.
/// Loading only the columns needed (`Options.columns`) saves most of the work for the
/// columns skipped.
public struct CSVReader: Sendable {
    /// What to load and how.
    public struct Options: Sendable {
        /// The columns to load, or `nil` for all. Unknown names are an error.
        public var columns: Set<String>?
        /// Kinds imposed on columns by name instead of inferring them; a cell that is not
        /// of that kind is then an error (a `.text` column accepts everything).
        public var columnTypes: [String: ColumnKind]
        /// The number of threads, or `nil` for one per active processor.
        public var parallelism: Int?
        /// The body size under which one thread parses the whole file; also the smallest
        /// chunk. Tests lower it to exercise chunking on small inputs.
        var chunkBytes: Int = 4 << 20

        /// Creates options.
        public init(columns: Set<String>? = nil, columnTypes: [String: ColumnKind] = [:], parallelism: Int? = nil) {
            self.columns = columns
            self.columnTypes = columnTypes
            self.parallelism = parallelism
        }
    }

    /// The options.
    public var options: Options

    /// Creates a reader.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Creates a reader that loads only `columns` (all when `nil`).
    public init(columns: Set<String>?) {
        self.options = Options(columns: columns)
    }

    /// Reads the CSV file at `path`.
    ///
    /// - Throws: `DataError` with the path, and the line and column where it applies.
    /// - Complexity: O(file size), parallel over the available cores.
    public func read(path: String) throws(DataError) -> DataFrame {
        let file = try FileBytes(path: path)
        return try file.withBytes { (base, count) throws(DataError) -> DataFrame in
            guard let base, count > 0 else {
                throw DataError(.empty, "the file is empty: a header row is required", path: path)
            }
            return try parse(base: base, count: count, path: path)
        }
    }

    /// Reads the CSV file at `url` (a file URL).
    public func read(url: URL) throws(DataError) -> DataFrame {
        try read(path: url.path)
    }

    /// Parses CSV bytes already in memory; `path` is only used in error messages.
    public func read(bytes: [UInt8], path: String? = nil) throws(DataError) -> DataFrame {
        try bytes.withUnsafeBufferPointer { (buffer) throws(DataError) -> DataFrame in
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                throw DataError(.empty, "the file is empty: a header row is required", path: path)
            }
            return try parse(base: base, count: buffer.count, path: path)
        }
    }

    // MARK: - Parsing

    private func parse(base: UnsafePointer<UInt8>, count: Int, path: String?) throws(DataError) -> DataFrame {
        var start = 0
        if count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { start = 3 }

        // Header.
        var scanner = CSVRecordScanner(base: base, start: start, end: count, line: 1, path: path)
        guard scanner.skipBlankLines() else {
            throw DataError(.empty, "the file is empty: a header row is required", path: path)
        }
        var names: [String] = []
        while true {
            let field = try scanner.nextField()
            names.append(String(decoding: UnsafeBufferPointer(start: field.bytes, count: field.count), as: UTF8.self))
            if field.endsRecord { break }
        }
        for k in names.indices where names[k].isEmpty { names[k] = "Unnamed: \(k)" }
        let bodyStart = scanner.offset
        let bodyLine = scanner.line

        // Which columns, of which kinds.
        var load = [Bool](repeating: options.columns == nil, count: names.count)
        if let wanted = options.columns {
            for name in wanted.sorted() {
                guard let k = names.firstIndex(of: name) else {
                    throw DataError.missingColumn(name, available: names, path: path)
                }
                load[k] = true
            }
        }
        for name in options.columnTypes.keys.sorted() where !names.contains(name) {
            throw DataError.missingColumn(name, available: names, path: path)
        }
        var seen: [String: Int] = [:]
        for k in names.indices {
            if let first = seen[names[k]], load[k] || load[first] {
                throw DataError(
                    .inconsistent, "duplicate column name (also column \(first + 1))", path: path, line: 1,
                    columnName: names[k], columnIndex: k + 1)
            }
            seen[names[k]] = k
        }
        let sample = Self.sample(base: base, start: bodyStart, end: count, line: bodyLine, columns: names.count, path: path)
        var plans = [CellPlan](repeating: .skip, count: names.count)
        var strictReason = [String?](repeating: nil, count: names.count)
        for k in names.indices where load[k] {
            if let kind = options.columnTypes[names[k]] {
                plans[k] = CellPlan(kind)
                if kind != .text { strictReason[k] = "the column type was given as \(kind)" }
            } else if Self.isTimeName(names[k]) {
                plans[k] = .timestamp
                strictReason[k] =
                    "the column is read as times because of its name; give it another column type to read it otherwise"
            } else {
                plans[k] = sample.kinds[k]
            }
        }
        let layout = Self.layout(names: names, plans: plans, strictReason: strictReason)

        // Pass 1.
        var ranges = chunkRanges(base: base, start: bodyStart, end: count)
        let hasQuotes = containsQuote(base: base, ranges: ranges)
        if hasQuotes { ranges = [bodyStart..<count] }
        let rowBytes = max(1.0, sample.bytesPerRecord)
        // Number and time columns are parsed straight into their arrays when the body is
        // unquoted (`runInPlace`); the others through chunk buffers.
        var inPlace: [Int: Column] = [:]
        let results: [ChunkResult]
        if !hasQuotes, Self.inPlaceColumns(layout).count <= Self.inPlaceLimit {
            (results, inPlace) = try runInPlace(layout: layout, base: base, ranges: ranges, bodyLine: bodyLine, path: path)
        } else {
            results = try run(
                layout: layout, base: base, ranges: ranges, quoted: hasQuotes, bodyLine: bodyLine, rowBytes: rowBytes,
                path: path)
        }

        // Pass 2, for columns whose guessed kind failed on a later cell.
        var retry: [Int] = []  // output columns of pass 1
        for out in 0..<layout.outCount where results.contains(where: { $0.contradicted[out] }) {
            retry.append(out)
        }
        var secondResults: [ChunkResult] = []
        var secondLayout: CSVLayout?
        if !retry.isEmpty {
            var plans2 = [CellPlan](repeating: .skip, count: names.count)
            for out in retry { plans2[layout.fileIndex[out]] = .text }
            let layout2 = Self.layout(names: names, plans: plans2, strictReason: strictReason)
            secondLayout = layout2
            secondResults = try run(
                layout: layout2, base: base, ranges: ranges, quoted: hasQuotes, bodyLine: bodyLine,
                rowBytes: rowBytes, path: path)
        }

        // Assembly, one column per task.
        let rowCount = results.reduce(0) { $0 + $1.rows }
        var columns = [Column?](repeating: nil, count: layout.outCount)
        let retrySet = Set(retry)
        columns.withUnsafeMutableBufferPointer { target in
            let work = { (out: Int) in
                if retrySet.contains(out), let layout2 = secondLayout {
                    let out2 = layout2.outIndex[layout.fileIndex[out]]
                    target[out] = Self.inferredColumn(secondResults, out: out2, rowCount: rowCount)
                } else if let column = inPlace[out] {
                    target[out] = column
                } else {
                    target[out] = Self.assemble(results, out: out, plan: layout.plans[layout.fileIndex[out]], rowCount: rowCount)
                }
            }
            let threads = rowCount >= 100_000 ? threadCount : 1
            ParallelLoop.run(iterations: layout.outCount, threads: threads, work)
        }
        return DataFrame(
            unchecked: layout.fileIndex.map { names[$0] }, columns: columns.map { $0! }, rowCount: rowCount,
            path: path)
    }

    var threadCount: Int {
        if let parallelism = options.parallelism { return max(1, parallelism) }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Cuts `start..<end` after line ends into ranges of about equal size.
    private func chunkRanges(base: UnsafePointer<UInt8>, start: Int, end: Int) -> [Range<Int>] {
        let size = end - start
        let threads = threadCount
        guard threads > 1, size > options.chunkBytes else { return [start..<end] }
        // A few chunks per thread keep both cores busy when one is slowed down.
        let pieces = min(max(threads, size / options.chunkBytes), threads * 4)
        var bounds = [start]
        for k in 1..<pieces {
            var cut = start + Int((Double(size) * Double(k) / Double(pieces)).rounded(.down))
            guard cut > bounds.last! else { continue }
            if let newline = memchr(base + cut, 0x0A, end - cut) {
                cut = UnsafeRawPointer(newline) - UnsafeRawPointer(base) + 1
            } else {
                cut = end
            }
            if cut > bounds.last! && cut < end { bounds.append(cut) }
        }
        bounds.append(end)
        return (0..<bounds.count - 1).map { bounds[$0]..<bounds[$0 + 1] }
    }

    /// Whether any range holds a `"` (searched in parallel).
    private func containsQuote(base: UnsafePointer<UInt8>, ranges: [Range<Int>]) -> Bool {
        var found = [Bool](repeating: false, count: ranges.count)
        found.withUnsafeMutableBufferPointer { found in
            ParallelLoop.run(iterations: ranges.count, threads: threadCount) { k in
                let range = ranges[k]
                found[k] = !range.isEmpty && memchr(base + range.lowerBound, 0x22, range.count) != nil
            }
        }
        return found.contains(true)
    }

    /// Parses every range (in parallel when there are several) and throws the first issue
    /// in file order.
    private func run(
        layout: CSVLayout, base: UnsafePointer<UInt8>, ranges: [Range<Int>], quoted: Bool, bodyLine: Int,
        rowBytes: Double, path: String?
    ) throws(DataError) -> [ChunkResult] {
        var results = [ChunkResult?](repeating: nil, count: ranges.count)
        var scanError: DataError?
        if quoted {
            let range = ranges[0]
            var parser = CSVChunkParser(layout: layout, base: base, estimatedRows: Int(Double(range.count) / rowBytes) + 16)
            var scanner = CSVRecordScanner(base: base, start: range.lowerBound, end: range.upperBound, line: bodyLine, path: path)
            do {
                _ = try parser.parseRecords(&scanner)
            } catch {
                scanError = error
            }
            results[0] = parser.finish(lines: 0)
        } else {
            results.withUnsafeMutableBufferPointer { slots in
                let work = { (k: Int) in
                    let range = ranges[k]
                    let estimate = Int(Double(range.count) / rowBytes * 1.05) + 64
                    var parser = CSVChunkParser(layout: layout, base: base, estimatedRows: estimate)
                    let lines = parser.parseUnquoted(start: range.lowerBound, end: range.upperBound)
                    slots[k] = parser.finish(lines: lines)
                }
                ParallelLoop.run(iterations: ranges.count, threads: threadCount, work)
            }
        }
        let chunks = results.map { $0! }
        if let scanError { throw scanError }
        if let error = Self.firstIssue(in: chunks, layout: layout, quoted: quoted, bodyLine: bodyLine, path: path) {
            throw error
        }
        return chunks
    }

    /// The error for the first issue of `chunks` in file order, if any.
    static func firstIssue(in chunks: [ChunkResult], layout: CSVLayout, quoted: Bool, bodyLine: Int, path: String?) -> DataError? {
        var linesBefore = 0
        for chunk in chunks {
            if let issue = chunk.issue {
                let line = quoted ? issue.line : bodyLine + linesBefore + issue.line
                return DataError(
                    issue.kind, issue.message, path: path, line: line, position: issue.position,
                    columnName: issue.fileColumn.map { layout.names[$0] }, columnIndex: issue.fileColumn.map { $0 + 1 })
            }
            linesBefore += chunk.lines
        }
        return nil
    }

    // MARK: - Inference

    struct Sample {
        var kinds: [CellPlan]
        var bytesPerRecord: Double
    }

    /// Guesses each column's kind from the first 1,000 records (or 1 MB).
    static func sample(
        base: UnsafePointer<UInt8>, start: Int, end: Int, line: Int, columns: Int, path: String?
    ) -> Sample {
        var numeric = [Bool](repeating: true, count: columns)
        var iso = [Bool](repeating: true, count: columns)
        var present = [Bool](repeating: false, count: columns)
        var scanner = CSVRecordScanner(base: base, start: start, end: end, line: line, path: path)
        var records = 0
        scan: while records < 1000 && scanner.offset - start < 1 << 20 && scanner.skipBlankLines() {
            var j = 0
            while true {
                guard let field = try? scanner.nextField() else { break scan }
                if j < columns && field.count > 0 {
                    let bytes = field.bytes
                    let n = field.count
                    let missing = NumberParser.isMissingToken(bytes, n)
                    if !missing { present[j] = true }
                    if numeric[j] && !missing && NumberParser.parse(bytes, n) == nil { numeric[j] = false }
                    if iso[j] && !missing && TimestampParser.parse(bytes, n) == nil { iso[j] = false }
                }
                j += 1
                if field.endsRecord { break }
            }
            records += 1
        }
        let kinds: [CellPlan] = (0..<columns).map { j in
            if !present[j] || numeric[j] { return .number }
            return iso[j] ? .timestamp : .text
        }
        let consumed = scanner.offset - start
        return Sample(kinds: kinds, bytesPerRecord: records > 0 ? Double(consumed) / Double(records) : 64)
    }

    /// `timestamp`, `date` and `*_time` columns hold times (case-insensitive).
    static func isTimeName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower == "timestamp" || lower == "date" || lower.hasSuffix("_time")
    }

    private static func layout(names: [String], plans: [CellPlan], strictReason: [String?]) -> CSVLayout {
        var outIndex = [Int](repeating: -1, count: names.count)
        var fileIndex: [Int] = []
        var strict: [Bool] = []
        var reasons: [String] = []
        for k in names.indices where plans[k] != .skip {
            outIndex[k] = fileIndex.count
            fileIndex.append(k)
            strict.append(strictReason[k] != nil)
            reasons.append(strictReason[k] ?? "")
        }
        return CSVLayout(
            names: names, plans: plans, outIndex: outIndex, fileIndex: fileIndex, strict: strict,
            strictReason: reasons)
    }

    // MARK: - Assembly

    /// Concatenates one output column of every chunk, in order.
    private static func assemble(_ chunks: [ChunkResult], out: Int, plan: CellPlan, rowCount: Int) -> Column {
        switch plan {
        case .number:
            return .number(concatenate(chunks, out: out, rowCount: rowCount, as: Double.self))
        case .timestamp:
            return .timestamp(concatenate(chunks, out: out, rowCount: rowCount, as: Int64.self))
        case .text, .skip:
            return .text(mergeText(chunks, out: out, rowCount: rowCount).column)
        }
    }

    private static func concatenate<T>(_ chunks: [ChunkResult], out: Int, rowCount: Int, as: T.Type) -> [T] {
        let values = [T](unsafeUninitializedCapacity: rowCount) { target, initialized in
            var offset = 0
            for chunk in chunks where chunk.rows > 0 {
                UnsafeMutableRawPointer(target.baseAddress! + offset)
                    .copyMemory(from: chunk.buffers[out]!, byteCount: chunk.rows * 8)
                offset += chunk.rows
            }
            initialized = offset
        }
        for chunk in chunks { chunk.release(out) }
        return values
    }

    /// Merges the chunks' dictionaries in chunk order (so levels stay in order of first
    /// appearance) and re-codes every row.
    private static func mergeText(_ chunks: [ChunkResult], out: Int, rowCount: Int) -> (column: TextColumn, interner: TextInterner) {
        var global = TextInterner(capacity: 64)
        var codes = [Int32](repeating: -1, count: rowCount)
        codes.withUnsafeMutableBufferPointer { target in
            var offset = 0
            for chunk in chunks {
                let local = chunk.interners[out]
                let remap = (0..<local.count).map { code in local.withLevel(code) { global.intern($0, $1) } }
                let buffer = chunk.buffers[out]!
                remap.withUnsafeBufferPointer { remap in
                    for r in 0..<chunk.rows {
                        let code = Int(Int64(bitPattern: buffer[r]))
                        target[offset + r] = code < 0 ? -1 : remap[code]
                    }
                }
                offset += chunk.rows
            }
        }
        for chunk in chunks { chunk.release(out) }
        return (TextColumn(codes: codes, levels: global.levelStrings()), global)
    }

    /// A column read as text in pass 2, given its final kind from all of its values.
    private static func inferredColumn(_ chunks: [ChunkResult], out: Int, rowCount: Int) -> Column {
        let (text, interner) = mergeText(chunks, out: out, rowCount: rowCount)
        var numbers: [Double] = []
        var times: [Int64] = []
        var allNumbers = true
        var allTimes = true
        for code in 0..<interner.count {
            interner.withLevel(code) { bytes, n in
                let missing = NumberParser.isMissingToken(bytes, n)
                if allNumbers {
                    if let value = NumberParser.parse(bytes, n) {
                        numbers.append(value)
                    } else if missing {
                        numbers.append(.nan)
                    } else {
                        allNumbers = false
                    }
                }
                if allTimes {
                    if let value = TimestampParser.parse(bytes, n) {
                        times.append(value)
                    } else if missing {
                        times.append(Column.missingTime)
                    } else {
                        allTimes = false
                    }
                }
            }
        }
        if allNumbers {
            return .number(text.codes.map { $0 < 0 ? .nan : numbers[Int($0)] })
        }
        if allTimes {
            return .timestamp(text.codes.map { $0 < 0 ? Column.missingTime : times[Int($0)] })
        }
        return .text(text)
    }
}

extension CellPlan {
    init(_ kind: ColumnKind) {
        switch kind {
        case .number: self = .number
        case .text: self = .text
        case .timestamp: self = .timestamp
        }
    }
}
