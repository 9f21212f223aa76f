import Crypto
import FolioCompute
import Foundation

/// `folio checkpoints restore RUN_ID`: puts a production checkpoint folder back as the
/// `checkpoints` directive extracted it, from the run's `artifacts/model/` in MLflow, checked
/// against the folder's `PROVENANCE.json`.
///
/// The steps, each of which refuses (throws) before anything in the production folder changes:
/// 1. find the folder whose manifest names the run (`models/production/*/PROVENANCE.json`, or
///    the folder given), which must be one folio may write (inside the project, outside
///    `notebooks/`, `templates/`, `memory-bank/`, `data/`, links resolved);
/// 2. find the run in the store (the manifest's, relative to the project root, or the one
///    given), a file store, an SQLite store or a tracking server (its artifacts downloaded
///    afresh into `.folio/tmp/`, removed when done);
/// 3. copy every file the manifest lists from the run's `artifacts/model/` into a staging
///    folder beside the production folder (same file system), and check each copy's size and
///    SHA-256 against the manifest: a file missing from the store or with other bytes is
///    refused, every such file named with both hashes;
/// 4. only then, move each staged file whose production copy is missing or differs over it
///    (`rename(2)`: each file is replaced atomically; a link in the way is replaced, never
///    followed). Files with the right bytes, the manifest, and files the manifest does not
///    list are left as they are.
///
/// The staging folder is removed whatever happens. Reads go through `ProjectPaths`: the
/// store and the artifacts must resolve inside the project.
public struct CheckpointRestore: Sendable {
    /// The project root.
    public var projectRoot: URL
    /// The run to restore.
    public var runID: String
    /// The checkpoint folder, when given (`--to`); else the one under `productionFolder`
    /// whose manifest names the run.
    public var folder: URL?
    /// The store to read, when given (`--store`); else the manifest's.
    public var store: URL?
    /// A tracking server to read instead (`--store http://host:port`); a manifest whose store
    /// is a server's URL is read from that server when neither is given.
    public var server: URL?
    /// Where `MLFLOW_TRACKING_URI` and the credentials come from (credentials go only to the
    /// server of `MLFLOW_TRACKING_URI`, as for the `checkpoints` block).
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Where the checkpoint folders are searched, relative to the project root.
    public var productionFolder = "models/production"

    /// What a restore found and did.
    public struct Outcome: Sendable, Hashable {
        /// The checkpoint folder, project-relative.
        public var folder: String
        /// The store the artifacts came from, project-relative.
        public var store: String
        /// The folder's manifest.
        public var manifest: ProvenanceManifest
        /// Files replaced or put back, sorted.
        public var restored: [String]
        /// Files whose production copy already matched the manifest, sorted.
        public var intact: [String]
        /// Files in the folder that the manifest does not list (left alone), sorted.
        public var unlisted: [String]
    }

    /// A restore of run `runID` in the project at `projectRoot`.
    public init(projectRoot: URL, runID: String, folder: URL? = nil, store: URL? = nil) {
        self.projectRoot = projectRoot.standardizedFileURL
        self.runID = runID
        self.folder = folder?.standardizedFileURL
        self.store = store?.standardizedFileURL
    }

    /// Restores the checkpoint (see the type's steps).
    ///
    /// - Returns: what was restored and what was intact.
    /// - Throws: `CheckpointRestoreError` naming the file concerned; the production folder is
    ///   then exactly as it was.
    public func run() throws(CheckpointRestoreError) -> Outcome {
        let paths = ProjectPaths(root: projectRoot)
        let (folder, manifest) = try locate(paths: paths)
        let shownFolder = paths.display(folder)
        if let refusal = paths.writeRefusal(forFolder: folder) { throw CheckpointRestoreError(refusal) }

        let lookup: MLflowRunLookup
        let shownStore: String
        var downloads: URL?
        defer { if let downloads { try? FileManager.default.removeItem(at: downloads) } }
        if let server = try serverStore(manifest.store) {
            // Downloaded afresh into a folder of this restore (not the render's artifact cache,
            // whose copy could be the damaged one), removed when done.
            shownStore = MLflowStoreReference.redacted(server.absoluteString)
            let staging = projectRoot.appendingPathComponent(".folio/tmp")
            if let refusal = paths.cacheRefusal(staging) { throw CheckpointRestoreError("cannot stage the download: \(refusal)") }
            let folder = staging.appendingPathComponent("restore-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
            downloads = folder
            do {
                lookup = try MLflowRunLookup(runID: runID, client: MLflowStoreReference.client(for: server, environment: environment),
                                             cache: MLflowArtifactCache(folder: folder))
            } catch {
                throw CheckpointRestoreError("\(shownStore): \(error)")
            }
        } else {
            let storeURL = try resolveStore(manifest.store, paths: paths)
            shownStore = paths.display(storeURL)
            lookup = try MLflowRunLookup(runID: runID, store: storeURL, display: shownStore)
        }
        if let refusal = paths.readRefusal(lookup.modelFolder) { throw CheckpointRestoreError(refusal) }

        let staging = folder.deletingLastPathComponent()
            .appendingPathComponent(".\(folder.lastPathComponent).restore-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        if let refusal = paths.writeRefusal(forFolder: staging) { throw CheckpointRestoreError(refusal) }
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw CheckpointRestoreError("cannot create the staging folder \(paths.display(staging)): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: staging) }

        // Stage and verify every file before touching the production folder.
        let names = manifest.files.keys.sorted()
        var problems: [String] = []
        for name in names {
            guard let expected = manifest.files[name] else { continue }
            let source = lookup.modelFolder.appendingPathComponent(name)
            let shownSource = paths.display(source)
            if let refusal = paths.readRefusal(source) { problems.append(refusal); continue }
            guard Self.isRegularFile(source.path, followingLinks: true), let data = FileManager.default.contents(atPath: source.path) else {
                problems.append("\(name): missing from the store (\(shownSource) is not there); the manifest lists it with sha256 \(expected.sha256)")
                continue
            }
            // Verified as read, and staged only when it matches.
            let found = ProvenanceManifest.FileEntry(of: data)
            guard found == expected else {
                problems.append("\(name): \(shownSource) has sha256 \(found.sha256) (\(found.size) bytes), the manifest \(shownFolder)/\(ProvenanceManifest.fileName) says \(expected.sha256) (\(expected.size) bytes)")
                continue
            }
            let staged = staging.appendingPathComponent(name)
            do { try AtomicFile.write(data, to: staged) } catch {
                throw CheckpointRestoreError("cannot stage \(name): \(error.shown(as: paths.display(staged)))")
            }
        }
        guard problems.isEmpty else {
            throw CheckpointRestoreError(
                "refusing to restore run '\(runID)' into \(shownFolder): the store's artifacts do not match its manifest; nothing was changed\n"
                    + problems.map { "  " + $0 }.joined(separator: "\n"))
        }

        // Decide what to replace, then replace it.
        var replace: [String] = []
        var intact: [String] = []
        for name in names {
            guard let expected = manifest.files[name] else { continue }
            let target = folder.appendingPathComponent(name)
            var info = stat()
            if lstat(target.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                throw CheckpointRestoreError("\(paths.display(target)) is a folder where the manifest lists a file; move it away first (nothing was changed)")
            }
            if Self.isRegularFile(target.path), let data = FileManager.default.contents(atPath: target.path),
               ProvenanceManifest.FileEntry(of: data) == expected {
                intact.append(name)
            } else {
                replace.append(name)
            }
        }
        for name in replace {
            let target = folder.appendingPathComponent(name)
            if rename(staging.appendingPathComponent(name).path, target.path) != 0 {
                let code = errno
                let reason = String(cString: strerror(code))
                let done = replace.prefix { $0 != name }
                throw CheckpointRestoreError("cannot replace \(paths.display(target)): \(reason.prefix(1).lowercased() + reason.dropFirst())"
                    + (done.isEmpty ? " (nothing was changed)" : " (already restored: \(done.joined(separator: ", ")))"))
            }
        }
        let listed = Set(names)
        let present = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let unlisted = present.filter { !listed.contains($0) && $0 != ProvenanceManifest.fileName && !$0.hasPrefix(".") }.sorted()
        return Outcome(folder: shownFolder, store: shownStore, manifest: manifest, restored: replace, intact: intact, unlisted: unlisted)
    }

    // MARK: - Finding the folder and the store

    /// The checkpoint folder and its manifest: the folder given, or the one under
    /// `productionFolder` whose manifest names the run.
    func locate(paths: ProjectPaths) throws(CheckpointRestoreError) -> (URL, ProvenanceManifest) {
        if let folder {
            let manifestURL = folder.appendingPathComponent(ProvenanceManifest.fileName)
            let manifest = try read(manifestURL, paths: paths)
            guard manifest.runID == runID else {
                throw CheckpointRestoreError("\(paths.display(manifestURL)) names run '\(manifest.runID)', not '\(runID)'")
            }
            return (folder, manifest)
        }
        let root = projectRoot.appendingPathComponent(productionFolder).standardizedFileURL
        let shownRoot = paths.display(root)
        if let refusal = paths.readRefusal(root) { throw CheckpointRestoreError(refusal) }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: root.path) else {
            throw CheckpointRestoreError("no \(shownRoot)/ folder: render the notebook whose checkpoints block extracts run '\(runID)', or give --to FOLDER")
        }
        var matches: [(URL, ProvenanceManifest)] = []
        var others: [String] = []
        for name in entries.sorted() where !name.hasPrefix(".") {
            let manifestURL = root.appendingPathComponent(name).appendingPathComponent(ProvenanceManifest.fileName)
            guard Self.isRegularFile(manifestURL.path) else { continue }
            guard let manifest = try? read(manifestURL, paths: paths) else { others.append("\(name) (unreadable manifest)"); continue }
            if manifest.runID == runID { matches.append((manifestURL.deletingLastPathComponent(), manifest)) } else { others.append("\(name): \(manifest.runID)") }
        }
        switch matches.count {
        case 1:
            return matches[0]
        case 0:
            let known = others.isEmpty ? "none holds a \(ProvenanceManifest.fileName)" : "manifests found: " + others.joined(separator: "; ")
            throw CheckpointRestoreError("no checkpoint folder under \(shownRoot)/ names run '\(runID)' in its \(ProvenanceManifest.fileName) (\(known)); check the run id, or give --to FOLDER")
        default:
            throw CheckpointRestoreError("several folders under \(shownRoot)/ name run '\(runID)': \(matches.map { paths.display($0.0) }.joined(separator: ", ")); choose one with --to FOLDER")
        }
    }

    /// Reads and decodes a manifest, refusing a path outside the project or not a regular file.
    func read(_ url: URL, paths: ProjectPaths) throws(CheckpointRestoreError) -> ProvenanceManifest {
        let shown = paths.display(url)
        if let refusal = paths.readRefusal(url) { throw CheckpointRestoreError(refusal) }
        guard Self.isRegularFile(url.path), let data = FileManager.default.contents(atPath: url.path) else {
            throw CheckpointRestoreError("no manifest \(shown): the folder was not extracted by a checkpoints block of this folio, or its manifest was removed")
        }
        return try ProvenanceManifest(parsing: String(decoding: data, as: UTF8.self), path: shown)
    }

    /// The tracking server to read: the one given, else the manifest's store when it is a
    /// server's URL and no local store was given; `nil` for a local store.
    /// Whether `--store TEXT` names a tracking server (`http(s)://`) rather than a path.
    public static func isTrackingServer(_ text: String) -> Bool { MLflowStoreReference.isServer(text) }

    func serverStore(_ recorded: String) throws(CheckpointRestoreError) -> URL? {
        let given = server
        guard given != nil || (store == nil && MLflowStoreReference.isServer(recorded)) else { return nil }
        switch MLflowStoreReference.serverURL(given?.absoluteString ?? recorded) {
        case .success(let url): return url
        case .failure(let refusal): throw CheckpointRestoreError(refusal.message)
        }
    }

    /// The store to read: the one given, else the manifest's path relative to the project
    /// root; either must stay inside the project.
    func resolveStore(_ recorded: String, paths: ProjectPaths) throws(CheckpointRestoreError) -> URL {
        let url: URL
        if let store {
            url = store
        } else {
            guard !recorded.isEmpty, !recorded.hasPrefix("/") else {
                throw CheckpointRestoreError("the manifest's store '\(recorded)' is not a path relative to the project root; give --store PATH")
            }
            url = projectRoot.appendingPathComponent(recorded).standardizedFileURL
        }
        let root = projectRoot.path
        guard url.path == root || url.path.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            throw CheckpointRestoreError("the store \(url.path) is outside the project; folio reads only stores inside the project folder")
        }
        if let refusal = paths.readRefusal(url) { throw CheckpointRestoreError(refusal) }
        return url
    }

    /// Whether `path` is a regular file: itself (not a link, folder or device), or, when
    /// `followingLinks`, once its links are followed.
    static func isRegularFile(_ path: String, followingLinks: Bool = false) -> Bool {
        var info = stat()
        let status = followingLinks ? stat(path, &info) : lstat(path, &info)
        return status == 0 && info.st_mode & S_IFMT == S_IFREG
    }
}
