/// The permutation importance of one feature (or one group of features) on one side.
public struct FeatureImportance: Sendable, Hashable {
    /// The feature, or the group's name.
    public var feature: String
    /// The model features permuted together (one, unless this is a group).
    public var members: [String]
    /// The baseline score minus the score after each permutation, one per repeat
    /// (scikit-learn's `importances[k]`).
    public var importances: [Double]
    /// The mean of `importances` (`importances_mean`).
    public var mean: Double
    /// The population standard deviation of `importances`, `ddof=0` (`importances_std`).
    public var std: Double

    /// The importance of `feature` from its per-repeat values.
    public init(feature: String, members: [String], importances: [Double]) {
        self.feature = feature
        self.members = members
        self.importances = importances
        let n = Double(importances.count)
        let mean = importances.reduce(0, +) / n
        self.mean = mean
        self.std = (importances.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
    }
}
