import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import FolioNotebook

/// Rendering twice from scratch gives byte-identical reports, figures and results, and
/// every figure is well-formed XML.
@Suite(.serialized) struct DeterminismTests {
    static let files = [
        "data/f.csv": DatasetDirectiveTests.csv,
        "notebooks/a.md": "---\ndata: data\n---\n```{dataset} ds\ndata: f.csv\n```\n```{dataset} sym\ndata: f.csv\ngroup: symbol\n```\nRows: {{ ds.rows }}.\n",
        "notebooks/b.md": "```{echo} e\nvalue: {x: 0.1}\nfigure: true\n```\n",
    ]

    func snapshot(_ project: TestProject) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let reports = project.root.appendingPathComponent("reports")
        let enumerator = FileManager.default.enumerator(at: reports, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[String(url.path.dropFirst(reports.path.count))] = try Data(contentsOf: url)
            }
        }
        return files
    }

    @Test func twoColdRendersAreByteIdentical() async throws {
        let first = try TestProject(DeterminismTests.files)
        let second = try TestProject(DeterminismTests.files)
        defer { first.remove(); second.remove() }
        let options = RenderOptions(useCache: false, html: true, quiet: true)
        #expect(await first.render(options: options).succeeded)
        #expect(await second.render(options: options).succeeded)
        let a = try snapshot(first), b = try snapshot(second)
        #expect(a.keys.sorted() == b.keys.sorted())
        #expect(a.count >= 8)
        for key in a.keys { #expect(a[key] == b[key], "\(key) differs") }
    }

    @Test func figuresAreWellFormedXML() async throws {
        let project = try TestProject(DeterminismTests.files)
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let svgs = try snapshot(project).filter { $0.key.hasSuffix(".svg") }
        #expect(svgs.count == 3)
        for (name, data) in svgs {
            let parser = XMLParser(data: data)
            #expect(parser.parse(), "\(name): \(String(describing: parser.parserError))")
            #expect(String(decoding: data, as: UTF8.self).contains("viewBox="))
        }
    }
}
