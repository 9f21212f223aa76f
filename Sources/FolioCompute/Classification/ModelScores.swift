/// A model's name and its probability column.
public struct ModelScores: Hashable, Sendable {
    /// The model's name in reports.
    public var name: String
    /// P(label = 1) per row.
    public var scores: [Double]

    /// A named column.
    public init(name: String, scores: [Double]) {
        self.name = name
        self.scores = scores
    }
}
