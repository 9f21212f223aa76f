import Foundation
import FolioCompute

extension NotebookRenderer {
    /// A block ready to run: decoded, with its context, inputs and cache key.
    struct Prepared {
        var directive: any Directive
        var context: DirectiveContext
        var cacheKey: String
        var inputHashes: [(String, String)]
    }

    func makeContext(for block: DirectiveBlock, index: Int, reportURL: URL, seed: UInt64) -> DirectiveContext {
        DirectiveContext(
            notebookPath: notebook.path, projectRoot: projectRoot, dataRoot: dataRoot, reportURL: reportURL,
            blockID: block.id, blockIndex: index, blockLocation: block.location, seed: seed,
            data: data, services: services)
    }

    /// Decodes a block: YAML, references, unknown keys, the directive's own checks.
    func decode(_ block: DirectiveBlock, index: Int, scope: Scope, reportURL: URL, inputsByID: [String: [(String, String)]] = [:])
        throws(DirectiveError) -> (directive: any Directive, resolved: ParamValue, context: DirectiveContext)
    {
        guard let type = registry[block.name] else {
            throw DirectiveError("unknown directive '{\(block.name)}'\(Suggestion.hint(for: block.name, in: registry.names)); known: \(registry.names.joined(separator: ", "))",
                                 at: block.location)
        }
        let raw = try ParamValue.parse(yaml: block.body, origin: block.bodyOrigin).wrappingList(in: type.listParameter)
        var referenced = Set<String>()
        let resolved = try NotebookRenderer.resolveReferences(in: raw, scope: scope, referenced: &referenced)
        let reader = try ParameterReader(resolved)
        try reader.rejectUnknownKeys(allowed: type.parameters.map(\.name))
        for spec in type.parameters where spec.isRequired && !reader.has(spec.name) {
            throw DirectiveError("missing required parameter '\(spec.name)' of {\(block.name)}: \(spec.help)", at: block.location)
        }
        // Seeds derive from the notebook path and the block id, so every random draw of a
        // block is reproducible and independent of other blocks.
        var seed = SeededGenerator.fnv1a("\(notebook.path)#\(block.id ?? "block\(index)")")
        if reader.has("seed"), let explicit = try reader.int("seed") { seed = UInt64(truncatingIfNeeded: explicit) }
        var context = makeContext(for: block, index: index, reportURL: reportURL, seed: seed)
        context.unresolvedParameters = raw
        if type.readsEarlierResults {
            var visible = JSONObject()
            visible["params"] = scope.params
            for (id, value) in scope.results.sorted(by: { $0.key < $1.key }) { visible[id] = value }
            context.results = visible
            context.failedIDs = scope.failed
        }
        var upstream: [(path: String, sha256: String)] = []
        for id in referenced.sorted() {
            for (path, hash) in inputsByID[id] ?? [] where !upstream.contains(where: { $0.path == path }) {
                upstream.append((path, hash))
            }
        }
        context.upstreamInputs = upstream.sorted { $0.path < $1.path }
        let directive = try type.init(parameters: reader, context: context)
        context.declaredInputs = Set(directive.inputs.map(\.url))
        return (directive, resolved, context)
    }

    func prepare(_ block: DirectiveBlock, index: Int, scope: Scope, reportURL: URL,
                 inputsByID: [String: [(String, String)]]) throws(DirectiveError) -> Prepared {
        let (directive, resolved, context) = try decode(block, index: index, scope: scope, reportURL: reportURL, inputsByID: inputsByID)
        var hashes: [(String, String)] = []
        for input in directive.inputs {
            do {
                hashes.append((context.displayPath(input.url), try services.hasher.hash(of: input.url)))
            } catch let refused as FileHasher.ReadRefused {
                throw DirectiveError(refused.description, at: input.location)
            } catch {
                throw DirectiveError("\(input.kind == .folder ? "folder" : "file") not found: \(context.displayPath(input.url))", at: input.location)
            }
        }
        var key = "folio \(Folio.version) \(services.buildID)\nnotebook \(notebook.path)\nreport \(context.displayPath(reportURL))\n"
        key += "directive \(block.name) \(block.id ?? "#\(index)")\nparams \(resolved.json.compact())\n"
        for (path, hash) in hashes { key += "input \(path) \(hash)\n" }
        return Prepared(directive: directive, context: context, cacheKey: sha256Hex(key), inputHashes: hashes)
    }

    /// Replaces `{{ }}` references inside parameter values. A scalar that is exactly one
    /// reference without a format takes the referenced value with its type (a number, a
    /// list, a mapping); references inside longer text are formatted into it.
    static func resolveReferences(in value: ParamValue, scope: Scope, referenced: inout Set<String>) throws(DirectiveError) -> ParamValue {
        switch value.kind {
        case .scalar(let text, _):
            guard text.contains("{{") else { return value }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            let found = try InlineExpression.scan(Substring(trimmed), origin: value.location)
            for (_, expression) in found { referenced.insert(expression.path[0]) }
            if found.count == 1, found[0].range == trimmed.startIndex..<trimmed.endIndex, found[0].expression.format == nil {
                return ParamValue(.resolved(try scope.resolve(found[0].expression)), at: value.location)
            }
            for (_, expression) in try InlineExpression.scan(Substring(text), origin: value.location) { referenced.insert(expression.path[0]) }
            return ParamValue(.scalar(try scope.substitute(in: Substring(text), origin: value.location), quoted: true), at: value.location)
        case .resolved:
            return value
        case .sequence(let items):
            var out: [ParamValue] = []
            for item in items { out.append(try resolveReferences(in: item, scope: scope, referenced: &referenced)) }
            return ParamValue(.sequence(out), at: value.location)
        case .mapping(let entries):
            var out: [ParamValue.Entry] = []
            for entry in entries {
                var e = entry
                e.value = try resolveReferences(in: entry.value, scope: scope, referenced: &referenced)
                out.append(e)
            }
            return ParamValue(.mapping(out), at: value.location)
        }
    }
}
