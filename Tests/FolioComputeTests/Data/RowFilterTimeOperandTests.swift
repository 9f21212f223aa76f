import Testing

@testable import FolioCompute

/// The time operand rules that `RowFilter` and the PostgreSQL pushdown share.
@Suite struct RowFilterTimeOperandTests {
    typealias TimeOperand = RowFilter.TimeOperand

    @Test func numbersAreWholeSecondsBelowTenToTheSeventeen() {
        #expect(TimeOperand.seconds(.number(1_704_067_200)) == 1_704_067_200)
        #expect(TimeOperand.seconds(.number(-1)) == -1)
        #expect(TimeOperand.seconds(.number(1.5)) == nil)
        #expect(TimeOperand.seconds(.number(.nan)) == nil)
        #expect(TimeOperand.seconds(.number(.infinity)) == nil)
        #expect(TimeOperand.seconds(.number(1e17)) == nil)
        #expect(TimeOperand.seconds(.number(9.9e16)) == 99_000_000_000_000_000)
    }

    @Test func textsAreISO8601() {
        #expect(TimeOperand.seconds(.text("2024-01-01")) == 1_704_067_200)
        #expect(TimeOperand.seconds(.text("2024-01-01T01:00:00+01:00")) == 1_704_067_200)
        #expect(TimeOperand.seconds(.text("yesterday")) == nil)
    }

    @Test func aDateAloneEndsARangeAtTheDaysLastSecond() {
        #expect(TimeOperand.rangeEnd("2024-01-01") == Int64(1_704_153_599))
        #expect(TimeOperand.rangeEnd("  2024-01-01 ") == Int64(1_704_153_599))
        #expect(TimeOperand.rangeEnd("2024-01-01T00:00") == 1_704_067_200)
        #expect(TimeOperand.rangeEnd("2024-01-01T00:00:00Z") == 1_704_067_200)
        #expect(TimeOperand.rangeStart("2024-01-01") == 1_704_067_200)
        #expect(TimeOperand.rangeEnd("2024-13-01") == nil)
        #expect(TimeOperand.rangeStart("") == nil)
    }

    /// The rules are those `RowFilter` applies to rows: a range ending on a date keeps that
    /// day's last second, one ending on a time does not keep the next.
    @Test func rowFilterAppliesTheSameBounds() throws {
        let csv = "t\n2024-01-01T23:59:59Z\n2024-01-02T00:00:00Z\n2024-01-02T00:00:01Z\n"
        let frame = try CSVReader().read(bytes: Array(csv.utf8), path: "t.csv")
        func kept(_ from: String?, _ to: String?) throws -> Int {
            try RowFilter([.init("t", from: from, to: to)]).select(from: frame).rowCount
        }
        #expect(try kept(nil, "2024-01-01") == 1)
        #expect(try kept(nil, "2024-01-02T00:00:00Z") == 2)
        #expect(try kept("2024-01-02", nil) == 2)
        #expect(throws: DataError.self) { try kept("2024-02-30", nil) }
    }
}
