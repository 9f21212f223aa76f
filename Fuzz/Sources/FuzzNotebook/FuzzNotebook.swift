// libFuzzer harness: a notebook's text through the parser, then each directive block's
// YAML body through parameter parsing, reference resolution and the ParameterReader
// accessors a directive calls. A crash, a sanitizer report or a hang is a bug; thrown
// diagnostics are the expected outcome for most inputs.
@testable import FolioNotebook

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNotebook(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let notebook: Notebook
    do {
        notebook = try Notebook(parsing: text, path: "fuzz.md")
    } catch {
        _ = error.rendered
        return 0
    }
    for diagnostic in notebook.diagnostics { _ = diagnostic.rendered }
    var scope = Scope(params: .object(notebook.frontMatter.params), blocks: notebook.blocks)
    for (index, block) in notebook.blocks.enumerated() {
        _ = notebook.line(block.startLine)
        guard let raw = try? ParamValue.parse(yaml: block.body, origin: block.bodyOrigin) else { continue }
        _ = raw.json.compact()
        var referenced = Set<String>()
        if let resolved = try? NotebookRenderer.resolveReferences(in: raw, scope: scope, referenced: &referenced) {
            exercise(resolved)
            // Later blocks can refer to this one: give it the parameters as its result.
            if let id = block.id { scope.results[id] = resolved.json }
        } else if let id = block.id {
            scope.failed.insert(id)
        }
        _ = index
    }
    return 0
}

/// Calls every typed accessor on every key, as directives do, recursively.
private func exercise(_ value: ParamValue, depth: Int = 0) {
    guard depth < 8, let reader = try? ParameterReader(value) else { return }
    guard case .mapping(let entries) = value.kind else { return }
    _ = try? reader.rejectUnknownKeys(allowed: ["data", "where", "models", "label", "top"])
    for entry in entries {
        let key = entry.key
        _ = reader.location(of: key)
        _ = try? reader.string(key)
        _ = try? reader.double(key)
        _ = try? reader.double(key, default: 0.5, in: 0...1)
        _ = try? reader.int(key)
        _ = try? reader.int(key, default: 1, min: 0, max: 100)
        _ = try? reader.bool(key, default: false)
        _ = try? reader.stringList(key)
        _ = try? reader.doubleList(key)
        if let nested = try? reader.mapping(key), let inner = reader.value(key) {
            _ = nested.has("column")
            exercise(inner, depth: depth + 1)
        }
        if let list = try? reader.mappingList(key) {
            for item in list { _ = try? item.string("name") }
        }
    }
}
