import FolioCompute
import Foundation
@testable import FolioModels

/// The fixtures made by `Fixtures/importance/generate.py`: two models, their data, and
/// scikit-learn's `permutation_importance` numbers (committed).
enum ImportanceFixtures {
    struct MetricResult: Decodable, Sendable {
        let baseline: Double
        let means: [Double]
        let stds: [Double]
        let importances: [[Double]]
    }

    struct Side: Decodable, Sendable {
        let samples: Int
        let positives: Int
        let metrics: [String: MetricResult]
    }

    struct Model: Decodable, Sendable {
        let name: String
        let model: String
        let label: String
        let sides: [String: Side]
        let flags: [String: [String]]
    }

    struct Expected: Decodable, Sendable {
        let generator: String
        let features: [String]
        let repeats: Int
        let seed: Int
        let f1Threshold: Double
        let models: [Model]
    }

    static let expected: Expected = {
        let data = try! Data(contentsOf: Fixtures.url("importance/expected.json"))
        return try! JSONDecoder().decode(Expected.self, from: data)
    }()

    static func model(_ name: String) -> Model { expected.models.first { $0.name == name }! }

    static func frame() throws -> DataFrame { try CSVReader().read(path: Fixtures.path("importance/data.csv")) }

    static func scorer(_ name: String) throws -> ModelScorer {
        try ModelScorer(model: try ONNXModel(contentsOf: Fixtures.path(model(name).model)))
    }

    static func metric(_ sklearnName: String) -> ImportanceMetric {
        switch sklearnName {
        case "roc_auc": .rocAUC
        case "average_precision": .averagePrecision
        case "neg_log_loss": .logLoss
        case "f1": .f1(threshold: expected.f1Threshold)
        default: fatalError("unknown metric \(sklearnName)")
        }
    }

    static func side(_ split: String) -> RowFilter { RowFilter([.init("split", equals: .text(split))]) }
}
