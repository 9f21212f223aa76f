import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The HTTP exchanges of `MLflowRESTClient`: one synchronous request at a time (directives
/// run synchronously) through `URLSession`, with a timeout and a few retries when the
/// server cannot be reached or answers 429 or 5xx.
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
    /// Seconds per request.
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
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        if let json {
            request.httpBody = json
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let credentials { request.setValue(credentials.authorization, forHTTPHeaderField: "Authorization") }
        request.setValue("folio", forHTTPHeaderField: "User-Agent")
        var attempt = 0
        while true {
            attempt += 1
            let outcome = Self.perform(request, timeout: timeout)
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

    /// Connection failures worth another attempt.
    static func isTransient(_ error: URLError) -> Bool {
        [.cannotConnectToHost, .networkConnectionLost, .timedOut, .notConnectedToInternet].contains(error.code)
    }

    /// A failure in words: "connection refused", "timed out after 30 s", ...
    static func describe(_ error: URLError, timeout: Double) -> String {
        switch error.code {
        case .cannotConnectToHost: "connection refused"
        case .timedOut: "no answer within \(timeout.formatted()) s"
        case .cannotFindHost, .dnsLookupFailed: "unknown host"
        case .networkConnectionLost: "the connection was lost"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
             .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            "TLS failed (\(error.localizedDescription))"
        default: error.localizedDescription
        }
    }

    /// One exchange, waited for.
    private static func perform(_ request: URLRequest, timeout: Double) -> Result<Response, URLError> {
        final class Box: @unchecked Sendable {
            var outcome: Result<Response, URLError> = .failure(URLError(.unknown))
            var taskID: Int?
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            // A challenge folio refused (see `ChallengeRefusal`): the server's status.
            if let error = error as? URLError, error.code == .cancelled, let id = box.taskID,
               let status = challenges.takeStatus(of: id) {
                box.outcome = .success(Response(status: status, body: Data()))
                done.signal()
                return
            }
            if let error {
                box.outcome = .failure(error as? URLError ?? URLError(.unknown, userInfo: [NSLocalizedDescriptionKey: "\(error)"]))
            } else if let http = response as? HTTPURLResponse {
                box.outcome = .success(Response(status: http.statusCode, body: data ?? Data()))
            } else {
                box.outcome = .failure(URLError(.badServerResponse))
            }
            done.signal()
        }
        box.taskID = task.taskIdentifier
        task.resume()
        // URLSession's own timeout ends the task; this bound only guards against a task
        // that never calls back.
        if done.wait(timeout: .now() + timeout + 5) == .timedOut {
            task.cancel()
            return .failure(URLError(.timedOut))
        }
        return box.outcome
    }

    /// One session for every request (connections are reused); no cookies, no cache.
    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpShouldSetCookies = false
        return URLSession(configuration: configuration, delegate: challenges, delegateQueue: nil)
    }()

    private static let challenges = ChallengeRefusal()

    /// Answers HTTP authentication challenges (a 401 carrying `WWW-Authenticate`) by
    /// cancelling them and remembering the status, so that the request ends with that 401:
    /// without a delegate, swift-corelibs-foundation leaves a task that has no credential
    /// to offer waiting forever (swift-corelibs-foundation issue 5456). folio sends its
    /// credentials up front, in the `Authorization` header; it never answers a challenge.
    final class ChallengeRefusal: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        private let lock = NSLock()
        private var statuses: [Int: Int] = [:]

        func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
            let status = (challenge.failureResponse as? HTTPURLResponse)?.statusCode ?? 401
            lock.lock()
            statuses[task.taskIdentifier] = status
            lock.unlock()
            completionHandler(.cancelAuthenticationChallenge, nil)
        }

        /// A redirect to another origin (scheme, host, port) goes without the
        /// `Authorization` header: the credentials are for the server they were given for.
        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
            var next = request
            if let from = task.originalRequest?.url, let to = request.url, MLflowRESTClient.origin(from) != MLflowRESTClient.origin(to) {
                next.setValue(nil, forHTTPHeaderField: "Authorization")
            }
            completionHandler(next)
        }

        /// The status of the challenge task `id` refused, once.
        func takeStatus(of id: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            return statuses.removeValue(forKey: id)
        }
    }
}

extension Double {
    /// `30`, `2.5`: seconds in messages.
    fileprivate func formatted() -> String {
        self == rounded() ? String(Int(self)) : String(self)
    }
}
