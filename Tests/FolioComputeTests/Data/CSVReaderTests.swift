import Foundation
import Numerics
import Testing

@testable import FolioCompute

@Suite struct CSVReaderTests {
    // MARK: Fixtures against pandas

    /// Every readable fixture gives pandas' values (see `Fixtures/data/generate.py`),
    /// read sequentially and with tiny chunks on 2 and 3 threads.
    @Test(arguments: ["kinds", "quoted", "crlf_bom", "timestamps", "blank_lines", "header_only"])
    func matchesPandas(fixture: String) throws {
        let path = Fixtures.url("data/csv/\(fixture).csv").path
        let expected = try Fixtures.json("data/csv/\(fixture).expected.json")
        let order = expected["column_order"] as! [String]
        let columns = expected["columns"] as! [String: [String: Any]]
        for reader in Self.readers() {
            let frame = try reader.read(path: path)
            #expect(frame.columnNames == order)
            #expect(frame.rowCount == expected["rows"] as! Int)
            for (name, spec) in columns {
                let kind = spec["kind"] as! String
                let values = spec["values"] as! [Any]
                #expect(frame.kind(of: name)?.rawValue == kind, "column \(name)")
                switch kind {
                case "number":
                    let actual = try frame.numbers(name)
                    let reference = values.map { Double($0 as! String)! }
                    #expect(actual.count == reference.count)
                    for (a, b) in zip(actual, reference) {
                        #expect(a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN), "column \(name): \(a) vs \(b)")
                    }
                case "text":
                    let actual = try frame.texts(name).values
                    #expect(actual == values.map { $0 as? String }, "column \(name)")
                default:
                    let actual = try frame.timestamps(name)
                    let reference = values.map { ($0 as? Int).map(Int64.init) ?? Column.missingTime }
                    #expect(actual == reference, "column \(name)")
                }
            }
        }
    }

    /// The default reader, one thread, and chunked readers (chunks of a few bytes).
    static func readers(columns: Set<String>? = nil) -> [CSVReader] {
        var readers = [CSVReader(options: .init(columns: columns)), CSVReader(options: .init(columns: columns, parallelism: 1))]
        for threads in [2, 3] {
            var options = CSVReader.Options(columns: columns, parallelism: threads)
            options.chunkBytes = 16
            readers.append(CSVReader(options: options))
        }
        return readers
    }

    // MARK: Errors

    struct ExpectedFailure: Sendable, CustomStringConvertible {
        var fixture: String
        var kind: DataError.Kind
        var line: Int?
        var column: String?
        var fragment: String
        var description: String { fixture }
    }

    @Test(arguments: [
        ExpectedFailure(fixture: "empty", kind: .empty, line: nil, column: nil, fragment: "header row is required"),
        ExpectedFailure(fixture: "blank", kind: .empty, line: nil, column: nil, fragment: "header row is required"),
        ExpectedFailure(fixture: "ragged_short", kind: .malformed, line: 3, column: "c", fragment: "expected 3 fields, found 2"),
        ExpectedFailure(fixture: "ragged_long", kind: .malformed, line: 4, column: nil, fragment: "expected 3 fields, found 4"),
        ExpectedFailure(fixture: "unterminated_quote", kind: .malformed, line: 2, column: nil, fragment: "not closed"),
        ExpectedFailure(fixture: "quote_junk", kind: .malformed, line: 2, column: nil, fragment: "after the closing quote"),
        ExpectedFailure(fixture: "bad_named_time", kind: .invalidValue, line: 3, column: "entry_time", fragment: "\"soon\" is not an ISO 8601 time"),
        ExpectedFailure(fixture: "duplicate_header", kind: .inconsistent, line: 1, column: "a", fragment: "duplicate column name"),
    ])
    func reportsErrorsWithLocation(_ failure: ExpectedFailure) throws {
        let path = Fixtures.url("data/csv/\(failure.fixture).csv").path
        for reader in Self.readers() {
            let error = #expect(throws: DataError.self) { try reader.read(path: path) }
            #expect(error?.kind == failure.kind)
            #expect(error?.path == path)
            #expect(error?.line == failure.line)
            #expect(error?.columnName == failure.column)
            #expect(error?.description.contains(failure.fragment) == true, "\(error?.description ?? "")")
            if let line = failure.line {
                #expect(error?.description.hasPrefix("\(path):\(line)") == true)
            }
        }
    }

    @Test func raggedRowLineCountsEarlierChunks() throws {
        // 3,000 rows, one of them short, read in chunks of 64 bytes on 2 threads.
        var text = "a,b,c\n"
        for k in 1...3000 { text += k == 2345 ? "\(k),1\n" : "\(k),1,2\n" }
        for reader in Self.readers() {
            let error = #expect(throws: DataError.self) { try reader.read(bytes: Array(text.utf8), path: "x.csv") }
            #expect(error?.line == 2346)
            #expect(error?.description == "x.csv:2346: column \"c\" (3): expected 3 fields, found 2")
        }
    }

    @Test func missingFileIsAnIOError() {
        let error = #expect(throws: DataError.self) { try CSVReader().read(path: "/nonexistent/folio/x.csv") }
        #expect(error?.kind == .io)
        #expect(error?.description.hasPrefix("/nonexistent/folio/x.csv: cannot open the file") == true)
    }

    @Test func unknownRequestedColumnSuggestsTheClosest() {
        let csv = Array("timestamp,symbol,label,f00\n2024-03-01,AAPL,1,0.5\n".utf8)
        let error = #expect(throws: DataError.self) {
            try CSVReader(columns: ["lable"]).read(bytes: csv, path: "features.csv")
        }
        #expect(error?.kind == .notFound)
        #expect(error?.suggestion == "label")
        #expect(error?.description.hasPrefix("features.csv: no column \"lable\"; did you mean \"label\"?") == true)
        #expect(error?.description.contains("\"timestamp\", \"symbol\", \"label\", \"f00\"") == true)
    }

    // MARK: Options

    @Test func loadsOnlyRequestedColumnsInFileOrder() throws {
        let csv = Array("a,b,c,d\n1,x,2024-01-01,4\n5,y,2024-01-02,8\n".utf8)
        for reader in Self.readers(columns: ["d", "b"]) {
            let frame = try reader.read(bytes: csv)
            #expect(frame.columnNames == ["b", "d"])
            #expect(try frame.numbers("d") == [4, 8])
            #expect(frame.column("a") == nil)
        }
    }

    @Test func skippedColumnsAreNotChecked() throws {
        // Column b would be an error if loaded (named like a time, not a time).
        let csv = Array("a,b_time\n1,soon\n2,later\n".utf8)
        #expect(try CSVReader(columns: ["a"]).read(bytes: csv).numbers("a") == [1, 2])
    }

    @Test func columnTypesOverrideInference() throws {
        let csv = Array("code,exit_time,n\n001,1700000000,5\n002,1700003600,x\n".utf8)
        var options = CSVReader.Options(columnTypes: ["code": .text, "exit_time": .number])
        let frame = try CSVReader(options: options).read(bytes: csv)
        #expect(try frame.texts("code").values == ["001", "002"])
        #expect(try frame.numbers("exit_time") == [1_700_000_000, 1_700_003_600])
        #expect(frame.kind(of: "n") == .text)
        options.columnTypes["n"] = .number
        let error = #expect(throws: DataError.self) { try CSVReader(options: options).read(bytes: csv, path: "t.csv") }
        #expect(error?.description == "t.csv:3:16: column \"n\" (3): \"x\" is not a number (the column type was given as number)")
    }

    // MARK: Inference beyond the sample

    /// Kinds are guessed from the first 1,000 rows; a later cell of another kind makes the
    /// reader look at the whole column again.
    @Test func lateCellsChangeTheInferredKind() throws {
        var text = "n,t,d\n"
        for k in 0..<2500 {
            let n = k == 2400 ? "oops" : "\(k)"
            let t = k == 2450 ? "2024-03-01T00:00:00Z" : "\(k % 7)"
            let d = k < 2000 ? "" : "2024-01-0\(k % 9 + 1)"
            text += "\(n),\(t),\(d)\n"
        }
        for reader in Self.readers() {
            let frame = try reader.read(bytes: Array(text.utf8))
            #expect(frame.kind(of: "n") == .text)
            #expect(frame.kind(of: "t") == .text)
            #expect(frame.kind(of: "d") == .timestamp)
            let n = try frame.texts("n")
            #expect(n[0] == "0" && n[2400] == "oops" && n[2499] == "2499")
            #expect(n.levels.count == 2500)
            let d = try frame.timestamps("d")
            #expect(d[1999] == Column.missingTime)
            #expect(d[2000] == TimestampParser.seconds(from: "2024-01-03"))
        }
    }

    // MARK: Parallel = sequential

    /// A generated file with every kind of column, missing cells, CRLF and blank lines
    /// reads the same on 1, 2 and 3 threads with small chunks, and matches the values it
    /// was written from.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func parallelMatchesSequentialAndSource(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let rows = 5000
        let symbols = (0..<37).map { "S\($0)" }
        var values: [Double] = []
        var codes: [String?] = []
        var times: [Int64] = []
        var text = "timestamp,symbol,x,label\r\n"
        for r in 0..<rows {
            let t: Int64 = 1_600_000_000 + Int64(r / 37) * 3600
            let symbol: String? = rng.nextInt(below: 50) == 0 ? nil : symbols[rng.nextInt(below: symbols.count)]
            let x = rng.nextInt(below: 40) == 0 ? Double.nan : rng.nextNormal() * pow(10, Double(rng.nextInt(below: 9)) - 4)
            values.append(x)
            codes.append(symbol)
            times.append(t)
            text += "\(TimestampParser.string(from: t)),\(symbol ?? ""),\(x.isNaN ? "" : "\(x)"),\(r % 2)\r\n"
            if r % 997 == 0 { text += "\r\n" }
        }
        let bytes = Array(text.utf8)
        var frames: [DataFrame] = []
        for reader in Self.readers() { frames.append(try reader.read(bytes: bytes)) }
        for frame in frames {
            #expect(frame.rowCount == rows)
            #expect(try frame.timestamps("timestamp") == times)
            #expect(try frame.texts("symbol").values == codes)
            let x = try frame.numbers("x")
            #expect(zip(x, values).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) })
            // Levels in order of first appearance, whatever the chunking.
            #expect(try frame.texts("symbol").levels == frames[0].texts("symbol").levels)
        }
    }

    @Test func utf8TextAndUnnamedColumns() throws {
        let csv = Array(",name\n0,Zürich\n1,東京\n".utf8)
        let frame = try CSVReader().read(bytes: csv)
        #expect(frame.columnNames == ["Unnamed: 0", "name"])
        #expect(try frame.texts("name").values == ["Zürich", "東京"])
    }

    @Test func readsTheKindsFixtureByURL() throws {
        let frame = try CSVReader().read(url: Fixtures.url("data/csv/kinds.csv"))
        #expect(frame.path?.hasSuffix("kinds.csv") == true)
        let name = try frame.texts("name")
        // "NA" is a level in a text column; only empty cells are missing.
        #expect(name.values == ["alpha", "NA", "beta", nil, "gamma", "alpha", "delta", "alpha"])
        #expect(name.levels == ["alpha", "NA", "beta", "gamma", "delta"])
    }
}
