import FolioCompute
import Foundation

/// `{ks-test}`: per feature, the two-sample Kolmogorov-Smirnov test between two groups of
/// rows (train against val by default), with PSI, the Wasserstein distance, means and
/// standard deviations, multiple-testing adjustment, a ranking by effect size, and
/// overlaid histograms and ECDFs of the most shifted features.
public struct KSTestDirective: Directive {
    public static let name = "ks-test"
    public static let summary = "Two-sample KS test per feature between two groups (train vs val), with PSI, Wasserstein, adjusted p-values and charts."
    public static let parameters = [
        ParameterSpec("data", "path | postgresql:// URL", default: "features.csv", "The CSV file, relative to the notebook's data folder. Or a PostgreSQL table or query: `postgresql:///db?table=name` (see the README's data sources)."),
        ParameterSpec("where", "filter", "Rows to keep before grouping: {column: value}, {column: [v1, v2]}, {column: {\">=\": x}}."),
        ParameterSpec("features", "list of columns, or all", default: "all",
                      "The numeric columns to test; `all` takes every numeric column but the compare column and the label."),
        ParameterSpec("exclude", "list of columns", "Columns left out of `features` (useful with `all`)."),
        ParameterSpec("compare", "mapping", default: "{column: split, a: train, b: val}",
                      "The two groups: rows whose `column` equals `a` (the reference, e.g. train) against those equal to `b`."),
        ParameterSpec("positive_only", "bool", default: "false", "Test the positive class only: rows whose `label` is 1."),
        ParameterSpec("label", "column", default: "label", "The 0/1 label column used by `positive_only` (and left out of `all`)."),
        ParameterSpec("method", "auto | exact | asymp", default: "auto",
                      "How p-values are computed, as scipy's `method`: exact up to 10,000 values per group under auto."),
        ParameterSpec("alternative", "two-sided | less | greater", default: "two-sided", "The alternative hypothesis, as scipy's `alternative`."),
        ParameterSpec("adjust", "bh | bonferroni | none", default: "bh", "Multiple-testing adjustment of the p-values across features."),
        ParameterSpec("rank_by", "statistic | psi", default: "statistic", "The effect size features are ranked by: the KS statistic D or PSI."),
        ParameterSpec("top", "integer", default: "20", "Rows shown in the table (the result holds every feature)."),
        ParameterSpec("charts", "integer", default: "6", "The top K features get their two densities (step outlines, the second dashed) and ECDFs; 0 for none."),
        ParameterSpec("psi_bins", "integer", default: "10", "Quantile bins of the reference group for PSI."),
        ParameterSpec("shift_band", "moderate | major", default: "moderate",
                      "The lowest PSI band counted as shifted: moderate (PSI >= 0.1) or major (PSI > 0.25)."),
    ]
    public static let resultKeys = [
        ResultKeySpec("features", "Every feature, ranked (largest effect first); each row holds the keys below."),
        ResultKeySpec("features.N.feature", "The column name."),
        ResultKeySpec("features.N.n_a, n_b", "Values compared in each group (missing values dropped)."),
        ResultKeySpec("features.N.statistic", "The KS statistic D (scipy's `statistic`)."),
        ResultKeySpec("features.N.p_value", "scipy's `pvalue` (0 when it underflows)."),
        ResultKeySpec("features.N.p_adjusted", "The p-value after `adjust` across features."),
        ResultKeySpec("features.N.psi", "Population stability index of b against a (quantile bins of a)."),
        ResultKeySpec("features.N.psi_band", "stable (< 0.1), moderate (0.1-0.25) or major (> 0.25)."),
        ResultKeySpec("features.N.wasserstein", "Wasserstein-1 distance, in the feature's unit."),
        ResultKeySpec("features.N.mean_a, mean_b, std_a, std_b", "Mean and sample standard deviation (ddof 1) per group."),
        ResultKeySpec("top", "The names of the first `top` features in rank order."),
        ResultKeySpec("shifted", "The names of the features at or over `shift_band`, in rank order."),
        ResultKeySpec("n_a, n_b", "Rows in each group (before missing values are dropped per feature)."),
        ResultKeySpec("significant", "Features whose adjusted p-value is below 0.05."),
        ResultKeySpec("missing.FEATURE.a, b", "Missing (or infinite) values dropped, for features that had any."),
    ]
    public static let details = """
    Each feature is compared between the rows whose `compare.column` equals `compare.a` (the
    reference, e.g. train) and those equal to `compare.b`, after `where` and, with
    `positive_only`, on rows whose label is 1 only. Empty, NaN and infinite cells are dropped
    per feature and counted; a feature with no value left in a group is an error.

    Definitions (FolioCompute's Shift module; each column is sorted once per group and the
    sorted sample reused for everything below):
    - KS: `scipy.stats.ks_2samp(a, b, alternative, method)` exactly, including the statistic's
      rounding to the exact lattice, scipy's `auto` rule (exact when both groups have at most
      10,000 values) and its fallback from exact to asymptotic.
    - Wasserstein: `scipy.stats.wasserstein_distance(a, b)`.
    - PSI: sum over bins of `(a% - b%) ln(a% / b%)`, bins at the deciles of `a` (`psi_bins`),
      ties collapsed, shares floored at 1e-4. folio's convention; evidently bins differently.
    - Adjustment: Benjamini-Hochberg as `scipy.stats.false_discovery_control`, or Bonferroni.
    - Means and standard deviations as numpy (`ddof=1`).

    Where folio differs from scipy: scipy propagates a NaN into the statistic (its default
    `nan_policy='propagate'`); folio drops empty, NaN and infinite values per feature, like
    `nan_policy='omit'`, and says how many. `significant` counts adjusted p-values below 0.05.
    With `alternative: less` the statistic is D- = max(F_b - F_a), with `greater` D+.

    With hundreds of thousands of rows even a negligible difference has a tiny p-value, so
    features are ranked by effect size: D (`rank_by: statistic`, ties by PSI) or PSI.

    Charts: D (and PSI) for every feature; and for the `charts` top features, the two
    groups' densities on shared bins over the central 99% of the pooled values (values
    beyond are left out of the picture, not of the statistics) beside their ECDFs, with the
    gap D drawn where it is attained.
    """

    /// How features are ranked.
    enum RankBy: String, CaseIterable, Sendable {
        case statistic, psi
    }

    /// The multiple-testing adjustment.
    enum Adjustment: String, CaseIterable, Sendable {
        case bh, bonferroni, none
    }

    /// The lowest PSI band that counts as shifted.
    enum ShiftBand: String, CaseIterable, Sendable {
        case moderate, major

        func contains(_ band: PSIBand) -> Bool {
            switch self {
            case .moderate: return band != .stable
            case .major: return band == .major
            }
        }
    }

    let selection: DataSelection
    let features: FeatureColumns
    let compare: GroupComparison
    let positiveOnly: Bool
    let positiveOnlyLocation: SourceLocation
    let label: FeatureColumns.Named
    let labelIsExplicit: Bool
    let method: KSMethod
    let alternative: KSAlternative
    let adjust: Adjustment
    let rankBy: RankBy
    let top: Int
    let charts: Int
    let psiBins: Int
    let shiftBand: ShiftBand

    public init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        let selection = try DataSelection(parameters: parameters, context: context, default: "features.csv")
        features = try FeatureColumns(parameters: parameters, allowsAll: true)
        compare = try GroupComparison(parameters: parameters)
        positiveOnly = try parameters.bool("positive_only", default: false)
        positiveOnlyLocation = parameters.location(of: "positive_only")
        let labelName = try parameters.string("label")
        label = FeatureColumns.Named(name: labelName ?? "label", location: labelName == nil ? positiveOnlyLocation : parameters.location(of: "label"))
        labelIsExplicit = labelName != nil
        method = try parameters.choice("method", default: KSMethod.auto)
        alternative = try parameters.choice("alternative", default: KSAlternative.twoSided)
        adjust = try parameters.choice("adjust", default: Adjustment.bh)
        rankBy = try parameters.choice("rank_by", default: RankBy.statistic)
        top = try parameters.int("top", default: 20, min: 1)
        charts = try parameters.int("charts", default: 6, min: 0, max: 24)
        psiBins = try parameters.int("psi_bins", default: 10, min: 2, max: 1000)
        shiftBand = try parameters.choice("shift_band", default: ShiftBand.moderate)
        var read = features.columnsRead
        read?.append(ColumnRead(compare.column))
        if positiveOnly { read?.append(ColumnRead(label.name, .number)) }
        self.selection = selection.reading(read)
    }

    public var inputs: [DataInput] { [selection.input] }

    public func validate(context: DirectiveContext) throws(DirectiveError) {
        var columns = features.explicitColumns + [(compare.column, compare.columnLocation)]
        if positiveOnly || labelIsExplicit { columns.append((label.name, label.location)) }
        try selection.validate(columns: columns, context: context)
    }

    public func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let display = context.displayPath(selection.url)
        let frame = try selection.load(context: context)
        let groups = try groupRows(of: frame, display: display)
        let reserved: Set<String> = [compare.column, label.name]
        let columns = try features.resolve(in: frame, reserved: reserved, display: display)
        var shifts = try FeatureShift.compute(columns: columns, frame: frame, groups: groups, display: display,
                                              alternative: alternative, method: method, psiBins: psiBins)
        try adjustPValues(&shifts)
        rank(&shifts)
        return try output(shifts: shifts, groups: groups, context: context, display: display)
    }
}
