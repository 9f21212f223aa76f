import Foundation
import Testing
@testable import FolioNotebook

/// `{checkpoints}`: extraction of the chosen runs' artifacts with provenance, idempotent,
/// never over a different file.
@Suite struct CheckpointsDirectiveTests {
    static let run = "aaaabbbbccccdddd0000111122223333"

    static func project() throws -> TestProject {
        var files = TrialsDirectiveTests.run(run, trial: 72, type: "mlp", status: 3, f1: [0.30, 0.355, 0.34])
        files["data/mlruns/1/meta.yaml"] = TrialsDirectiveTests.experimentMeta(id: "1", name: "hpo")
        files["data/mlruns/1/\(run)/metrics/val_recall"] = "1716241675000 0.4 0\n1716241676000 0.517 1\n1716241677000 0.5 2\n"
        files["data/mlruns/1/\(run)/artifacts/model/config.yaml"] = "model_type: mlp\ntrial: 72\n"
        files["data/mlruns/1/\(run)/artifacts/model/metrics.json"] = "{\"val_f1\": 0.355}\n"
        files["notebooks/c.md"] = "---\ndata: data\n---\n```{checkpoints} prod\nruns: {mlp: \"\(run)\"}\n```\n\nEpoch {{ prod.mlp.epoch }} in {{ prod.mlp.folder }}.\n"
        let project = try TestProject(files)
        try FileManager.default.copyItem(at: CheckpointModelsTests.gruFolder.appendingPathComponent("model.onnx"),
                                         to: project.root.appendingPathComponent("data/mlruns/1/\(run)/artifacts/model/model.onnx"))
        return project
    }

    @Test func copiesTheArtifactsWithProvenanceAndIsIdempotent() async throws {
        let project = try CheckpointsDirectiveTests.project()
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let folder = "models/production/mlp_trial72_epoch1"
        for file in ["model.onnx", "config.yaml", "metrics.json"] { #expect(project.exists("\(folder)/\(file)")) }
        let report = try project.read("reports/c.md")
        #expect(report.contains("Epoch 1 in models/production/mlp_trial72_epoch1."))
        #expect(report.contains("learning_rate=0.0072"))
        #expect(report.contains("val_f1 0.3550, val_loss 0.4900, val_recall 0.5170"))
        let results = try project.read("reports/c.results.json")
        let firstReport = report
        // Again: nothing to copy, the same bytes (no count of files copied, so a fresh clone's
        // first render and a later one write the same report and results).
        #expect(await project.render().succeeded)
        #expect(try project.read("reports/c.results.json") == results)
        #expect(try project.read("reports/c.md") == firstReport)
        // A different file in the way is refused and kept.
        try project.write("\(folder)/config.yaml", "edited by hand\n")
        let summary = await project.render()
        #expect(summary.diagnostics.contains { $0.message.contains("exists and differs") && $0.message.contains("folio will not overwrite it") })
        #expect(try project.read("\(folder)/config.yaml") == "edited by hand\n")
    }

    @Test(arguments: [
        ("runs: {mlp: nope}\n", "no run 'nope'"),
        ("runs: {mlp: \"\(run)\"}\nmetric: val_auc\n", "has no metric 'val_auc'"),
        ("runs: {mlp: \"\(run)\"}\nto: notebooks/models\n", "inside notebooks/"),
        ("runs: {mlp: \"\(run)\"}\nto: /tmp/x\n", "relative to the project root"),
        ("runs: {mlp: \"\(run)\"}\nto: ../outside\n", "outside the project"),
        ("runs: {}\n", "give at least one run"),
    ] as [(String, String)])
    func badInput(_ body: String, _ message: String) async throws {
        let project = try CheckpointsDirectiveTests.project()
        defer { project.remove() }
        try project.write("notebooks/c.md", "---\ndata: data\n---\n```{checkpoints} prod\n\(body)```\n")
        let summary = await project.render()
        #expect(summary.diagnostics.contains { $0.severity == .error && $0.message.contains(message) }, "\(summary.diagnostics.map(\.rendered))")
    }
}
