import Testing

@testable import FolioCompute

@Suite struct DataFrameTests {
    static func frame() throws -> DataFrame {
        try DataFrame(
            [
                ("timestamp", .timestamp([0, 3600, Column.missingTime, 10_800])),
                ("symbol", .text(TextColumn(["AAPL", nil, "MSFT", "AAPL"]))),
                ("prob", .number([0.1, 0.2, .nan, 0.4])),
            ], path: "p.csv")
    }

    @Test func accessorsByKind() throws {
        let frame = try Self.frame()
        #expect(frame.columnNames == ["timestamp", "symbol", "prob"])
        #expect(frame.rowCount == 4)
        #expect(frame.kind(of: "symbol") == .text)
        #expect(try frame.timestamps("timestamp") == [0, 3600, .min, 10_800])
        let seconds = try frame.numbers("timestamp")
        #expect(seconds[0] == 0 && seconds[1] == 3600 && seconds[2].isNaN)
        #expect(try frame.texts("symbol").codes == [0, -1, 1, 0])
        #expect(try frame.texts("symbol").levels == ["AAPL", "MSFT"])
        #expect(try frame.texts("symbol")[1] == nil)
        #expect(frame.column("nope") == nil)
    }

    @Test func wrongKindErrorsNameTheColumn() throws {
        let frame = try Self.frame()
        let text = #expect(throws: DataError.self) { try frame.numbers("symbol") }
        #expect(text?.kind == .typeMismatch)
        #expect(text?.description == #"p.csv: column "symbol" (2): holds text (values such as "AAPL", "MSFT"), not numbers"#)
        let number = #expect(throws: DataError.self) { try frame.texts("prob") }
        #expect(number?.description == #"p.csv: column "prob" (3): holds numbers, not text"#)
        let time = #expect(throws: DataError.self) { try frame.timestamps("symbol") }
        #expect(time?.description == #"p.csv: column "symbol" (2): holds text, not ISO 8601 timestamps"#)
        let missing = #expect(throws: DataError.self) { try frame.numbers("Prob") }
        #expect(missing?.suggestion == "prob")
    }

    @Test func gatherAndSelect() throws {
        let frame = try Self.frame()
        let gathered = frame.rows([3, 0, 0])
        #expect(gathered.rowCount == 3)
        #expect(try gathered.texts("symbol").values == ["AAPL", "AAPL", "AAPL"])
        #expect(try gathered.numbers("prob") == [0.4, 0.1, 0.1])
        let selected = frame.selecting([false, true, true, false])
        #expect(selected.rowCount == 2)
        #expect(try selected.timestamps("timestamp") == [3600, .min])
        #expect(try selected.texts("symbol").values == [nil, "MSFT"])
        let columns = try frame.selectingColumns(["prob", "timestamp"])
        #expect(columns.columnNames == ["prob", "timestamp"])
        #expect(frame.rows([]).rowCount == 0)
    }

    @Test func initRejectsInconsistentColumns() {
        let lengths = #expect(throws: DataError.self) {
            try DataFrame([("a", .number([1, 2])), ("b", .number([1]))])
        }
        #expect(lengths?.kind == .inconsistent)
        #expect(lengths?.description == #"column "b" (2): has 1 rows, but column "a" has 2"#)
        let duplicate = #expect(throws: DataError.self) {
            try DataFrame([("a", .number([1])), ("a", .number([1]))])
        }
        #expect(duplicate?.kind == .inconsistent)
        #expect(DataFrame().rowCount == 0)
    }

    @Test(arguments: [
        ("lable", ["label", "symbol"], "label"), ("Split", ["split"], "split"), ("f0", ["f00", "f01"], "f00"),
        ("timestmp", ["timestamp"], "timestamp"), ("xyz", ["label", "split"], nil), ("label", ["label"], nil),
    ] as [(String, [String], String?)])
    func suggestions(name: String, candidates: [String], expected: String?) {
        #expect(NameSuggestion.closest(to: name, among: candidates) == expected)
    }

    @Test func editDistance() {
        #expect(NameSuggestion.editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(NameSuggestion.editDistance(Array("ab"), Array("ba")) == 1)
        #expect(NameSuggestion.editDistance(Array(""), Array("abc")) == 3)
    }
}
