/// Features that permutation importance permutes together, with one permutation, and
/// reports as one unit (for example the five return horizons of one price series).
public struct FeatureGroup: Sendable, Hashable {
    /// The unit's name in the results; it must not be the name of another feature.
    public var name: String
    /// The model features in the group.
    public var features: [String]

    /// A group named `name` of `features`.
    public init(name: String, features: [String]) {
        self.name = name
        self.features = features
    }
}
