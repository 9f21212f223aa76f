import Foundation

/// The JSON bodies of MLflow's REST API 2.0 that folio reads (field names as the server
/// writes them). int64 fields are numbers in MLflow's JSON but strings in plain protobuf
/// JSON: both are read. Metric values may be `"NaN"`, `"Infinity"` or `"-Infinity"`.
extension MLflowRESTClient {
    /// An int64 written as a number or as a string.
    struct WireInt: Decodable, Sendable {
        var value: Int64

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int64.self) {
                value = number
            } else if let text = try? container.decode(String.self), let number = Int64(text) {
                value = number
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an integer")
            }
        }
    }

    /// A double written as a number or as `"NaN"`, `"Infinity"`, `"-Infinity"`.
    struct WireDouble: Decodable, Sendable {
        var value: Double

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                value = number
            } else if let text = try? container.decode(String.self), let number = Double(text) {
                value = number  // "NaN", "Infinity", "-Infinity", or digits
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a number")
            }
        }
    }

    struct WireKeyValue: Decodable, Sendable {
        var key: String
        var value: String?
    }

    struct WireExperiment: Decodable, Sendable {
        var experiment_id: String
        var name: String
        var artifact_location: String?
        var lifecycle_stage: String?
        var creation_time: WireInt?
        var last_update_time: WireInt?
        var tags: [WireKeyValue]?
    }

    struct WireExperimentReply: Decodable, Sendable {
        var experiment: WireExperiment
    }

    struct WireExperimentsPage: Decodable, Sendable {
        var experiments: [WireExperiment]?
        var next_page_token: String?
    }

    struct WireMetric: Decodable, Sendable {
        var key: String
        var value: WireDouble
        var timestamp: WireInt?
        var step: WireInt?
    }

    struct WireRunInfo: Decodable, Sendable {
        var run_id: String?
        var run_uuid: String?
        var run_name: String?
        var experiment_id: String
        var user_id: String?
        var status: String?
        var start_time: WireInt?
        var end_time: WireInt?
        var artifact_uri: String?
        var lifecycle_stage: String?
    }

    struct WireRunData: Decodable, Sendable {
        var metrics: [WireMetric]?
        var params: [WireKeyValue]?
        var tags: [WireKeyValue]?
    }

    struct WireRun: Decodable, Sendable {
        var info: WireRunInfo
        var data: WireRunData?
    }

    struct WireRunReply: Decodable, Sendable {
        var run: WireRun
    }

    struct WireRunsPage: Decodable, Sendable {
        var runs: [WireRun]?
        var next_page_token: String?
    }

    struct WireMetricsPage: Decodable, Sendable {
        var metrics: [WireMetric]?
        var next_page_token: String?
    }

    struct WireFileInfo: Decodable, Sendable {
        var path: String
        var is_dir: Bool?
        var file_size: WireInt?
    }

    struct WireArtifactsPage: Decodable, Sendable {
        var root_uri: String?
        var files: [WireFileInfo]?
        var next_page_token: String?
    }
}

extension MLflowExperiment {
    /// The experiment of a server reply; `path` is the server's URL.
    init(_ wire: MLflowRESTClient.WireExperiment, server: String) {
        var tags: [String: String] = [:]
        for tag in wire.tags ?? [] { tags[tag.key] = tag.value ?? "" }
        self.init(
            id: wire.experiment_id, name: wire.name, artifactLocation: wire.artifact_location ?? "",
            lifecycleStage: wire.lifecycle_stage ?? "active", creationTime: wire.creation_time?.value,
            lastUpdateTime: wire.last_update_time?.value, tags: tags, path: server)
    }
}

extension MLflowMetricPoint {
    init(_ wire: MLflowRESTClient.WireMetric) {
        self.init(step: wire.step?.value ?? 0, timestamp: wire.timestamp?.value ?? 0, value: wire.value.value)
    }
}
