import Foundation
@testable import FolioNotebook

/// Fixture files shipped as resources of the test target, and small helpers on results.
enum NotebookFixtures {
    /// The text of `Fixtures/<relativePath>`.
    static func string(_ relativePath: String) throws -> String {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(relativePath)
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// A fixture's JSON, keys in file order.
    static func json(_ relativePath: String) throws -> JSONValue {
        try JSONValue(parsing: string(relativePath))
    }

    /// Predictions of two models, `a` and `b`, on a val, a test and a single-class
    /// holdout split. On test at 0.5: `a` has tp 1, fp 1, fn 1, tn 3 (ROC-AUC 7/8); `b`
    /// has tp 2, fp 1, fn 0, tn 3 (ROC-AUC 1).
    static let predictions = """
    timestamp,symbol,split,label,a,b
    2024-01-01T00:00:00Z,X,val,1,0.9,0.8
    2024-01-01T01:00:00Z,X,val,0,0.2,0.6
    2024-01-01T02:00:00Z,X,val,1,0.7,0.3
    2024-01-01T03:00:00Z,X,val,0,0.4,0.1
    2024-01-01T04:00:00Z,X,val,0,0.1,0.2
    2024-01-01T05:00:00Z,X,val,1,0.6,0.7
    2024-01-01T06:00:00Z,X,test,1,0.8,0.9
    2024-01-01T07:00:00Z,X,test,0,0.3,0.4
    2024-01-01T08:00:00Z,X,test,0,0.55,0.35
    2024-01-01T09:00:00Z,X,test,1,0.45,0.65
    2024-01-01T10:00:00Z,X,test,0,0.05,0.15
    2024-01-01T11:00:00Z,X,test,0,0.15,0.5
    2024-01-01T12:00:00Z,Y,holdout,0,0.2,0.3
    2024-01-01T13:00:00Z,Y,holdout,0,0.6,0.1

    """

    /// Columns that no directive accepts as they are: `c` has a missing score, `d` a
    /// score above 1, `rows` the name of a result key, `lab` a label of 2.
    static let badPredictions = """
    split,label,c,d,rows,lab
    test,1,0.5,0.5,0.5,1
    test,0,,1.5,0.5,2
    test,1,0.2,0.5,0.5,0

    """

    /// Whether `a` and `b` agree to `relative` (or both are NaN).
    static func close(_ a: Double?, _ b: Double?, relative: Double = 1e-12) -> Bool {
        guard let a, let b else { return false }
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        return Swift.abs(a - b) <= relative * Swift.max(1, Swift.abs(a), Swift.abs(b))
    }
}

extension JSONValue {
    /// The number at a dotted path, e.g. `e.a.f1`.
    func number(_ path: String) -> Double? {
        value(at: path.split(separator: ".").map(String.init))?.doubleValue
    }

    /// The value at a dotted path.
    func at(_ path: String) -> JSONValue? {
        value(at: path.split(separator: ".").map(String.init))
    }
}
