import Foundation
@testable import FolioNotebook

#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL server for the tests: `initdb` into a temporary folder, `pg_ctl start`
/// on a loopback port with its socket in that folder, trust authentication for the test
/// role `folio`; stopped (and the folder removed) when the test process exits. Started once
/// per test process; each test makes its own database (`makeDatabase`).
///
/// Binaries come from Debian's postgresql package (`/usr/lib/postgresql/<version>/bin`,
/// `scripts/ensure-system-packages --postgres`). initdb refuses to run as root, so as root
/// the server runs as the `postgres` user (`runuser`), which owns the folder.
final class TestPostgresServer: Sendable {
    let folder: URL
    let port: Int
    let bin: String
    let runAs: String?

    /// The shared server, or why there is none (the tests are then skipped).
    static let shared: Result<TestPostgresServer, SkipReason> = start()

    /// Why PostgreSQL tests are skipped.
    struct SkipReason: Error, CustomStringConvertible {
        var description: String
    }

    /// Whether the server runs; the suites are `.enabled(if:)` this.
    static var isAvailable: Bool {
        switch shared {
        case .success: return true
        case .failure(let reason):
            FileHandle.standardError.write(Data("PostgreSQL tests skipped: \(reason)\n".utf8))
            return false
        }
    }

    static var server: TestPostgresServer {
        get throws { try shared.get() }
    }

    private init(folder: URL, port: Int, bin: String, runAs: String?) {
        self.folder = folder
        self.port = port
        self.bin = bin
        self.runAs = runAs
    }

    /// `postgresql://folio@127.0.0.1:PORT/DATABASE` plus `suffix` (e.g. `?table=features`).
    func url(database: String, _ suffix: String = "") -> String {
        "postgresql://folio@127.0.0.1:\(port)/\(database)\(suffix)"
    }

    /// A new empty database with a unique name.
    func makeDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try execute("CREATE DATABASE \(name)", database: "postgres")
        return String(name)
    }

    /// Runs one statement as the superuser `folio`.
    @discardableResult
    func execute(_ sql: String, database: String, _ parameters: [String?] = []) throws -> [[String?]] {
        let connection = try PostgresConnection(conninfo: url(database: database))
        return try connection.execute(sql, parameters).values
    }

    private static func start() -> Result<TestPostgresServer, SkipReason> {
        let fm = FileManager.default
        let versions = ((try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        guard let version = versions.first(where: { fm.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb") }) else {
            return .failure(SkipReason(description: "no initdb under /usr/lib/postgresql/*/bin (install with scripts/ensure-system-packages --postgres)"))
        }
        let bin = "/usr/lib/postgresql/\(version)/bin"
        let folder = fm.temporaryDirectory.appendingPathComponent("folio-pg-\(UUID().uuidString.prefix(8))")
        var runAs: String?
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            if getuid() == 0 {
                guard let user = getpwnam("postgres") else {
                    return .failure(SkipReason(description: "running as root and there is no 'postgres' user for initdb"))
                }
                runAs = "postgres"
                chown(folder.path, user.pointee.pw_uid, user.pointee.pw_gid)
            }
            let data = folder.appendingPathComponent("data").path
            try run(bin + "/initdb", ["-D", data, "-U", "folio", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"], as: runAs)
            var lastError = ""
            for attempt in 0..<5 {
                let port = 20_000 + Int((UInt32(getpid()) &* 7919 &+ UInt32(attempt) &* 104_729) % 40_000)
                let options = "-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
                do {
                    try run(bin + "/pg_ctl", ["-D", data, "-o", options, "-l", folder.appendingPathComponent("log").path, "-w", "-t", "30", "start"], as: runAs)
                    let server = TestPostgresServer(folder: folder, port: port, bin: bin, runAs: runAs)
                    TestPostgresServer.running = server
                    atexit { TestPostgresServer.running?.stop() }
                    return .success(server)
                } catch {
                    lastError = "\(error)"
                }
            }
            return .failure(SkipReason(description: "pg_ctl start failed: \(lastError)"))
        } catch {
            try? fm.removeItem(at: folder)
            return .failure(SkipReason(description: "\(error)"))
        }
    }

    nonisolated(unsafe) private static var running: TestPostgresServer?

    func stop() {
        try? Self.run(bin + "/pg_ctl", ["-D", folder.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop"], as: runAs)
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs a program (through `runuser` when `user` is set) with `posix_spawn` and
    /// `waitpid`, its output in a file beside the server. (Foundation's `Process` waits
    /// forever here: `pg_ctl` leaves the server running, and the runner never reaped it.)
    private static func run(_ executable: String, _ arguments: [String], as user: String?) throws {
        let argv = (user.map { ["/usr/sbin/runuser", "-u", $0, "--", executable] } ?? [executable]) + arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("folio-pg-\(UUID().uuidString.prefix(8)).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var pid = pid_t()
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else { throw SkipReason(description: "cannot run \(argv[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw SkipReason(description: "\((executable as NSString).lastPathComponent) failed (status \(status)): \(text.suffix(400))")
        }
    }
}
