import Foundation

/// Test fixtures shipped as resources of the test target.
enum Fixtures {
    /// The URL of a fixture file or folder, e.g. `reference/ks/small_exact_20_20/a.csv`.
    static func url(_ relativePath: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(relativePath)
    }

    static func string(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    /// A fixture's JSON decoded as a dictionary.
    static func json(_ relativePath: String) throws -> [String: Any] {
        let data = try Data(contentsOf: url(relativePath))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// The numeric column `name` of a small CSV fixture (a minimal reader for tests only;
    /// the product's reader is tested on its own).
    static func column(_ relativePath: String, _ name: String) throws -> [Double] {
        let lines = try string(relativePath).split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init)
        guard let index = header.firstIndex(of: name) else { throw FixtureError.noColumn(name) }
        return lines.dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return Double(cells[index]) ?? .nan
        }
    }

    enum FixtureError: Error { case noColumn(String) }
}
