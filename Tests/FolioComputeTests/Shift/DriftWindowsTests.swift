import Foundation
import Testing
@testable import FolioCompute

/// Time-window drift statistics against Python's `datetime` calendar and numpy's
/// statistics (`Fixtures/scipy/drift.json`).
@Suite struct DriftWindowsTests {
    struct Fixture: Sendable {
        var timestamps: [Int64]
        var values: [Double]
        var groups: [Int]
        var results: [String: [[String: Double?]]]
        var labels: [String: [String]]
        var resultGroups: [String: [Int?]]
    }

    static let fixture: Fixture? = {
        guard let object = try? ShiftFixtures.json("drift.json"),
              let ts = object["timestamps"] as? [NSNumber], let values = ShiftFixtures.numbers(object["values"]),
              let groups = object["groups"] as? [Int], let results = object["results"] as? [String: [[String: Any]]]
        else { return nil }
        var numeric: [String: [[String: Double?]]] = [:]
        var labels: [String: [String]] = [:]
        var resultGroups: [String: [Int?]] = [:]
        for (key, rows) in results {
            numeric[key] = rows.map { row in
                var out: [String: Double?] = [:]
                for field in ["start", "count", "mean", "median", "p10", "p90"] { out[field] = ShiftFixtures.number(row[field]) }
                return out
            }
            labels[key] = rows.map { $0["label"] as? String ?? "" }
            resultGroups[key] = rows.map { $0["group"] as? Int }
        }
        return Fixture(timestamps: ts.map(\.int64Value), values: values, groups: groups, results: numeric,
                       labels: labels, resultGroups: resultGroups)
    }()

    static let keys = ["week/all", "week/grouped", "month/all", "month/grouped", "quarter/all", "quarter/grouped"]

    @Test(arguments: keys)
    func matchesNumpy(_ key: String) throws {
        let f = try #require(Self.fixture)
        let parts = key.split(separator: "/")
        let window = try #require(DriftWindow(rawValue: String(parts[0])))
        let grouped = parts[1] == "grouped"
        let rows = try DriftWindows.statistics(timestamps: f.timestamps, values: f.values,
                                               groups: grouped ? f.groups : nil, window: window)
        let expected = try #require(f.results[key])
        #expect(rows.count == expected.count)
        #expect(rows.map(\.label) == f.labels[key])
        #expect(rows.map(\.group) == f.resultGroups[key])
        for (row, want) in zip(rows, expected) {
            #expect(Double(row.start) == want["start"] ?? nil)
            #expect(Double(row.count) == want["count"] ?? nil)
            for (name, value) in [("mean", row.mean), ("median", row.median), ("p10", row.p10), ("p90", row.p90)] {
                let w = try #require(want[name] ?? nil)
                #expect(ShiftFixtures.matches(value, w), "\(row.label) \(name): \(value) vs \(w)")
            }
        }
    }

    @Test func calendarEdges() {
        // 2024-02-29T23:59:59Z is in the week of Monday 2024-02-26, February, Q1.
        let t: Int64 = 1_709_251_199
        #expect(DriftWindows.isoDate(DriftWindows.windowStart(t, .week)) == "2024-02-26")
        #expect(DriftWindows.isoDate(DriftWindows.windowStart(t, .month)) == "2024-02-01")
        #expect(DriftWindows.isoDate(DriftWindows.windowStart(t, .quarter)) == "2024-01-01")
        // One second before the epoch: Wednesday 1969-12-31, week of Monday 1969-12-29.
        #expect(DriftWindows.isoDate(-1) == "1969-12-31")
        #expect(DriftWindows.isoDate(DriftWindows.windowStart(-1, .week)) == "1969-12-29")
        #expect(DriftWindows.isoDate(DriftWindows.windowStart(-1, .quarter)) == "1969-10-01")
        #expect(DriftWindows.isoDate(0) == "1970-01-01")
    }

    @Test func rejectsBadInput() throws {
        #expect(throws: ShiftError.lengthMismatch("values", expected: 2, actual: 1)) {
            try DriftWindows.statistics(timestamps: [0, 1], values: [1], window: .week)
        }
        #expect(throws: ShiftError.notANumber(sample: "values", index: 0)) {
            try DriftWindows.statistics(timestamps: [0], values: [.nan], window: .month)
        }
        #expect(throws: ShiftError.self) {
            try DriftWindows.statistics(timestamps: [0], values: [1], groups: [1, 2], window: .month)
        }
        #expect(try DriftWindows.statistics(timestamps: [], values: [], window: .week).isEmpty)
    }
}
