import FolioCompute
import Foundation
import Testing
@testable import FolioModels

/// Bad input: each a clear `ImportanceError` (or, for `sample`, a documented outcome).
@Suite struct ImportanceErrorTests {
    static func importance(
        _ model: String = "gru", metric: ImportanceMetric = .rocAUC, repeats: Int = 2, sample: Int? = 100,
        groups: [FeatureGroup] = []
    ) throws -> PermutationImportance {
        let options = ImportanceOptions(metric: metric, repeats: repeats, sample: sample, seed: 1, groups: groups)
        return try PermutationImportance(scorer: try ImportanceFixtures.scorer(model), options: options)
    }

    static func error(_ body: () throws -> Void) -> ImportanceError? {
        do { try body() } catch let error as ImportanceError { return error } catch { return nil }
        return nil
    }

    @Test func unknownFeatureInAGroup() throws {
        let importance = try Self.importance(groups: [FeatureGroup(name: "g", features: ["signal", "signl2"])])
        let frame = try ImportanceFixtures.frame()
        let error = Self.error { _ = try importance.importance(of: frame, label: "label_seq", rows: RowFilter()) }
        #expect(error?.kind == .unknownFeature)
        #expect(error?.message.contains("\"signl2\", which is neither a feature of the model nor a column of the data") == true)
        #expect(error?.message.contains("did you mean \"signal\"") == true)
    }

    @Test func groupNamingAColumnTheModelDoesNotUse() throws {
        let importance = try Self.importance(groups: [FeatureGroup(name: "g", features: ["signal", "label"])])
        let frame = try ImportanceFixtures.frame()
        let error = Self.error {
            _ = try importance.compare(
                frame, label: "label_seq", a: ImportanceFixtures.side("train"), b: ImportanceFixtures.side("val"))
        }
        #expect(error?.kind == .unusedFeature)
        #expect(error?.message.contains("\"label\", a column of the data that the model does not use") == true)
    }

    @Test func featureInTwoGroups() {
        let error = Self.error {
            _ = try Self.importance(groups: [
                FeatureGroup(name: "a", features: ["signal", "trend"]), FeatureGroup(name: "b", features: ["trend"]),
            ])
        }
        #expect(error == ImportanceError(
            .invalidGroup, "feature \"trend\" is in two groups, \"a\" and \"b\"; a feature is permuted with one group at most"))
    }

    @Test func groupNamedLikeAnotherFeatureAndEmptyGroup() {
        #expect(Self.error { _ = try Self.importance(groups: [FeatureGroup(name: "leak", features: ["signal"])]) }?.kind
            == .invalidGroup)
        #expect(Self.error { _ = try Self.importance(groups: [FeatureGroup(name: "g", features: [])]) }?.kind == .invalidGroup)
    }

    @Test func oneClassOnASide() throws {
        let frame = try ImportanceFixtures.frame()
        let negatives = RowFilter([.init("split", equals: "val"), .init("label_seq", equals: 0)])
        let error = Self.error {
            _ = try Self.importance().compare(frame, label: "label_seq", a: ImportanceFixtures.side("train"), b: negatives)
        }
        #expect(error?.kind == .oneClass)
        #expect(error?.message.hasPrefix("side b (split == \"val\", label_seq == 0): every sampled label is 0") == true)
        #expect(error?.message.hasSuffix("roc_auc is undefined with one class") == true)
        // The log loss is defined with one class: computed, with a note.
        let result = try Self.importance(metric: .logLoss).importance(of: frame, label: "label_seq", rows: negatives)
        #expect(result.positives == 0)
        #expect(result.notes == ["every sampled label is 0: log_loss compares one class only"])
    }

    @Test func repeatsAndSampleBelowOne() {
        #expect(Self.error { _ = try Self.importance(repeats: 0) }
            == ImportanceError(.invalidParameter, "repeats must be at least 1 (got 0)"))
        #expect(Self.error { _ = try Self.importance(sample: 0) }
            == ImportanceError(.invalidParameter, "sample must be at least 1 (got 0)"))
    }

    @Test func emptySide() throws {
        let frame = try ImportanceFixtures.frame()
        let importance = try Self.importance()
        let none = Self.error { _ = try importance.importance(of: frame, label: "label_seq", rows: ImportanceFixtures.side("test")) }
        #expect(none == ImportanceError(.emptySide, "no rows selected"))
        // The first 3 rows of a symbol have no full window of 4.
        let early = RowFilter([.init("timestamp", from: "2024-01-01T00:00:00Z", to: "2024-01-01T02:00:00Z")])
        let short = Self.error { _ = try importance.importance(of: frame, label: "label_seq", rows: early) }
        #expect(short == ImportanceError(
            .emptySide, "none of the 9 selected rows has a score (a NaN feature or a window shorter than 4 rows)"))
    }

    @Test func missingLabelColumn() throws {
        let frame = try ImportanceFixtures.frame()
        let error = Self.error { _ = try Self.importance().importance(of: frame, label: "lable", rows: RowFilter()) }
        #expect(error?.kind == .labels)
    }

    @Test func comparingDifferentFeatures() throws {
        let a = ImportanceResult(
            metric: .rocAUC, baseline: 0.7, features: [FeatureImportance(feature: "x", members: ["x"], importances: [0.1])],
            samples: 10, available: 10, positives: 5, notes: [])
        var b = a
        b.features[0].feature = "y"
        #expect(throws: ImportanceError.self) { try ImportanceComparison(a: a, b: b) }
    }
}
