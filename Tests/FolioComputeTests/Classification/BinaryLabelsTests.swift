import Testing
@testable import FolioCompute

@Suite struct BinaryLabelsTests {
    @Test func acceptsZeroAndOne() throws {
        let labels = try BinaryLabels([0, 1, 1, 0, 1] as [Double])
        #expect(labels.values == [0, 1, 1, 0, 1])
        #expect(labels.positives == 3)
        #expect(labels.negatives == 2)
        #expect(!labels.isSingleClass)
        #expect(labels.singleClassWarning == nil)
        #expect(try BinaryLabels([1, 0] as [Int8]).positives == 1)
        #expect(BinaryLabels([true, false, true]).positives == 2)
    }

    @Test func rejectsOtherValuesAndNaN() {
        #expect(throws: ClassificationError.invalidLabels(count: 3, firstIndex: 1, firstValue: 2)) {
            try BinaryLabels([0, 2, 1, 0.5, -1] as [Double])
        }
        #expect(throws: ClassificationError.invalidLabels(count: 1, firstIndex: 0, firstValue: 3)) {
            try BinaryLabels([3, 0] as [Int8])
        }
        do {
            _ = try BinaryLabels([1, .nan] as [Double])
            Issue.record("NaN label accepted")
        } catch let error as ClassificationError {
            guard case let .invalidLabels(count, index, value) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(count == 1 && index == 1 && value.isNaN)
            #expect(error.description.contains("NaN (missing)"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func flagsSingleClass() throws {
        let labels = try BinaryLabels([0, 0, 0] as [Double])
        #expect(labels.isSingleClass)
        #expect(labels.singleClassWarning == .singleClass(label: 0, count: 3))
        #expect(labels.singleClassWarning!.description.contains("undefined"))
    }
}
