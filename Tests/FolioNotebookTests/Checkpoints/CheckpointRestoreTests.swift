import Crypto
import Foundation
import Testing
@testable import FolioNotebook

/// The provenance manifest the `checkpoints` directive writes, and `CheckpointRestore`
/// (`folio checkpoints restore`), which copies a damaged checkpoint back from MLflow only after
/// every file matches the manifest.
@Suite struct CheckpointRestoreTests {
    static let run = CheckpointsDirectiveTests.run
    static let folder = "models/production/mlp_trial72_epoch1"
    static let manifestPath = "\(folder)/PROVENANCE.json"
    static let storeModel = "data/mlruns/1/\(run)/artifacts/model"

    /// The checkpoints fixture, rendered once: the production folder and its manifest exist.
    static func extracted() async throws -> TestProject {
        let project = try CheckpointsDirectiveTests.project()
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics.map(\.rendered))")
        return project
    }

    static func bytes(_ project: TestProject, _ path: String) -> Data? {
        FileManager.default.contents(atPath: project.root.appendingPathComponent(path).path)
    }

    static func sha(_ data: Data?) -> String { data.map { SHA256.hash(data: $0).hex } ?? "missing" }

    /// Every file of a folder (name -> bytes), to show a refused restore changed nothing.
    static func snapshot(_ project: TestProject, _ folder: String) throws -> [String: Data] {
        let url = project.root.appendingPathComponent(folder)
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: url.path) {
            out[name] = FileManager.default.contents(atPath: url.appendingPathComponent(name).path) ?? Data()
        }
        return out
    }

    /// The folders beside the checkpoint folder: no staging folder may be left behind.
    static func productionEntries(_ project: TestProject) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: project.root.appendingPathComponent("models/production").path).sorted()
    }

    // MARK: - The manifest

    @Test func theManifestRecordsTheRunAndEveryFileAndIsByteIdenticalAcrossRenders() async throws {
        let project = try await Self.extracted()
        defer { project.remove() }
        let text = try project.read(Self.manifestPath)
        let manifest = try ProvenanceManifest(parsing: text, path: Self.manifestPath)
        #expect(manifest.runID == Self.run)
        #expect(manifest.experiment == "hpo")
        #expect(manifest.store == "data/mlruns")
        #expect(manifest.type == "mlp" && manifest.trial == "72" && manifest.epoch == 1)
        #expect(manifest.metric == "val_f1" && manifest.goal == "maximize" && manifest.metricValue == 0.355)
        #expect(manifest.files.keys.sorted() == ["config.yaml", "metrics.json", "model.onnx"])
        for (name, entry) in manifest.files {
            let data = Self.bytes(project, "\(Self.folder)/\(name)")
            #expect(entry.sha256 == Self.sha(data))
            #expect(entry.size == data?.count)
        }
        // Keys sorted, no timestamp; the bytes are the value's serialization.
        #expect(text == manifest.json.serialized())
        let keys = ["\"epoch\"", "\"experiment\"", "\"files\"", "\"format\"", "\"metric\"", "\"run_id\"", "\"store\"", "\"trial\"", "\"type\""]
        let offsets = keys.compactMap { text.range(of: $0)?.lowerBound }
        #expect(offsets.count == keys.count && offsets == offsets.sorted())
        // The result's `files` still lists the artifacts only, and names the manifest apart.
        let results = try JSONValue(parsing: try project.read("reports/c.results.json"))
        #expect(results.value(at: ["prod", "mlp", "files"])?.childNames == ["config.yaml", "metrics.json", "model.onnx"])
        #expect(results.value(at: ["prod", "mlp", "manifest"])?.stringValue == Self.manifestPath)
        #expect(results.value(at: ["prod", "copied"]) == .int(3))
        // Again, without the cache, and after the manifest was deleted: the same bytes.
        #expect(await project.render(options: RenderOptions(useCache: false, quiet: true)).succeeded)
        #expect(try project.read(Self.manifestPath) == text)
        try FileManager.default.removeItem(at: project.root.appendingPathComponent(Self.manifestPath))
        #expect(await project.render().succeeded)
        #expect(try project.read(Self.manifestPath) == text)
        #expect(try JSONValue(parsing: try project.read("reports/c.results.json")).value(at: ["prod", "copied"]) == .int(0))
    }

    @Test func aDifferentManifestIsRefusedAndKeptButTheSameValuesReformattedAreAccepted() async throws {
        let project = try await Self.extracted()
        defer { project.remove() }
        let text = try project.read(Self.manifestPath)
        let manifest = try ProvenanceManifest(parsing: text, path: Self.manifestPath)
        // The same values on one line: the same run extracted again, left as it is.
        let compact = manifest.json.compact() + "\n"
        try project.write(Self.manifestPath, compact)
        #expect(await project.render().succeeded)
        #expect(try project.read(Self.manifestPath) == compact)
        // Another run's manifest: an error, the file untouched.
        var other = manifest
        other.runID = "ffffeeeeddddcccc0000111122223333"
        let foreign = String(decoding: other.serialized, as: UTF8.self)
        try project.write(Self.manifestPath, foreign)
        let summary = await project.render()
        #expect(summary.diagnostics.contains {
            $0.message.contains("\(Self.manifestPath) exists and differs") && $0.message.contains("it names run 'ffffeeeeddddcccc0000111122223333'")
        }, "\(summary.diagnostics.map(\.rendered))")
        #expect(try project.read(Self.manifestPath) == foreign)
        // Edited values of the same run: refused too.
        var edited = manifest
        edited.files["model.onnx"]?.sha256 = String(repeating: "0", count: 64)
        try project.write(Self.manifestPath, String(decoding: edited.serialized, as: UTF8.self))
        let again = await project.render()
        #expect(again.diagnostics.contains { $0.message.contains("it names the same run with other values") })
    }

    @Test(arguments: [
        ("{}", "'format' is missing"),
        ("not json", "not a provenance manifest"),
        ("{\"format\": 1, \"metric\": {}, \"files\": {\"../x\": {\"sha256\": \"\(String(repeating: "a", count: 64))\", \"size\": 1}}}", "'../x' is not a plain file name"),
        ("{\"format\": 1, \"metric\": {}, \"files\": {\"x\": {\"sha256\": \"abc\", \"size\": 1}}}", "not 64 lowercase hex digits"),
        ("{\"format\": 2}", "manifest format 2"),
    ] as [(String, String)])
    func malformedManifestsSayWhy(_ text: String, _ message: String) {
        #expect(throws: CheckpointRestoreError.self) { try ProvenanceManifest(parsing: text, path: "m/PROVENANCE.json") }
        do {
            _ = try ProvenanceManifest(parsing: text, path: "m/PROVENANCE.json")
        } catch {
            #expect(error.message.hasPrefix("m/PROVENANCE.json: ") && error.message.contains(message), "\(error.message)")
        }
    }

    // MARK: - Restore

    @Test func restoresChangedAndDeletedFilesUntilTheHashesMatchTheManifest() async throws {
        let project = try await Self.extracted()
        defer { project.remove() }
        let manifest = try ProvenanceManifest(parsing: try project.read(Self.manifestPath), path: Self.manifestPath)
        let manifestBytes = Self.bytes(project, Self.manifestPath)
        // Damage: bytes changed, a file deleted.
        var model = try #require(Self.bytes(project, "\(Self.folder)/model.onnx"))
        model[model.count / 2] ^= 0xff
        try model.write(to: project.root.appendingPathComponent("\(Self.folder)/model.onnx"))
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("\(Self.folder)/config.yaml"))
        try project.write("\(Self.folder)/notes.txt", "kept\n")

        let outcome = try CheckpointRestore(projectRoot: project.root, runID: Self.run).run()
        #expect(outcome.folder == Self.folder)
        #expect(outcome.store == "data/mlruns")
        #expect(outcome.restored == ["config.yaml", "model.onnx"])
        #expect(outcome.intact == ["metrics.json"])
        #expect(outcome.unlisted == ["notes.txt"])
        for (name, entry) in manifest.files {
            #expect(Self.sha(Self.bytes(project, "\(Self.folder)/\(name)")) == entry.sha256, "\(name)")
        }
        #expect(Self.bytes(project, Self.manifestPath) == manifestBytes)
        #expect(try project.read("\(Self.folder)/notes.txt") == "kept\n")
        #expect(try Self.productionEntries(project) == ["mlp_trial72_epoch1"])
        // Nothing left to do; the next render agrees.
        let second = try CheckpointRestore(projectRoot: project.root, runID: Self.run).run()
        #expect(second.restored.isEmpty && second.intact == ["config.yaml", "metrics.json", "model.onnx"])
        #expect(await project.render().succeeded)
    }

    @Test func aLinkInPlaceOfAFileIsReplacedNotFollowed() async throws {
        let project = try await Self.extracted()
        defer { project.remove() }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("folio-outside-\(UUID().uuidString)")
        try Data("outside\n".utf8).write(to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        let target = project.root.appendingPathComponent("\(Self.folder)/config.yaml")
        try FileManager.default.removeItem(at: target)
        try FileManager.default.createSymbolicLink(at: target, withDestinationURL: outside)
        let outcome = try CheckpointRestore(projectRoot: project.root, runID: Self.run).run()
        #expect(outcome.restored == ["config.yaml"])
        #expect(try String(contentsOf: outside, encoding: .utf8) == "outside\n")
        #expect(CheckpointRestore.isRegularFile(target.path))
    }

    @Test func aTamperedArtifactInTheStoreIsRefusedAndTheFolderIsLeftAsItWas() async throws {
        let project = try await Self.extracted()
        defer { project.remove() }
        let manifest = try ProvenanceManifest(parsing: try project.read(Self.manifestPath), path: Self.manifestPath)
        // The production copy is damaged, and so is the store's.
        try project.write("\(Self.folder)/metrics.json", "{\"val_f1\": 0.9}\n")
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("\(Self.folder)/config.yaml"))
        try project.write("\(Self.storeModel)/metrics.json", "{\"val_f1\": 0.99}\n")
        let before = try Self.snapshot(project, Self.folder)
        let tampered = Self.sha(Data("{\"val_f1\": 0.99}\n".utf8))
        let expected = try #require(manifest.files["metrics.json"]).sha256

        #expect(throws: CheckpointRestoreError.self) { try CheckpointRestore(projectRoot: project.root, runID: Self.run).run() }
        do {
            _ = try CheckpointRestore(projectRoot: project.root, runID: Self.run).run()
        } catch {
            #expect(error.message.contains("refusing to restore run '\(Self.run)' into \(Self.folder)"), "\(error.message)")
            #expect(error.message.contains("metrics.json: \(Self.storeModel)/metrics.json has sha256 \(tampered)"), "\(error.message)")
            #expect(error.message.contains("says \(expected)"), "\(error.message)")
            #expect(error.message.contains("nothing was changed"))
            #expect(!error.message.contains("config.yaml"), "the intact store file is not named: \(error.message)")
        }
        #expect(try Self.snapshot(project, Self.folder) == before)
        #expect(try Self.productionEntries(project) == ["mlp_trial72_epoch1"])
    }

    @Test func aFileMissingFromTheStoreIsRefused() async throws {
        let project = try await Self.extracted()
        defer { project.remove() }
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("\(Self.storeModel)/model.onnx"))
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("\(Self.folder)/model.onnx"))
        let before = try Self.snapshot(project, Self.folder)
        do {
            _ = try CheckpointRestore(projectRoot: project.root, runID: Self.run).run()
            Issue.record("expected a refusal")
        } catch {
            #expect(error.message.contains("model.onnx: missing from the store (\(Self.storeModel)/model.onnx is not there)"), "\(error.message)")
        }
        #expect(try Self.snapshot(project, Self.folder) == before)
    }

    @Test(arguments: [
        ("ffffeeeeddddcccc0000111122223333", nil, nil,
         "no checkpoint folder under models/production/ names run 'ffffeeeeddddcccc0000111122223333' in its PROVENANCE.json (manifests found: mlp_trial72_epoch1: \(run))"),
        ("ffffeeeeddddcccc0000111122223333", folder, nil, "\(manifestPath) names run '\(run)', not 'ffffeeeeddddcccc0000111122223333'"),
        (run, "models/production/elsewhere", nil, "no manifest models/production/elsewhere/PROVENANCE.json"),
        (run, nil, "data/nowhere", "no MLflow store data/nowhere"),
        (run, nil, "../outside", "is outside the project"),
        (run, "notebooks", nil, "no manifest notebooks/PROVENANCE.json"),
        (run, "../elsewhere", nil, "outside the project; folio reads only files inside the project folder"),
    ] as [(String, String?, String?, String)])
    func clearErrors(runID: String, to: String?, store: String?, message: String) async throws {
        let project = try await Self.extracted()
        defer { project.remove() }
        let url = { (path: String?) in path.map { project.root.appendingPathComponent($0).standardizedFileURL } }
        do {
            _ = try CheckpointRestore(projectRoot: project.root, runID: runID, folder: url(to), store: url(store)).run()
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func aManifestPointingOutsideTheProjectOrAProtectedFolderIsRefused() async throws {
        let project = try await Self.extracted()
        defer { project.remove() }
        var manifest = try ProvenanceManifest(parsing: try project.read(Self.manifestPath), path: Self.manifestPath)
        manifest.store = "../elsewhere/mlruns"
        try project.write(Self.manifestPath, String(decoding: manifest.serialized, as: UTF8.self))
        #expect(throws: CheckpointRestoreError("the store \(project.root.deletingLastPathComponent().appendingPathComponent("elsewhere/mlruns").standardizedFileURL.path) is outside the project; folio reads only stores inside the project folder")) {
            try CheckpointRestore(projectRoot: project.root, runID: Self.run).run()
        }
        // A checkpoint folder inside data/ is never written.
        manifest.store = "data/mlruns"
        try project.write("data/prod/PROVENANCE.json", String(decoding: manifest.serialized, as: UTF8.self))
        do {
            _ = try CheckpointRestore(projectRoot: project.root, runID: Self.run, folder: project.root.appendingPathComponent("data/prod")).run()
            Issue.record("expected a refusal")
        } catch {
            #expect(error.message.contains("inside data/; folio does not write there"), "\(error.message)")
        }
        #expect(!project.exists("data/prod/model.onnx"))
    }

    /// An SQLite store: the fixture database with one run's artifact location rewritten in
    /// place to a folder of the project (`/tmp/tmp6kvhu7bv/` and `artifacts-sqlite/` have the
    /// same length, so the record stays valid).
    @Test func restoresFromAnSQLiteStore() async throws {
        let sqliteRun = "35e33795a87c42ee8c41046581983761"
        var database = try Data(contentsOf: TrialsSQLiteTests.fixtureDB)
        let old = Data("/tmp/tmp6kvhu7bv/mlruns/2/\(sqliteRun)".utf8)
        let new = Data("artifacts-sqlite/mlruns/2/\(sqliteRun)".utf8)
        #expect(database.range(of: old) != nil)
        while let range = database.range(of: old) { database.replaceSubrange(range, with: new) }
        let project = try TestProject([
            "notebooks/s.md": "---\ndata: data\n---\n```{checkpoints} prod\nstore: mlflow.db\nruns: {gbm: \"\(sqliteRun)\"}\n```\n",
            "data/artifacts-sqlite/mlruns/2/\(sqliteRun)/artifacts/model/config.yaml": "model_type: gbm\n",
        ])
        defer { project.remove() }
        try database.write(to: project.root.appendingPathComponent("data/mlflow.db"))
        try FileManager.default.copyItem(at: CheckpointModelsTests.gruFolder.appendingPathComponent("model.onnx"),
                                         to: project.root.appendingPathComponent("data/artifacts-sqlite/mlruns/2/\(sqliteRun)/artifacts/model/model.onnx"))
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics.map(\.rendered))")
        let folder = "models/production/gbm_trial1_epoch1"
        let manifest = try ProvenanceManifest(parsing: try project.read("\(folder)/PROVENANCE.json"), path: "")
        #expect(manifest.store == "data/mlflow.db" && manifest.experiment == "hpo" && manifest.files.count == 2)
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("\(folder)/model.onnx"))
        let outcome = try CheckpointRestore(projectRoot: project.root, runID: sqliteRun).run()
        #expect(outcome.restored == ["model.onnx"] && outcome.intact == ["config.yaml"])
        #expect(Self.sha(Self.bytes(project, "\(folder)/model.onnx")) == manifest.files["model.onnx"]?.sha256)
    }

    /// `folio checkpoints restore`: what it prints, and exit status 1 with the message on a refusal.
    @Test func theCommandPrintsWhatItRestoredAndExitsOneOnARefusal() async throws {
        let project = try await Self.extracted()
        defer { project.remove() }
        func restore(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
            let process = Process()
            process.executableURL = try FolioBinary.url()
            process.arguments = ["checkpoints", "restore"] + arguments + ["--project", project.root.path]
            let output = Pipe(), error = Pipe()
            process.standardOutput = output
            process.standardError = error
            try process.run()
            let out = output.fileHandleForReading.readDataToEndOfFile()
            let err = error.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
        }
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("\(Self.folder)/model.onnx"))
        let done = try restore([Self.run])
        #expect(done.status == 0)
        #expect(done.output.contains("\(Self.folder): run \(Self.run) (mlp, trial 72, epoch 1) from data/mlruns"), "\(done.output)")
        #expect(done.output.contains("  restored  model.onnx  sha256 "))
        #expect(done.output.contains("  intact    config.yaml"))
        #expect(done.output.contains("restored 1 of 3 file(s)"))
        let unknown = try restore(["ffffeeeeddddcccc0000111122223333"])
        #expect(unknown.status == 1)
        #expect(unknown.error.hasPrefix("folio checkpoints restore: error: no checkpoint folder under models/production/ names run 'ffffeeeeddddcccc0000111122223333'"), "\(unknown.error)")
        try project.write("\(Self.storeModel)/config.yaml", "model_type: gru\n")
        try project.write("\(Self.folder)/config.yaml", "damaged\n")
        let refused = try restore([Self.run, "--to", Self.folder])
        #expect(refused.status == 1)
        #expect(refused.error.contains("config.yaml: \(Self.storeModel)/config.yaml has sha256 \(Self.sha(Data("model_type: gru\n".utf8)))"), "\(refused.error)")
        #expect(try project.read("\(Self.folder)/config.yaml") == "damaged\n")
    }
}
