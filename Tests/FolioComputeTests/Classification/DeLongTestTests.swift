import Testing
@testable import FolioCompute

@Suite struct DeLongTestTests {
    /// Every pair of models against the generator's direct numpy DeLong (checked there
    /// against a midrank implementation and the AUCs against roc_auc_score).
    @Test(arguments: ["ties_rounded", "imbalanced"])
    func matchesReferenceImplementation(caseName: String) throws {
        let fixture = try ClassificationFixture(caseName)
        for want in JSONValue.array(fixture.expected["delong"]) {
            let pair = want["pair"] as! [String]
            let test = try DeLongTest(labels: fixture.labels, scores1: fixture.scores[pair[0]]!, scores2: fixture.scores[pair[1]]!)
            let context = "\(caseName) \(pair)"
            #expect(closeToReference(test.auc1, JSONValue.double(want["auc1"])), "\(context)")
            #expect(closeToReference(test.auc2, JSONValue.double(want["auc2"])), "\(context)")
            #expect(closeToReference(test.auc1, JSONValue.double(fixture.model(pair[0])["roc_auc"])), "\(context)")
            #expect(closeToReference(test.difference, JSONValue.double(want["difference"])), "\(context)")
            #expect(closeToReference(test.standardError, JSONValue.double(want["standard_error"])), "\(context)")
            #expect(closeToReference(test.z, JSONValue.double(want["z"])), "\(context)")
            #expect(closeToReference(test.pValue, JSONValue.double(want["p_value"])), "\(context): \(test.pValue)")
            // Swapping the models flips the sign and keeps the p-value.
            let swapped = try DeLongTest(labels: fixture.labels, scores1: fixture.scores[pair[1]]!, scores2: fixture.scores[pair[0]]!)
            #expect(swapped.z == -test.z)
            #expect(swapped.pValue == test.pValue)
        }
    }

    /// Identical columns: zero standard error, z = 0, p = 1.
    @Test func identicalScores() throws {
        let fixture = try ClassificationFixture("ties_rounded")
        let s = fixture.scores["logreg"]!
        let test = try DeLongTest(labels: fixture.labels, scores1: s, scores2: s)
        #expect(test.difference == 0)
        #expect(test.standardError == 0)
        #expect(test.z == 0)
        #expect(test.pValue == 1)
        #expect(test.variance1 > 0)
    }

    @Test func rejectsTooFewOfAClass() throws {
        let labels = try BinaryLabels([0, 0, 0, 1] as [Int8])
        #expect(throws: ClassificationError.tooFewSamples(
            "DeLong's test needs at least two positives and two negatives, got 1 and 3")) {
            try DeLongTest(labels: labels, scores1: [0.1, 0.2, 0.3, 0.4], scores2: [0.4, 0.3, 0.2, 0.1])
        }
        let two = try BinaryLabels([0, 0, 1, 1] as [Int8])
        #expect(throws: ClassificationError.lengthMismatch(expected: 4, actual: 3, what: "the second scores")) {
            try DeLongTest(labels: two, scores1: [0.1, 0.2, 0.3, 0.4], scores2: [0.4, 0.3, 0.2])
        }
    }
}
