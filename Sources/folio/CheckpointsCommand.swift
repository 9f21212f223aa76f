import ArgumentParser
import FolioNotebook
import Foundation

/// `folio checkpoints`: operations on the production checkpoint folders the `checkpoints`
/// directive extracts.
struct CheckpointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoints",
        abstract: "Operate on the production checkpoints (models/production/) extracted by the checkpoints directive.",
        subcommands: [RestoreCheckpoint.self]
    )
}

/// `folio checkpoints restore RUN_ID`: copies a checkpoint's artifacts back from MLflow,
/// verified against its `PROVENANCE.json` (see `CheckpointRestore`).
struct RestoreCheckpoint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a production checkpoint's damaged or missing files from its MLflow run.",
        discussion: """
        Finds the folder under models/production/ whose PROVENANCE.json names RUN_ID (or the \
        folder given with --to), copies the files the manifest lists from the run's \
        artifacts/model/ in the MLflow store (the manifest's, or --store) to a staging folder \
        beside it, and checks every copy's size and sha256 against the manifest. Only when \
        every file matches are the missing or damaged files replaced, each atomically; files \
        already intact are left alone. On any mismatch nothing changes, every file concerned \
        is named with both hashes, and the command exits 1. Paths are relative to the project \
        root and must stay inside it.
        """
    )

    @Argument(help: "The MLflow run id of the checkpoint (its PROVENANCE.json's run_id).")
    var runID: String

    @Option(name: .long, help: ArgumentHelp("The checkpoint folder (default: the one under models/production/ naming RUN_ID).", valueName: "dir"))
    var to: String?

    @Option(name: .long, help: ArgumentHelp("The MLflow store: file store folder, SQLite file or tracking server http(s)://host:port (default: the manifest's).", valueName: "path or url"))
    var store: String?

    @OptionGroup var project: ProjectOptions

    func run() throws {
        let root = project.root
        func resolved(_ path: String?) -> URL? {
            path.map { ($0.hasPrefix("/") ? URL(fileURLWithPath: $0) : root.appendingPathComponent($0)).standardizedFileURL }
        }
        let server = store.flatMap { CheckpointRestore.isTrackingServer($0) ? URL(string: $0) : nil }
        var restore = CheckpointRestore(projectRoot: root, runID: runID, folder: resolved(to), store: server == nil ? resolved(store) : nil)
        restore.server = server
        let outcome: CheckpointRestore.Outcome
        do {
            outcome = try restore.run()
        } catch {
            printError("folio checkpoints restore: error: \(error.message)")
            throw ExitCode.failure
        }
        // What was restored is the command's output, printed whatever --quiet says.
        let manifest = outcome.manifest
        var text = "\(outcome.folder): run \(manifest.runID) (\(manifest.type), trial \(manifest.trial), epoch \(manifest.epoch)) from \(outcome.store)\n"
        for name in outcome.restored {
            text += "  restored  \(name)  sha256 \(manifest.files[name]?.sha256 ?? "")\n"
        }
        for name in outcome.intact {
            text += "  intact    \(name)\n"
        }
        for name in outcome.unlisted {
            text += "  unlisted  \(name) (not in the manifest; left alone)\n"
        }
        text += outcome.restored.isEmpty
            ? "every file matches the manifest; nothing to restore\n"
            : "restored \(outcome.restored.count) of \(manifest.files.count) file(s); every file now matches the manifest\n"
        try writeOutput(text)
    }
}
