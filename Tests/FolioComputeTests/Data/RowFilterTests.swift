import Testing

@testable import FolioCompute

@Suite struct RowFilterTests {
    /// A small frame: times, a text split with an empty cell, numbers with a NaN.
    static func frame() throws -> DataFrame {
        let csv = """
            timestamp,symbol,split,label,prob
            2024-01-01T00:00:00Z,AAPL,train,0,0.10
            2024-01-01T01:00:00Z,MSFT,train,1,0.80
            2024-03-01T00:00:00Z,AAPL,val,0,0.40
            2024-03-01T23:00:00Z,MSFT,val,1,
            2024-06-30T23:59:59Z,AAPL,test,1,0.90
            2024-07-01T00:00:00Z,MSFT,,0,0.55
            ,AAPL,test,1,0.65
            """
        return try CSVReader().read(bytes: Array(csv.utf8), path: "features.csv")
    }

    static func rows(_ filter: RowFilter) throws -> [Int] {
        let mask = try filter.mask(for: frame())
        return mask.indices.filter { mask[$0] }
    }

    @Test func emptyFilterKeepsEverything() throws {
        #expect(try Self.rows(RowFilter()) == Array(0..<7))
    }

    @Test func textEqualityAndLists() throws {
        #expect(try Self.rows(RowFilter([.init("split", equals: "test")])) == [4, 6])
        #expect(try Self.rows(RowFilter([.init("split", .notEqual, "train")])) == [2, 3, 4, 5, 6])
        #expect(try Self.rows(RowFilter([.init("split", oneOf: ["val", "test"])])) == [2, 3, 4, 6])
        #expect(try Self.rows(RowFilter([.init("symbol", equals: "MSFT"), .init("split", equals: "val")])) == [3])
    }

    @Test func numericComparisonsAndNaN() throws {
        #expect(try Self.rows(RowFilter([.init("prob", .greater, 0.5)])) == [1, 4, 5, 6])
        #expect(try Self.rows(RowFilter([.init("prob", .greaterOrEqual, 0.4)])) == [1, 2, 4, 5, 6])
        #expect(try Self.rows(RowFilter([.init("prob", .less, 0.4)])) == [0])
        #expect(try Self.rows(RowFilter([.init("prob", .lessOrEqual, 0.4)])) == [0, 2])
        // NaN fails everything but !=.
        #expect(try Self.rows(RowFilter([.init("prob", .notEqual, 0.4)])) == [0, 1, 3, 4, 5, 6])
        #expect(try Self.rows(RowFilter([.init("label", equals: 1)])) == [1, 3, 4, 6])
        #expect(try Self.rows(RowFilter([.init("label", equals: "1")])) == [1, 3, 4, 6])
        #expect(try Self.rows(RowFilter([.init("label", oneOf: [0, .number(.nan)])])) == [0, 2, 5])
    }

    @Test func timeComparisonsAndRanges() throws {
        #expect(try Self.rows(RowFilter([.init("timestamp", .less, "2024-03-01")])) == [0, 1])
        #expect(try Self.rows(RowFilter([.init("timestamp", equals: "2024-03-01")])) == [2])
        // A date-only `to` covers its whole day; `from` is inclusive.
        #expect(try Self.rows(RowFilter([.init("timestamp", from: "2024-03-01", to: "2024-06-30")])) == [2, 3, 4])
        #expect(try Self.rows(RowFilter([.init("timestamp", from: nil, to: "2024-03-01T00:00:00Z")])) == [0, 1, 2])
        #expect(try Self.rows(RowFilter([.init("timestamp", from: "2024-06-30T23:59:59+00:00", to: nil)])) == [4, 5])
        #expect(try Self.rows(RowFilter([.init("timestamp", .greaterOrEqual, .number(1_719_792_000))])) == [5])
        // Missing times pass only !=.
        #expect(try Self.rows(RowFilter([.init("timestamp", .notEqual, "2024-01-01")])).contains(6))
    }

    @Test func valueMatchingNothingIsAnEmptySelectionWithANote() throws {
        let selection = try RowFilter([.init("split", equals: "tset")]).select(from: Self.frame())
        #expect(selection.rowCount == 0)
        #expect(selection.mask == Array(repeating: false, count: 7))
        #expect(selection.notes == [
            #"`split == "tset"` matches no row (values: "train", "val", "test"; did you mean "test"?)"#
        ])
        let applied = try RowFilter([.init("prob", .greater, 2)]).apply(to: Self.frame())
        #expect(applied.frame.rowCount == 0)
        #expect(applied.selection.notes == ["`prob > 2` matches no row"])
        #expect(applied.frame.columnNames == ["timestamp", "symbol", "split", "label", "prob"])
    }

    @Test func applyKeepsTheSelectedRows() throws {
        let (frame, selection) = try RowFilter([.init("split", equals: "val")]).apply(to: Self.frame())
        #expect(selection.rowCount == 2)
        #expect(frame.rowCount == 2)
        #expect(try frame.texts("symbol").values == ["AAPL", "MSFT"])
        #expect(try frame.timestamps("timestamp") == [1_709_251_200, 1_709_334_000])
    }

    @Test func unknownColumnSuggestsTheClosest() throws {
        let error = #expect(throws: DataError.self) { try RowFilter([.init("splt", equals: "test")]).mask(for: Self.frame()) }
        #expect(error?.kind == .notFound)
        #expect(error?.suggestion == "split")
        #expect(error?.description.hasPrefix(#"features.csv: no column "splt"; did you mean "split"?"#) == true)
    }

    @Test(arguments: [
        (RowFilter.Condition("split", .greater, 0.5), DataError.Kind.typeMismatch, "is a text column; > compares numbers"),
        (RowFilter.Condition("split", from: "2024-01-01", to: nil), .typeMismatch, "from/to ranges apply to timestamp columns"),
        (RowFilter.Condition("prob", from: "2024-01-01", to: nil), .typeMismatch, "is a number column"),
        (RowFilter.Condition("prob", .less, "high"), .invalidValue, #"holds numbers; "high" is not a number"#),
        (RowFilter.Condition("timestamp", .less, "March"), .invalidValue, #"holds times; "March" is not an ISO 8601 time"#),
        (RowFilter.Condition("timestamp", .less, 0.5), .invalidValue, "is not whole seconds"),
    ])
    func invalidConditions(condition: RowFilter.Condition, kind: DataError.Kind, fragment: String) throws {
        let error = #expect(throws: DataError.self) { try RowFilter([condition]).mask(for: Self.frame()) }
        #expect(error?.kind == kind)
        #expect(error?.columnName == condition.column)
        #expect(error?.description.contains(fragment) == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("(in `\(condition)`)") == true)
    }

    @Test func conditionsDescribeThemselves() {
        #expect(RowFilter.Condition("split", equals: "test").description == #"split == "test""#)
        #expect(RowFilter.Condition("label", oneOf: [0, 1]).description == "label in [0, 1]")
        #expect(RowFilter.Condition("prob", .greaterOrEqual, 0.5).description == "prob >= 0.5")
        #expect(RowFilter.Condition("timestamp", from: "2024-01-01", to: nil).description == "timestamp in [2024-01-01, ...]")
    }

    /// The mask agrees with a plain per-row evaluation on a larger random frame.
    @Test func agreesWithRowByRowEvaluation() throws {
        var rng = SeededGenerator(seed: 3)
        let n = 20_000
        let splits = ["train", "val", "test"]
        let split = (0..<n).map { _ in rng.nextInt(below: 20) == 0 ? nil : splits[rng.nextInt(below: 3)] }
        let prob = (0..<n).map { _ in rng.nextInt(below: 30) == 0 ? Double.nan : rng.nextUniform() }
        let frame = try DataFrame([("split", .text(TextColumn(split))), ("prob", .number(prob))])
        let filter = RowFilter([.init("split", oneOf: ["val", "test"]), .init("prob", .greaterOrEqual, 0.3)])
        let mask = try filter.mask(for: frame)
        for i in 0..<n {
            let expected = (split[i] == "val" || split[i] == "test") && prob[i] >= 0.3
            #expect(mask[i] == expected)
        }
    }
}
