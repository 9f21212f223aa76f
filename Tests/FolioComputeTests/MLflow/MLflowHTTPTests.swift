import Foundation
import Testing

@testable import FolioCompute

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `MLflowHTTP`'s own transport (libcurl opened at the first request, redirects followed by
/// folio) against scripted HTTP servers on 127.0.0.1: no tracking server needed.
@Suite struct MLflowHTTPTests {
    static func http(_ server: ScriptedHTTPServer, token: String? = "s3cret") -> MLflowHTTP {
        MLflowHTTP(server: URL(string: "http://127.0.0.1:\(server.port)")!, credentials: token.map { MLflowCredentials(.token($0)) },
                   timeout: 10, retries: 0, retryDelay: 0)
    }

    @Test func aGetCarriesTheHeadersAndReturnsTheBody() throws {
        let server = try ScriptedHTTPServer([.init(status: 200, body: #"{"ok": true}"#)])
        let response = try Self.http(server).send("GET", "/api/2.0/mlflow/experiments/get", query: [("experiment_id", "1+2")])
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"ok": true}"#)
        let request = try #require(server.requests.first)
        #expect(request.line == "GET /api/2.0/mlflow/experiments/get?experiment_id=1%2B2 HTTP/1.1")
        #expect(request.header("authorization") == "Bearer s3cret")
        #expect(request.header("user-agent") == "folio")
    }

    @Test func aPostSendsItsJSON() throws {
        let server = try ScriptedHTTPServer([.init(status: 200, body: "{}")])
        _ = try Self.http(server).send("POST", "/api/2.0/mlflow/runs/search", json: Data(#"{"max_results": 5}"#.utf8))
        let request = try #require(server.requests.first)
        #expect(request.line.hasPrefix("POST /api/2.0/mlflow/runs/search "))
        #expect(request.header("content-type") == "application/json")
        #expect(request.body == #"{"max_results": 5}"#)
    }

    /// The credentials are for the server they were given for: a redirect to another origin
    /// (here another port) goes without them, one on the same server keeps them.
    @Test func credentialsDoNotFollowARedirectToAnotherOrigin() throws {
        let other = try ScriptedHTTPServer([.init(status: 200, body: "{}")])
        let server = try ScriptedHTTPServer([
            .init(status: 302, headers: ["Location: /moved"]),
            .init(status: 307, headers: ["Location: http://127.0.0.1:\(other.port)/elsewhere"]),
        ])
        let response = try Self.http(server).send("GET", "/start")
        #expect(response.status == 200)
        #expect(server.requests.map(\.line) == ["GET /start HTTP/1.1", "GET /moved HTTP/1.1"])
        #expect(server.requests.map { $0.header("authorization") } == ["Bearer s3cret", "Bearer s3cret"])
        #expect(other.requests.map(\.line) == ["GET /elsewhere HTTP/1.1"])
        #expect(other.requests.first?.header("authorization") == nil)
    }

    /// A 303 continues as a GET without the body; a 307 repeats the POST with it.
    @Test func a303BecomesAGetAndA307KeepsThePost() throws {
        let server = try ScriptedHTTPServer([
            .init(status: 307, headers: ["Location: /again"]),
            .init(status: 303, headers: ["Location: /result"]),
            .init(status: 200, body: "{}"),
        ])
        _ = try Self.http(server).send("POST", "/search", json: Data("{}".utf8))
        #expect(server.requests.map(\.line) == ["POST /search HTTP/1.1", "POST /again HTTP/1.1", "GET /result HTTP/1.1"])
        #expect(server.requests.map(\.body) == ["{}", "{}", ""])
        #expect(server.requests.last?.header("content-type") == nil)
    }

    /// Only http and https are followed: a redirect elsewhere is the server's answer.
    @Test func aRedirectToAnotherProtocolIsNotFollowed() throws {
        let server = try ScriptedHTTPServer([.init(status: 302, headers: ["Location: file:///etc/passwd"])])
        #expect(throws: DataError.self) { try Self.http(server).send("GET", "/start") }
        #expect(server.requests.count == 1)
    }

    @Test func aClosedPortIsAConnectionRefused() throws {
        let http = MLflowHTTP(server: URL(string: "http://127.0.0.1:1")!, credentials: nil, timeout: 5, retries: 1, retryDelay: 0)
        let error = #expect(throws: DataError.self) { try http.send("GET", "/api/2.0/mlflow/experiments/search") }
        #expect(error?.message == "cannot reach the MLflow tracking server at http://127.0.0.1:1: connection refused (2 attempts)")
    }

    /// The timeout bounds each wait for data, not the whole exchange (as URLSession's
    /// `timeoutInterval`): a slow answer that keeps coming is read whole.
    @Test func aSlowAnswerThatKeepsComingIsNotCut() throws {
        let chunks = (0..<6).map { _ in ScriptedHTTPServer.Chunk(delay: 0.3, text: String(repeating: "x", count: 10)) }
        let server = try ScriptedHTTPServer([.init(status: 200, body: String(repeating: "x", count: 60), chunks: chunks)])
        let http = MLflowHTTP(server: URL(string: "http://127.0.0.1:\(server.port)")!, credentials: nil, timeout: 1, retries: 0, retryDelay: 0)
        let response = try http.send("GET", "/artifact")
        #expect(response.body.count == 60)
    }

    @Test func aServerThatDoesNotAnswerTimesOut() throws {
        let server = try ScriptedHTTPServer([.init(status: 200, delay: 3)])
        let http = MLflowHTTP(server: URL(string: "http://127.0.0.1:\(server.port)")!, credentials: nil, timeout: 0.5, retries: 0, retryDelay: 0)
        let error = #expect(throws: DataError.self) { try http.send("GET", "/slow") }
        #expect(error?.message == "cannot reach the MLflow tracking server at http://127.0.0.1:\(server.port): no answer within 0.5 s")
    }
}

/// An HTTP/1.1 server on 127.0.0.1 that answers one scripted response per connection, in
/// order (each with `Connection: close`), and records the requests it read.
final class ScriptedHTTPServer: @unchecked Sendable {
    struct Response: Sendable {
        var status: Int
        var headers: [String] = []
        var body: String = ""
        /// Seconds to wait before answering.
        var delay: Double = 0
        /// When given, the body is sent in these pieces (after the head), each after its delay.
        var chunks: [Chunk] = []
    }

    struct Chunk: Sendable {
        var delay: Double
        var text: String
    }

    struct Request: Sendable {
        var line: String
        var headers: [String]
        var body: String

        /// The value of header `name` (case-insensitive), or nil.
        func header(_ name: String) -> String? {
            for line in headers {
                guard let colon = line.firstIndex(of: ":") else { continue }
                if line[..<colon].lowercased() == name.lowercased() {
                    return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
    }

    let port: Int
    private let socket: Int32
    private let lock = NSLock()
    private var recorded: [Request] = []
    private let done = DispatchSemaphore(value: 0)

    var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    init(_ script: [Response]) throws {
        #if canImport(Glibc)
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, bound == 0, listen(fd, 8) == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        socket = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in
            for response in script {
                let client = accept(fd, nil, nil)
                guard client >= 0 else { break }
                if let request = Self.read(client) {
                    lock.lock()
                    recorded.append(request)
                    lock.unlock()
                }
                if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
                let reason = response.status == 200 ? "OK" : "Scripted"
                let head = (["HTTP/1.1 \(response.status) \(reason)", "Content-Length: \(response.body.utf8.count)", "Connection: close"]
                    + response.headers).joined(separator: "\r\n") + "\r\n\r\n"
                let pieces = response.chunks.isEmpty ? [Chunk(delay: 0, text: head + response.body)]
                    : [Chunk(delay: 0, text: head)] + response.chunks
                for piece in pieces {
                    if piece.delay > 0 { Thread.sleep(forTimeInterval: piece.delay) }
                    let bytes = Array(piece.text.utf8)
                    _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Self.noSignal) }
                }
                close(client)
            }
            done.signal()
        }
        thread.start()
    }

    deinit { close(socket) }

    /// `send` flags: no SIGPIPE when the client has gone (Linux; Darwin has no such flag).
    #if os(Linux)
    static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    static let noSignal: Int32 = 0
    #endif

    /// The request head and its Content-Length body.
    private static func read(_ client: Int32) -> Request? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        func headEnd() -> Int? {
            guard data.count >= 4 else { return nil }
            for i in 0...(data.count - 4) where data[i] == 13 && data[i + 1] == 10 && data[i + 2] == 13 && data[i + 3] == 10 { return i }
            return nil
        }
        while headEnd() == nil {
            let n = recv(client, &buffer, buffer.count, 0)
            guard n > 0 else { return nil }
            data += buffer[0..<n]
        }
        let end = headEnd()!
        let lines = String(decoding: data[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        var request = Request(line: lines[0], headers: Array(lines.dropFirst()), body: "")
        let length = Int(request.header("content-length") ?? "0") ?? 0
        while data.count - (end + 4) < length {
            let n = recv(client, &buffer, buffer.count, 0)
            guard n > 0 else { break }
            data += buffer[0..<n]
        }
        request.body = String(decoding: data[(end + 4)...], as: UTF8.self)
        return request
    }
}
