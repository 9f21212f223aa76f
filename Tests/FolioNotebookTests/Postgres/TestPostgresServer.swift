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

    private static func run(_ executable: String, _ arguments: [String], as user: String?) throws {
        let process = Process()
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", user, "--", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SkipReason(description: "\((executable as NSString).lastPathComponent) exited with \(process.terminationStatus): \(text.suffix(400))")
        }
    }
}
