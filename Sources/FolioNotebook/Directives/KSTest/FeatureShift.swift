import FolioCompute
import Foundation

/// One feature compared between two groups: its sorted samples (sorted once, reused for
/// every statistic and chart) and the statistics of `ks-test`.
struct FeatureShift: Sendable {
    /// The column.
    var name: String
    /// Where it was named (the `features` value, or the block for `all`).
    var location: SourceLocation
    /// The values of group a, ascending, missing values dropped.
    var a: SortedSample
    /// The values of group b.
    var b: SortedSample
    /// Empty, NaN or infinite values dropped from each group.
    var missingA: Int
    var missingB: Int
    var ks: KSTestResult
    var psi: PSIResult
    var wasserstein: Double
    var summaryA: SampleSummary
    var summaryB: SampleSummary
    /// The p-value after the adjustment across features (set by the directive).
    var pAdjusted: Double = .nan

    /// Compares every column between the two groups, on up to as many threads as there
    /// are processors (one feature per task).
    ///
    /// - Throws: the error of the first failing feature in column order, so that the
    ///   message does not depend on scheduling.
    static func compute(columns: [FeatureColumns.Named], frame: DataFrame, groups: KSTestDirective.GroupRows,
                        display: String, alternative: KSAlternative, method: KSMethod, psiBins: Int)
        throws(DirectiveError) -> [FeatureShift]
    {
        var read: [[Double]] = []
        for column in columns { read.append(try frame.numbers(column.name, at: column.location, display: display)) }
        let values = read
        return try ParallelMap.map(columns.count) { (k) throws(DirectiveError) -> FeatureShift in
            try FeatureShift(column: columns[k], values: values[k], groups: groups,
                             alternative: alternative, method: method, psiBins: psiBins)
        }
    }

    /// Gathers the feature's values in each group, sorts them and computes the statistics.
    init(column: FeatureColumns.Named, values: [Double], groups: KSTestDirective.GroupRows,
         alternative: KSAlternative, method: KSMethod, psiBins: Int) throws(DirectiveError) {
        name = column.name
        location = column.location
        func gather(_ rows: [Int]) -> [Double] {
            var out: [Double] = []
            out.reserveCapacity(rows.count)
            values.withUnsafeBufferPointer { v in
                for i in rows {
                    let x = v[i]
                    if x.isFinite { out.append(x) }
                }
            }
            return out
        }
        let rawA = gather(groups.a)
        let rawB = gather(groups.b)
        missingA = groups.a.count - rawA.count
        missingB = groups.b.count - rawB.count
        for (raw, rows, group) in [(rawA, groups.a, groups.nameA), (rawB, groups.b, groups.nameB)] where raw.isEmpty {
            throw DirectiveError("feature '\(column.name)' has no value where \(group): all \(rows.count) of its rows are empty, NaN or infinite",
                                 at: column.location)
        }
        do {
            a = try SortedSample(rawA, name: column.name)
            b = try SortedSample(rawB, name: column.name)
            (ks, wasserstein) = try KolmogorovSmirnov.twoSampleWithWasserstein(a, b, alternative: alternative, method: method)
            psi = try PopulationStabilityIndex.compute(reference: a, current: b, bins: psiBins)
            summaryA = try SampleSummary(a, quantileLevels: [])
            summaryB = try SampleSummary(b, quantileLevels: [])
        } catch {
            throw DirectiveError("feature '\(column.name)': \(error)", at: column.location)
        }
    }
}
