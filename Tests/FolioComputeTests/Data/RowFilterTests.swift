import Testing
@testable import FolioCompute

@Suite struct RowFilterTests {
    let frame: DataFrame = {
        let csv = "timestamp,split,prob,label\n2023-01-01T00:00:00Z,train,0.1,0\n2023-05-01T00:00:00Z,val,0.6,1\n2024-01-01T00:00:00Z,test,0.9,1\n2024-02-01T00:00:00Z,test,,0\n"
        return try! CSVReader().read(bytes: Array(csv.utf8))
    }()

    @Test(arguments: [
        ([("split", RowFilter.Condition.equals(.text("test")))], [false, false, true, true]),
        ([("split", .oneOf([.text("val"), .text("test")]))], [false, true, true, true]),
        ([("prob", .compare(.greaterThanOrEqual, .number(0.6)))], [false, true, true, false]),
        ([("prob", .all([.compare(.greaterThan, .number(0.05)), .compare(.lessThan, .number(0.7))]))], [true, true, false, false]),
        ([("label", .equals(.number(1))), ("split", .equals(.text("test")))], [false, false, true, false]),
        ([("timestamp", .compare(.greaterThanOrEqual, .text("2023-10-01")))], [false, false, true, true]),
        ([("split", .compare(.notEqual, .text("train")))], [false, true, true, true]),
        ([("split", .equals(.text("nope")))], [false, false, false, false]),
    ] as [([(String, RowFilter.Condition)], [Bool])])
    func masks(conditions: [(String, RowFilter.Condition)], expected: [Bool]) throws {
        #expect(try RowFilter(conditions.map { (column: $0.0, condition: $0.1) }).mask(for: frame) == expected)
    }

    @Test func errors() {
        #expect(throws: DataError.self) { try RowFilter([(column: "splt", condition: .equals(.text("x")))]).mask(for: frame) }
        #expect(throws: DataError.self) { try RowFilter([(column: "split", condition: .compare(.lessThan, .number(1)))]).mask(for: frame) }
        #expect(throws: DataError.self) { try RowFilter([(column: "prob", condition: .equals(.text("high")))]).mask(for: frame) }
        #expect(throws: DataError.self) { try RowFilter([(column: "timestamp", condition: .compare(.lessThan, .text("soon")))]).mask(for: frame) }
    }
}
