import Foundation
import Testing

@testable import FolioCompute

@Suite struct MLflowMetaFileTests {
    @Test func flatSubset() throws {
        let text = """
            ---
            # a comment
            artifact_uri: file:///home/quant team/phase 4 signal models/mlartifacts/phase4 hpo
              trials/abc/artifacts
            deleted_time: null
            empty:
            end_time: 1732001362014
            negative: -5
            octal_looking: 0755
            run_name: 'trial: 5 (it''s warm)'
            quoted: "tab\\tand \\u00e9 \\"q\\""
            folded_quote: 'first line
              second line

              third'
            tags: []
            other: {}
            flag: true
            tilde: ~
            plain_comment: value # comment
            """
        let meta = try MLflowMetaFile.parse(text, path: "meta.yaml")
        #expect(meta["artifact_uri"] == .string("file:///home/quant team/phase 4 signal models/mlartifacts/phase4 hpo trials/abc/artifacts"))
        #expect(meta["deleted_time"] == .null)
        #expect(meta["empty"] == .null)
        #expect(meta["end_time"] == .integer(1_732_001_362_014))
        #expect(meta["negative"] == .integer(-5))
        #expect(meta["octal_looking"] == .string("0755"))
        #expect(meta["run_name"] == .string("trial: 5 (it's warm)"))
        #expect(meta["quoted"] == .string("tab\tand é \"q\""))
        #expect(meta["folded_quote"] == .string("first line second line\nthird"))
        #expect(meta["tags"] == .emptySequence)
        #expect(meta["other"] == .emptyMapping)
        #expect(meta["flag"] == .bool(true))
        #expect(meta["tilde"] == .null)
        #expect(meta["plain_comment"] == .string("value"))
    }

    @Test(arguments: [
        ("tags:\n  a: 1\n", 1, "nested mappings and lists are not supported"),
        ("tags:\n- a\n", 2, "a list is not supported"),
        ("tags: [a, b]\n", 1, "only empty [] and {} collections"),
        ("note: |\n  text\n", 1, "YAML feature `|` is not supported"),
        ("name: &anchor x\n", 1, "YAML feature `&`"),
        ("name: a\nname: b\n", 2, "duplicate key \"name\""),
        ("name: 'open\n", 1, "unterminated or invalid quoted value"),
        ("just text\n", 1, "expected `key: value`"),
        ("name: 'a' b\n", 1, "unexpected text after the quoted value"),
        ("  indented: 1\n", 1, "unexpected indented line"),
    ] as [(String, Int, String)])
    func unsupportedYAMLIsAnError(text: String, line: Int, fragment: String) {
        let error = #expect(throws: DataError.self) { try MLflowMetaFile.parse(text, path: "x/meta.yaml") }
        #expect(error?.kind == .malformed)
        #expect(error?.path == "x/meta.yaml")
        #expect(error?.line == line)
        #expect(error?.description.contains(fragment) == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("flat `key: value` YAML that MLflow writes") == true)
    }

    @Test func malformedMetricFileNamesFileAndLine() throws {
        let folder = NSTemporaryDirectory() + "folio-mlflow-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/val_f1"
        try "1732000000000 0.5 0\n\n1732000001000 nan 1\n1732000002000 -inf\n1732000003000 0.5 two\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: DataError.self) { try MLflowStore.metricPoints(path) }
        #expect(error?.line == 5)
        #expect(error?.path == path)
        #expect(error?.description.contains("expected a metric line `timestamp value step`") == true)
        try "1732000000000 0.5 0\n\n1732000001000 nan 1\n1732000002000 -inf\n".write(toFile: path, atomically: true, encoding: .utf8)
        let points = try MLflowStore.metricPoints(path)
        #expect(points.count == 3)
        #expect(points[1].value.isNaN && points[1].step == 1)
        #expect(points[2] == MLflowMetricPoint(step: 0, timestamp: 1_732_000_002_000, value: -.infinity))
    }

    @Test(arguments: [(1, MLflowRunStatus.running), (2, .scheduled), (3, .finished), (4, .failed), (5, .killed)] as [(Int64, MLflowRunStatus)])
    func statusCodes(code: Int64, status: MLflowRunStatus) {
        #expect(MLflowRunStatus(code: code) == status)
    }
}
