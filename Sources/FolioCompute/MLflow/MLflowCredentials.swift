import Foundation

/// How folio authenticates to an MLflow tracking server, from the variables MLflow's own
/// client reads: `MLFLOW_TRACKING_TOKEN` (sent as `Authorization: Bearer`), else
/// `MLFLOW_TRACKING_USERNAME` and `MLFLOW_TRACKING_PASSWORD` (HTTP basic auth).
///
/// The secret never leaves the request header: `description` names the kind only, and
/// nothing here enters a report, a results file or a cache key.
public struct MLflowCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The kind of credentials and the secret.
    public enum Kind: Sendable, Hashable {
        /// A bearer token.
        case token(String)
        /// A user name and password.
        case basic(user: String, password: String)
    }

    /// The credentials.
    public var kind: Kind

    /// Creates credentials.
    public init(_ kind: Kind) {
        self.kind = kind
    }

    /// The credentials the environment gives, or `nil` when it gives none
    /// (`MLFLOW_TRACKING_TOKEN` wins over a user name and password).
    public init?(environment: [String: String]) {
        if let token = environment["MLFLOW_TRACKING_TOKEN"], !token.isEmpty {
            kind = .token(token)
        } else if let user = environment["MLFLOW_TRACKING_USERNAME"], !user.isEmpty {
            kind = .basic(user: user, password: environment["MLFLOW_TRACKING_PASSWORD"] ?? "")
        } else {
            return nil
        }
    }

    /// The value of the `Authorization` header.
    var authorization: String {
        switch kind {
        case .token(let token): "Bearer \(token)"
        case .basic(let user, let password): "Basic \(Data("\(user):\(password)".utf8).base64EncodedString())"
        }
    }

    /// Which variables the credentials came from, without the secret.
    public var description: String {
        switch kind {
        case .token: "the token in MLFLOW_TRACKING_TOKEN"
        case .basic(let user, _): "the user \"\(user)\" of MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD"
        }
    }
}
