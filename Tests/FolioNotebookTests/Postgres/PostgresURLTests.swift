import Testing
@testable import FolioNotebook

/// Parsing of `postgresql://` URLs: one parser for sources and for the table writer, and
/// the strict `statement_timeout` parameter. No server needed.
@Suite struct PostgresURLTests {
    @Test func folioParametersAreNotHandedToLibpq() throws {
        let url = try PostgresURL("postgres://folio@127.0.0.1:5432/market?table=public.features&version=v3&statement_timeout=30s&sslmode=disable")
        #expect(url.relation == .table(schema: "public", name: "features"))
        #expect(url.version == "v3")
        #expect(url.database.statementTimeout.milliseconds == 30_000)
        #expect(url.conninfo == "postgresql://folio@127.0.0.1:5432/market?sslmode=disable")
    }

    @Test func theWriterReadsTheSameDatabasePart() throws {
        let text = "postgresql://folio@127.0.0.1:5432/market?application_name=x&statement_timeout=2h"
        let writer = try PostgresTableWriter(url: text)
        #expect(writer.database == (try PostgresURL.Database(text)))
        #expect(writer.database.conninfo == "postgresql://folio@127.0.0.1:5432/market?application_name=x")
        #expect(writer.database.statementTimeout.description == "2h")
        // A database URL needs no rows; a source URL does.
        #expect(throws: PostgresError.self) { try PostgresURL(text) }
        for refused in ["postgresql://u:secret@/market", "postgresql:///market?password=x", "http:///market",
                        "postgresql:///market?statement_timeout=forever"] {
            #expect(throws: PostgresError.self) { try PostgresTableWriter(url: refused) }
        }
    }

    @Test func statementTimeoutDefaultsToTenMinutes() throws {
        let url = try PostgresURL("postgresql:///market?table=features")
        #expect(url.database.statementTimeout == .standard)
        #expect(PostgresStatementTimeout.standard.milliseconds == 600_000)
        #expect(PostgresStatementTimeout.standard.description == "10min")
    }

    @Test(arguments: [("250ms", 250), ("30s", 30_000), ("20min", 1_200_000), ("2h", 7_200_000), ("24h", 86_400_000),
                      ("1440min", 86_400_000), ("90s", 90_000), ("86400000ms", 86_400_000)])
    func statementTimeoutValues(text: String, milliseconds: Int) throws {
        #expect(try PostgresStatementTimeout(parsing: text).milliseconds == milliseconds)
        let url = try PostgresURL("postgresql:///market?table=features&statement_timeout=\(text)")
        #expect(url.database.statementTimeout.milliseconds == milliseconds)
    }

    @Test(arguments: ["", "0", "0s", "030s", "-1s", "+1s", "10", "1.5s", "10 min", " 30s", "30s ", "10m", "10sec", "1e3ms",
                      "s", "25h", "86400001ms", "999999999h", "٣s", "10MIN"])
    func malformedStatementTimeoutIsRefused(text: String) {
        #expect(throws: PostgresError.self) { try PostgresStatementTimeout(parsing: text) }
        let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
        #expect(throws: PostgresError.self) { try PostgresURL("postgresql:///market?table=features&statement_timeout=\(encoded)") }
    }

    @Test func timeoutsDescribeThemselvesInTheirLargestWholeUnit() throws {
        #expect(try PostgresStatementTimeout(parsing: "90s").description == "90s")
        #expect(try PostgresStatementTimeout(parsing: "120s").description == "2min")
        #expect(try PostgresStatementTimeout(parsing: "1500ms").description == "1500ms")
        #expect(try PostgresStatementTimeout(parsing: "60min").description == "1h")
    }
}
