import FolioCompute

/// Why permutation importance could not be computed; `description` says what to change.
public struct ImportanceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// `repeats` < 1, `sample` < 1, another parameter outside its domain, or a side's
        /// filter on a column the data does not have.
        case invalidParameter
        /// A group names a feature that is neither a model feature nor a data column.
        case unknownFeature
        /// A group names a data column that the model does not use.
        case unusedFeature
        /// A feature listed in two groups (or twice in one), an empty group, or a group
        /// named like another feature.
        case invalidGroup
        /// No scored sample on a side (no row selected, or none with a full window).
        case emptySide
        /// Only one class on a side, for a metric that needs both.
        case oneClass
        /// The label column is missing or holds something other than 0 and 1.
        case labels
        /// The model could not score the data (see `ModelError`).
        case model
        /// Two results that do not describe the same features.
        case mismatchedResults
    }

    /// What went wrong.
    public var kind: Kind
    /// The message.
    public var message: String

    /// An error of `kind` saying `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
