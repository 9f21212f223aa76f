import CCurl
import Foundation

/// The HTTP exchanges of `MLflowRESTClient`: one synchronous request at a time (directives
/// run synchronously) through libcurl, opened at the first request (`folio_curl.h`), with a
/// timeout and a few retries when the server cannot be reached or answers 429 or 5xx.
///
/// Not `URLSession`: on Linux it lives in FoundationNetworking, which links libcurl and the
/// thirty libraries libcurl needs, loaded and initialised at every folio start whether or
/// not a notebook names a tracking server (a static Swift program starts in 2.2 ms, 9.0 ms
/// with FoundationNetworking linked; measured in Benchmarks/README.md, issue 17).
///
/// Redirects (at most 10, to http or https) are followed here, not by libcurl: one to
/// another origin (scheme, host, port) goes without the `Authorization` header, since the
/// credentials are for the server they were given for. A 303, and a 301 or 302 answering
/// a POST, continue as a GET without body, as browsers and `URLSession` do.
///
/// Errors are `DataError`s whose message names the server's URL (never the credentials):
/// `io` when the server cannot be reached or rejects the credentials, `notFound` for
/// MLflow's `RESOURCE_DOES_NOT_EXIST`, `malformed` for an answer that is not MLflow's.
struct MLflowHTTP: Sendable {
    /// The server's URL as given (no user or password in it).
    var server: URL
    var credentials: MLflowCredentials?
    /// Why no credentials were sent, for a 401 or 403 (`nil`: none were given).
    var withheldCredentials: String? = nil
    /// Seconds to connect, and then to wait for each next byte (not for the whole transfer).
    var timeout: Double
    /// Further attempts after the first, on connection errors, 429 and 5xx.
    var retries: Int
    /// Seconds before the first retry; doubled at each further one.
    var retryDelay: Double

    /// A response: status code and body.
    struct Response: Sendable {
        var status: Int
        var body: Data
    }

    /// The server's URL for messages.
    var shown: String {
        var text = server.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// `server` + `path` (which starts with `/`) + the query items.
    func url(_ path: String, query: [(String, String)] = []) -> URL? {
        var base = server.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        guard var components = URLComponents(string: base + path) else { return nil }
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        // `+` is a space in a form-encoded query, as Flask reads it.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.url
    }

    /// Sends a request and returns a 2xx response, or a 404 when `allowNotFound`.
    ///
    /// - Throws: `DataError` as described on the type.
    func send(_ method: String, _ path: String, query: [(String, String)] = [], json: Data? = nil,
              allowNotFound: Bool = false) throws(DataError) -> Response {
        guard let url = url(path, query: query) else {
            throw DataError(.invalidValue, "cannot form a request URL from \(shown) and \(path)")
        }
        var headers = ["User-Agent: folio"]
        if json != nil { headers.append("Content-Type: application/json") }
        let authorization = credentials.map { "Authorization: \($0.authorization)" }
        let request = Request(url: url, method: method, headers: headers, authorization: authorization, body: json)
        var attempt = 0
        while true {
            attempt += 1
            let outcome = Self.exchange(request, timeout: timeout)
            let canRetry = attempt <= retries
            switch outcome {
            case .failure(let error):
                if canRetry && Self.isTransient(error) { pause(attempt); continue }
                throw DataError(.io, "cannot reach the MLflow tracking server at \(shown): \(Self.describe(error, timeout: timeout))"
                                + (attempt > 1 ? " (\(attempt) attempts)" : ""))
            case .success(let response):
                if canRetry, response.status == 429 || (500..<600).contains(response.status) {
                    pause(attempt)
                    continue
                }
                switch response.status {
                case 200..<300:
                    return response
                case 401, 403:
                    let given = credentials.map { "with \($0)" } ?? withheldCredentials.map { "without credentials (\($0))" }
                        ?? "without credentials (set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD)"
                    throw DataError(.io, "the MLflow tracking server at \(shown) rejected the credentials (HTTP \(response.status) for \(path)); folio sent the request \(given)")
                default:
                    let reply = Self.errorReply(response.body)
                    if response.status == 404, allowNotFound, reply?.code == "RESOURCE_DOES_NOT_EXIST" { return response }
                    if let reply {
                        let kind: DataError.Kind = reply.code == "RESOURCE_DOES_NOT_EXIST" ? .notFound : .invalidValue
                        throw DataError(kind, "the MLflow tracking server at \(shown) answered HTTP \(response.status) (\(reply.code)) to \(path): \(reply.message)")
                    }
                    let note = response.status == 404 ? " (is it an MLflow tracking server, and a version with this endpoint?)" : ""
                    throw DataError(.malformed, "the MLflow tracking server at \(shown) answered HTTP \(response.status) to \(path)\(note)"
                                    + (attempt > 1 ? " after \(attempt) attempts" : ""))
                }
            }
        }
    }

    private func pause(_ attempt: Int) {
        let seconds = retryDelay * Double(1 << min(attempt - 1, 6))
        if seconds > 0 { Thread.sleep(forTimeInterval: seconds) }
    }

    /// MLflow's error body `{"error_code": ..., "message": ...}`.
    static func errorReply(_ body: Data) -> (code: String, message: String)? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let code = object["error_code"] as? String else { return nil }
        return (code, (object["message"] as? String) ?? "")
    }

    /// A request as sent: the `Authorization` line apart, so that a redirect to another
    /// origin can leave it out.
    struct Request: Sendable {
        var url: URL
        var method: String
        var headers: [String]
        var authorization: String?
        var body: Data?
    }

    /// An exchange that got no HTTP answer: libcurl's code (-1: libcurl could not be opened)
    /// and message.
    struct Failure: Error, Sendable {
        var code: Int
        var message: String
    }

    /// Connection failures worth another attempt.
    static func isTransient(_ failure: Failure) -> Bool {
        [FOLIO_CURLE_COULDNT_CONNECT, FOLIO_CURLE_OPERATION_TIMEDOUT, FOLIO_CURLE_GOT_NOTHING, FOLIO_CURLE_SEND_ERROR,
         FOLIO_CURLE_RECV_ERROR].contains(failure.code)
    }

    /// A failure in words: "connection refused", "no answer within 30 s", ...
    static func describe(_ failure: Failure, timeout: Double) -> String {
        switch failure.code {
        case FOLIO_CURLE_COULDNT_CONNECT: "connection refused"
        case FOLIO_CURLE_OPERATION_TIMEDOUT: "no answer within \(timeout.formatted()) s"
        case FOLIO_CURLE_COULDNT_RESOLVE_HOST: "unknown host"
        case FOLIO_CURLE_GOT_NOTHING, FOLIO_CURLE_SEND_ERROR, FOLIO_CURLE_RECV_ERROR: "the connection was lost"
        case FOLIO_CURLE_SSL_CONNECT_ERROR, FOLIO_CURLE_PEER_FAILED_VERIFICATION, FOLIO_CURLE_SSL_CERTPROBLEM, FOLIO_CURLE_SSL_CACERT_BADFILE:
            "TLS failed (\(failure.message))"
        default: failure.message
        }
    }

    /// Redirects followed before the answer counts as the server's.
    static let maxRedirects = 10

    /// One exchange, redirects followed (see the type).
    static func exchange(_ request: Request, timeout: Double) -> Result<Response, Failure> {
        var current = request
        var redirects = 0
        while true {
            var headers = current.headers
            if let authorization = current.authorization { headers.append(authorization) }
            let outcome = perform(url: current.url.absoluteString, method: current.method, headers: headers, body: current.body,
                                  timeout: timeout)
            guard case .success(let (response, location)) = outcome else {
                return outcome.map(\.0)
            }
            guard (300..<400).contains(response.status), let location, redirects < maxRedirects,
                  let next = URL(string: location), let scheme = next.scheme?.lowercased(), scheme == "http" || scheme == "https"
            else { return .success(response) }
            redirects += 1
            if MLflowRESTClient.origin(current.url) != MLflowRESTClient.origin(next) { current.authorization = nil }
            if response.status == 303 || ((response.status == 301 || response.status == 302) && current.method == "POST") {
                current.method = "GET"
                current.body = nil
                current.headers.removeAll { $0.hasPrefix("Content-Type:") }
            }
            current.url = next
        }
    }

    /// One request through libcurl: the answer, and where a 3xx points.
    private static func perform(url: String, method: String, headers: [String], body: Data?, timeout: Double)
        -> Result<(Response, String?), Failure>
    {
        let milliseconds = Int(min(max(timeout, 0.001), 86_400) * 1000)
        var result = withCStrings(headers) { lines in
            lines.withUnsafeBufferPointer { lines in
                if let body {
                    // A non-nil pointer even for an empty body: a POST of no bytes.
                    let bytes = body.isEmpty ? Data([0]) : body
                    return bytes.withUnsafeBytes { raw in
                        folio_curl_perform(url, method, lines.baseAddress, lines.count, raw.baseAddress, body.count, milliseconds)
                    }
                }
                return folio_curl_perform(url, method, lines.baseAddress, lines.count, nil, 0, milliseconds)
            }
        }
        defer { folio_curl_free(&result) }
        guard result.code == 0 else {
            let message = withUnsafeBytes(of: result.error) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            return .failure(Failure(code: Int(result.code), message: message))
        }
        let body = result.body.map { Data(bytes: $0, count: result.body_length) } ?? Data()
        let location = result.redirect.map { String(cString: $0) }
        return .success((Response(status: Int(result.status), body: body), location))
    }

    /// Calls `body` with NUL-terminated copies of `strings`, alive for the call.
    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { for copy in copies { free(copy) } }
        return body(copies.map { UnsafePointer($0) })
    }
}

extension Double {
    /// `30`, `2.5`: seconds in messages.
    fileprivate func formatted() -> String {
        self == rounded() ? String(Int(self)) : String(self)
    }
}
