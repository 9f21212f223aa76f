import FolioCompute
import Foundation

extension DriftDirective {
    /// The `by` column as group codes.
    struct GroupCodes: Sendable {
        /// One code per row, `-1` where the group is missing.
        var codes: [Int]
        /// The group names, by code.
        var names: [String]
        /// The names in chart legends: `train`, or `label 1` for a number column.
        var chartNames: [String]
    }

    /// A vertical rule between two spans of time.
    struct Rule: Sendable {
        /// The span that starts here (`val`).
        var label: String
        /// The span that ends here (`train`).
        var after: String
        /// The first second of the new span.
        var at: Int64
        /// The text drawn at the rule.
        var chartLabel: String
    }

    /// The rules in time order, and the name of the span before the first one.
    struct Rules: Sendable {
        var rules: [Rule]
        var firstSegment: String

        /// The segment names, in time order.
        var segmentNames: [String] { [firstSegment] + rules.map(\.label) }
    }

    /// Group codes of `by`, `nil` without it.
    func groupCodes(_ frame: DataFrame, display: String) throws(DirectiveError) -> GroupCodes? {
        guard let by else { return nil }
        guard let column = frame.column(by.name) else {
            throw DirectiveError("'by': no column '\(by.name)' in \(display)\(Suggestion.hint(for: by.name, in: frame.columnNames))", at: by.location)
        }
        switch column {
        case .text(let text):
            return GroupCodes(codes: text.codes.map(Int.init), names: text.levels, chartNames: text.levels)
        case .number(let values):
            let distinct = Set(values.filter(\.isFinite)).sorted()
            guard distinct.count <= 1_000 else {
                throw DirectiveError("'by': column '\(by.name)' of \(display) has \(distinct.count) distinct values; group by a column with few values (e.g. split or label)",
                                     at: by.location)
            }
            var code: [Double: Int] = [:]
            for (k, x) in distinct.enumerated() { code[x] = k }
            let names = distinct.map(JSONValue.format)
            return GroupCodes(codes: values.map { code[$0] ?? -1 }, names: names, chartNames: names.map { "\(by.name) \($0)" })
        case .timestamp:
            throw DirectiveError("'by': column '\(by.name)' of \(display) holds timestamps; group by a text or number column (e.g. split or label)",
                                 at: by.location)
        }
    }

    /// The boundaries: given times, or each value's first timestamp in a column.
    func boundaryRules(_ frame: DataFrame, times: [Int64], display: String) throws(DirectiveError) -> Rules {
        switch boundaries {
        case .none:
            return Rules(rules: [], firstSegment: "all")
        case .fixed(let list):
            var rules: [Rule] = []
            for (k, entry) in list.enumerated() {
                rules.append(Rule(label: entry.label, after: k == 0 ? "before \(entry.label)" : list[k - 1].label, at: entry.at, chartLabel: entry.label))
            }
            return Rules(rules: rules, firstSegment: "before \(list[0].label)")
        case .column(let name, let location, let isExplicit):
            guard let column = frame.column(name) else {
                if !isExplicit { return Rules(rules: [], firstSegment: "all") }
                throw DirectiveError("'boundaries': no column '\(name)' in \(display)\(Suggestion.hint(for: name, in: frame.columnNames))", at: location)
            }
            let codes: [Int]
            let names: [String]
            switch column {
            case .text(let text):
                codes = text.codes.map(Int.init)
                names = text.levels
            case .number(let values):
                let distinct = Set(values.filter(\.isFinite)).sorted()
                var code: [Double: Int] = [:]
                for (k, x) in distinct.enumerated() { code[x] = k }
                codes = values.map { code[$0] ?? -1 }
                names = distinct.map(JSONValue.format)
            case .timestamp:
                throw DirectiveError("'boundaries': column '\(name)' of \(display) holds timestamps; name a column such as split", at: location)
            }
            guard names.count <= 100 else {
                throw DirectiveError("'boundaries': column '\(name)' of \(display) has \(names.count) distinct values; name a column with a few, such as split", at: location)
            }
            var first = [Int64](repeating: .max, count: names.count)
            for i in codes.indices where codes[i] >= 0 && times[i] != Column.missingTime {
                first[codes[i]] = min(first[codes[i]], times[i])
            }
            let order = names.indices.filter { first[$0] != .max }.sorted { (first[$0], $0) < (first[$1], $1) }
            guard let head = order.first else { return Rules(rules: [], firstSegment: "all") }
            var rules: [Rule] = []
            for (k, code) in order.enumerated().dropFirst() {
                let previous = names[order[k - 1]]
                rules.append(Rule(label: names[code], after: previous, at: first[code], chartLabel: "\(previous) | \(names[code])"))
            }
            return Rules(rules: rules, firstSegment: names[head])
        }
    }
}

/// One feature's statistics per window and per span between boundaries.
struct FeatureDrift: Sendable {
    /// A span between boundaries (and a group).
    struct Segment: Sendable {
        var group: Int?
        var segment: Int
        var summary: SampleSummary
    }

    var name: String
    var location: SourceLocation
    /// Per (group, window), ordered by group then time.
    var windows: [DriftWindowStatistics]
    /// Per (group, segment), ordered by group then segment; empty spans are left out.
    var segments: [Segment]
    /// Rows left out (no value or no time, or no group).
    var missing: Int

    /// - Parameters:
    ///   - groups: group codes of the `by` column (`-1`: no group), or `nil`.
    init(column: FeatureColumns.Named, values: [Double], times: [Int64], groups: DriftDirective.GroupCodes?,
         boundaries: DriftDirective.Rules, window: DriftWindow) throws(DirectiveError) {
        name = column.name
        location = column.location
        var t: [Int64] = []
        var v: [Double] = []
        var g: [Int] = []
        t.reserveCapacity(values.count)
        v.reserveCapacity(values.count)
        for i in values.indices {
            let x = values[i]
            guard x.isFinite, times[i] != Column.missingTime else { continue }
            if let groups {
                guard groups.codes[i] >= 0 else { continue }
                g.append(groups.codes[i])
            }
            t.append(times[i])
            v.append(x)
        }
        missing = values.count - v.count
        guard !v.isEmpty else {
            throw DirectiveError("feature '\(column.name)' has no value with a time: all \(values.count) rows are empty, NaN or infinite, or have no time",
                                 at: column.location)
        }
        let cuts = boundaries.rules.map(\.at)
        let segmentCount = cuts.count + 1
        let groupCount = groups?.names.count ?? 1
        var buckets = [[Double]](repeating: [], count: groupCount * segmentCount)
        for i in v.indices {
            var segment = 0
            while segment < cuts.count && t[i] >= cuts[segment] { segment += 1 }
            buckets[(groups == nil ? 0 : g[i]) * segmentCount + segment].append(v[i])
        }
        do {
            windows = try DriftWindows.statistics(timestamps: t, values: v, groups: groups == nil ? nil : g, window: window)
            var segments: [Segment] = []
            for (index, bucket) in buckets.enumerated() where !bucket.isEmpty {
                let summary = try SampleSummary(SortedSample(bucket, name: column.name), quantileLevels: [0.1, 0.9])
                segments.append(Segment(group: groups == nil ? nil : index / segmentCount, segment: index % segmentCount, summary: summary))
            }
            self.segments = segments
        } catch {
            throw DirectiveError("feature '\(column.name)': \(error)", at: column.location)
        }
    }
}
