import Testing
@testable import FolioModels

/// The flag rules and the ranks, on numbers chosen at the boundaries.
@Suite struct ImportanceFlagTests {
    @Test func overfitNeedsAllThreeConditions() {
        // Important on a, gone on b.
        #expect(ImportanceFlag(importanceA: 0.10, stdA: 0.01, importanceB: 0.00, stdB: 0.01) == .overfit)
        // Not above twice its noise on a.
        #expect(ImportanceFlag(importanceA: 0.02, stdA: 0.01, importanceB: 0.00, stdB: 0.001) == .unused)
        // A drop of 0.06 against twice the combined noise: 2 sqrt(2) 0.02 = 0.0566 (overfit), 2 sqrt(2) 0.03 = 0.0849 (not).
        #expect(ImportanceFlag(importanceA: 0.10, stdA: 0.02, importanceB: 0.04, stdB: 0.02) == .overfit)
        #expect(ImportanceFlag(importanceA: 0.10, stdA: 0.03, importanceB: 0.04, stdB: 0.03) == .stable)
        // Keeps more than half on b.
        #expect(ImportanceFlag(importanceA: 0.10, stdA: 0.001, importanceB: 0.05, stdB: 0.001) == .stable)
        #expect(ImportanceFlag(importanceA: 0.10, stdA: 0.001, importanceB: 0.0499, stdB: 0.001) == .overfit)
    }

    @Test func unusedWhenNeitherSideExceedsTwiceItsNoise() {
        #expect(ImportanceFlag(importanceA: 0, stdA: 0, importanceB: 0, stdB: 0) == .unused)
        #expect(ImportanceFlag(importanceA: 0.02, stdA: 0.01, importanceB: 0.02, stdB: 0.01) == .unused)
        #expect(ImportanceFlag(importanceA: -0.01, stdA: 0.001, importanceB: -0.02, stdB: 0.001) == .unused)
        // Important on b only: stable (not overfit, not unused).
        #expect(ImportanceFlag(importanceA: 0.0, stdA: 0.01, importanceB: 0.2, stdB: 0.01) == .stable)
    }

    @Test func ranksBreakTiesByFeatureOrder() {
        let result = ImportanceResult(
            metric: .rocAUC, baseline: 0.8,
            features: zip(["a", "b", "c", "d"], [0.1, 0.3, 0.1, 0.0]).map {
                FeatureImportance(feature: $0, members: [$0], importances: [$1])
            }, samples: 10, available: 10, positives: 5, notes: [])
        #expect(result.ranks == [2, 1, 3, 4])
    }

    @Test func stdIsThePopulationStandardDeviation() {
        let f = FeatureImportance(feature: "x", members: ["x"], importances: [1, 2, 3, 4])
        #expect(f.mean == 2.5)
        #expect(abs(f.std - 1.118033988749895) < 1e-15)  // numpy.std([1, 2, 3, 4])
    }
}
