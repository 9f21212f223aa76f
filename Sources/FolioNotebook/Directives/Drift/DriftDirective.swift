import FolioCompute
import Foundation

/// `{drift}`: features over calendar windows (mean, median, 10-90% range), per group or
/// over all rows, with split boundaries drawn as vertical rules.
public struct DriftDirective: Directive {
    public static let name = "drift"
    public static let summary = "Features over time windows: mean, median and 10-90% range per window, with split boundaries."
    public static let parameters = [
        ParameterSpec("data", "path | postgresql:// URL", default: "features.csv", "The CSV file, relative to the notebook's data folder. Or a PostgreSQL table or query: `postgresql:///db?table=name` (see the README's data sources)."),
        ParameterSpec("where", "filter", "Rows to keep: {column: value}, {column: [v1, v2]}, {column: {\">=\": x}}."),
        ParameterSpec("features", "list of columns", required: true,
                      "The numeric columns to follow, e.g. [vol_24, atr_14_norm] or \"{{ shift.top }}\"."),
        ParameterSpec("window", "week | month | quarter", default: "week", "Calendar windows in UTC; weeks start on Monday."),
        ParameterSpec("by", "column or none", default: "none", "A column whose groups get their own lines (e.g. label); none pools all rows."),
        ParameterSpec("time", "column", default: "timestamp", "The ISO 8601 time column."),
        ParameterSpec("boundaries", "column, none, or {label: time}", default: "split (when present)",
                      "Vertical rules: where each value of a column (e.g. split) first appears in time, or given times, or none."),
    ]
    public static let resultKeys = [
        ResultKeySpec("window", "The window: week, month or quarter."),
        ResultKeySpec("by", "The group column, or null."),
        ResultKeySpec("boundaries", "The rules drawn: a list of {label, after, at} (at: ISO 8601; after: the segment before it)."),
        ResultKeySpec("features.NAME.windows", "Per window (and group): {group, start, count, mean, median, p10, p90}; start is the window's first day."),
        ResultKeySpec("features.NAME.segments", "Per span between boundaries (and group): {group, segment, count, mean, median}."),
        ResultKeySpec("features.NAME.missing", "Rows left out: empty, NaN or infinite value, or no time."),
    ]
    public static let details = """
    Windows are calendar weeks (Monday to Sunday), months or quarters in UTC. For each window
    (and each value of `by`), the mean (numpy.mean), median (numpy.median) and the 10% and
    90% quantiles (numpy.quantile, linear interpolation) of the feature's values; windows
    without a value are skipped, so a line has a gap only where the data has one.
    Rows whose value is empty, NaN or infinite, or whose time is empty, are left out and
    counted.

    Boundaries default to the `split` column when there is one: each split's first
    timestamp after the earliest one draws a rule labelled `train | val`. `boundaries: none`
    draws none; `boundaries: {val: 2023-04-01, test: 2023-10-01}` draws given times. The
    spans between boundaries are summarised as segments (count, mean, median), named after
    the split that starts them (`before X` for the span before a given boundary).
    """

    /// Where the vertical rules come from.
    enum Boundaries: Sendable {
        /// The first timestamp of each value of a column; `isExplicit` when the column was
        /// named (then it must exist).
        case column(String, SourceLocation, isExplicit: Bool)
        /// Given labels and times.
        case fixed([(label: String, at: Int64)])
        /// No rules.
        case none
    }

    let selection: DataSelection
    let features: FeatureColumns
    let window: DriftWindow
    let by: FeatureColumns.Named?
    let time: FeatureColumns.Named
    let timeIsExplicit: Bool
    let boundaries: Boundaries

    public init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        let selection = try DataSelection(parameters: parameters, context: context, default: "features.csv")
        features = try FeatureColumns(parameters: parameters, allowsAll: false)
        window = try parameters.choice("window", default: DriftWindow.week)
        if let name = try parameters.string("by"), name != "none" {
            by = FeatureColumns.Named(name: name, location: parameters.location(of: "by"))
        } else {
            by = nil
        }
        let timeName = try parameters.string("time")
        time = FeatureColumns.Named(name: timeName ?? "timestamp", location: parameters.location(of: "time"))
        timeIsExplicit = timeName != nil
        var isMapping = false
        switch parameters.value("boundaries")?.kind {
        case .mapping, .resolved(.object): isMapping = true
        default: break
        }
        if isMapping, let reader = try parameters.mapping("boundaries") {
            var fixed: [(label: String, at: Int64)] = []
            for (key, value) in reader.entryList {
                guard let text = try reader.string(key), let seconds = TimestampParser.seconds(from: text) else {
                    throw DirectiveError("'boundaries.\(key)': expected an ISO 8601 time such as 2023-04-01 or 2023-04-01T00:00:00Z",
                                         at: value.location)
                }
                fixed.append((key, seconds))
            }
            guard !fixed.isEmpty else { throw parameters.error("boundaries", "give at least one {label: time}, or none") }
            boundaries = .fixed(fixed.sorted { $0.at < $1.at })
        } else if parameters.value("boundaries") != nil {
            let text = try parameters.string("boundaries") ?? ""
            boundaries = ["none", "false"].contains(text) ? .none : .column(text, parameters.location(of: "boundaries"), isExplicit: true)
        } else {
            boundaries = .column("split", parameters.location, isExplicit: false)
        }
        var read = (features.columnsRead ?? []) + [ColumnRead(time.name, .timestamp)]
        if let by { read.append(ColumnRead(by.name)) }
        if case .column(let name, _, _) = boundaries { read.append(ColumnRead(name)) }
        self.selection = selection.reading(features.columnsRead == nil ? nil : read)
    }

    public var inputs: [DataInput] { [selection.input] }

    public func validate(context: DirectiveContext) throws(DirectiveError) {
        var columns = features.explicitColumns + [(time.name, time.location)]
        if let by { columns.append((by.name, by.location)) }
        if case .column(let name, let location, true) = boundaries { columns.append((name, location)) }
        try selection.validate(columns: columns, context: context)
    }

    public func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let display = context.displayPath(selection.url)
        let frame = try selection.load(context: context)
        let times = try frame.timestamps(time.name, at: time.location, display: display)
        let groups = try groupCodes(frame, display: display)
        let rules = try boundaryRules(frame, times: times, display: display)
        let columns = try features.resolve(in: frame, reserved: [], display: display)
        var values: [[Double]] = []
        for column in columns { values.append(try frame.numbers(column.name, at: column.location, display: display)) }
        let read = values
        let window = self.window
        let drifts = try ParallelMap.map(columns.count) { (k) throws(DirectiveError) -> FeatureDrift in
            try FeatureDrift(column: columns[k], values: read[k], times: times, groups: groups, boundaries: rules, window: window)
        }
        return try output(drifts, groups: groups, rules: rules, context: context)
    }
}
