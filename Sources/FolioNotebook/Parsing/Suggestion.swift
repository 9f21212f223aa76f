import FolioCompute

/// "Did you mean" suggestions for misspelt keys, ids and column names, through
/// FolioCompute's `NameSuggestion` (edit distance with transpositions).
enum Suggestion {
    /// The candidate closest to `word`, when it is close enough to be a plausible typo.
    static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        NameSuggestion.closest(to: word, among: Array(candidates))
    }

    /// ` (did you mean 'x'?)` or the empty string.
    static func hint(for word: String, in candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
