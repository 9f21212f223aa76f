/// The directives a render knows, by name. `DirectiveRegistry.standard` holds folio's
/// catalogue; tests and embedders can register their own.
public struct DirectiveRegistry: Sendable {
    private var types: [String: any Directive.Type] = [:]

    public init(_ types: [any Directive.Type] = []) {
        for type in types { register(type) }
    }

    public mutating func register(_ type: any Directive.Type) {
        types[type.name] = type
    }

    public subscript(name: String) -> (any Directive.Type)? { types[name] }

    /// Names in alphabetical order.
    public var names: [String] { types.keys.sorted() }
}
