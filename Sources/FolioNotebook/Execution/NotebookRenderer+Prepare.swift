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
        let allKeys = try ParameterReader(resolved)
        // Every problem of the block is reported, not just the first: all unknown keys,
        // all missing required parameters, then every decoding error (see `decodeAll`).
        var errors = allKeys.unknownKeyErrors(allowed: type.parameters.map(\.name))
        let reader = try allKeys.removing(Set(allKeys.keys.filter { key in !type.parameters.contains { $0.name == key } }))
        let missing = type.parameters.filter { $0.isRequired && !reader.has($0.name) }
        for spec in missing {
            errors.append(DirectiveError("missing required parameter '\(spec.name)' of {\(block.name)}: \(spec.help)", at: block.location))
        }
        // Seeds derive from the notebook path and the block id, so every random draw of a
        // block is reproducible and independent of other blocks.
        var seed = SeededGenerator.fnv1a("\(notebook.path)#\(block.id ?? "block\(index)")")
        if reader.has("seed") {
            do throws(DirectiveError) {
                if let explicit = try reader.int("seed") { seed = UInt64(truncatingIfNeeded: explicit) }
            } catch {
                errors.append(error)
            }
        }
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
        let directive = NotebookRenderer.decodeAll(type, parameters: reader, context: context, afterMissingParameters: !missing.isEmpty,
                                                   errors: &errors)
        if let error = DirectiveError(collecting: errors.sorted { ($0.location ?? block.location) < ($1.location ?? block.location) }) { throw error }
        guard let directive else { throw DirectiveError("internal error: {\(block.name)} decoded without a result", at: block.location) }
        context.declaredInputs = Set(directive.inputs.map(\.url))
        return (directive, resolved, context)
    }

    /// Decodes `type` from `parameters`, gathering as many errors as the directive's
    /// initializer can show: after an error located at one key, that key is left out
    /// (as if absent) and the block is decoded again, so that the next bad key shows
    /// too, without every directive having to collect its own errors. An error that no
    /// remaining key holds (one about the block as a whole) ends the search: after a key
    /// was left out, or when required parameters are missing, it may only be a
    /// consequence, so it is kept only from a first pass with every required key; so is
    /// an error that names a key left out.
    ///
    /// - Returns: the directive when `parameters` decode without error.
    /// - Complexity: at most one decoding per key.
    static func decodeAll(_ type: any Directive.Type, parameters: ParameterReader, context: DirectiveContext,
                          afterMissingParameters: Bool, errors: inout [DirectiveError]) -> (any Directive)? {
        var reader = parameters
        var removed = Set<String>()
        while true {
            do throws(DirectiveError) {
                let directive = try type.init(parameters: reader, context: context)
                return errors.isEmpty ? directive : nil
            } catch {
                // The mapping's own location (where its first key also starts) is the
                // block's: errors there are about the block as a whole.
                let key = error.location.flatMap { $0 == reader.location ? nil : reader.key(holding: $0) }
                guard let key else {
                    if removed.isEmpty, !afterMissingParameters { errors.append(error) }
                    return nil
                }
                // An error that names a key left out is a consequence of leaving it out
                // (e.g. "'objective': recall_at_precision needs 'min_precision'").
                if !removed.contains(where: { error.message.contains("'\($0)'") }) { errors.append(error) }
                removed.insert(key)
                guard let next = try? reader.removing([key]) else { return nil }
                reader = next
            }
        }
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
            for (_, expression) in found { for read in expression.paths { referenced.insert(read.path[0]) } }
            if found.count == 1, found[0].range == trimmed.startIndex..<trimmed.endIndex, found[0].expression.format == nil {
                return ParamValue(.resolved(try scope.resolve(found[0].expression)), at: value.location)
            }
            for (_, expression) in try InlineExpression.scan(Substring(text), origin: value.location) { for read in expression.paths { referenced.insert(read.path[0]) } }
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
