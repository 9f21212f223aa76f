/// A parsed claim: `full.models.mlp.return_pct < 0 and cheap.best.return_pct < 0`.
///
/// The language: numbers, strings (`'x'` or `"x"`), `true`, `false`, `null`; result paths
/// (`sweep.table[3].f1`, `sweep.table.3.f1`); `+ - * /`; comparisons `< <= > >= == !=`
/// (not chained); `and`, `or`, `not`; functions `abs(x)`, `min(x, ...)`, `max(x, ...)`
/// (several numbers or one list), `len(x)` (list, object or string). Precedence, lowest
/// first: `or`, `and`, `not`, comparison, `+ -`, `* /`, unary `-`.
public indirect enum ClaimExpression: Sendable, Equatable {
    case literal(JSONValue, offset: Int)
    /// A result path: components (names, or indices as decimal text) and the offset of each.
    case path([String], offsets: [Int])
    case unary(String, ClaimExpression, offset: Int)
    case binary(String, ClaimExpression, ClaimExpression, offset: Int)
    case call(String, [ClaimExpression], offset: Int)

    /// Where the expression starts in the text (UTF-8 bytes).
    public var offset: Int {
        switch self {
        case .literal(_, let offset), .unary(_, _, let offset), .call(_, _, let offset): return offset
        case .path(_, let offsets): return offsets[0]
        case .binary(_, let left, _, _): return left.offset
        }
    }

    /// Every path the expression reads, in order of appearance.
    public var paths: [(path: [String], offset: Int)] {
        switch self {
        case .literal: return []
        case .path(let components, let offsets): return [(components, offsets[0])]
        case .unary(_, let operand, _): return operand.paths
        case .binary(_, let left, let right, _): return left.paths + right.paths
        case .call(_, let arguments, _): return arguments.flatMap(\.paths)
        }
    }

    static let functions = ["abs", "min", "max", "len"]
    /// The longest expression, in tokens, and the deepest nesting of parentheses, calls and
    /// unary operators: a notebook is shared text, and evaluation recurses over the tree, so
    /// a hostile `((((…` or `1+1+1…` must fail to parse instead of exhausting a thread's stack.
    static let maximumTokens = 500
    static let maximumNesting = 64
    static let keywords: Set<String> = ["and", "or", "not", "true", "false", "null"]

    /// Parses `text`.
    /// - Throws: `ClaimError` at the offending character.
    public init(parsing text: String) throws(ClaimError) {
        let tokens = try ClaimLexer.tokens(text)
        guard tokens.count <= ClaimExpression.maximumTokens + 1 else {
            throw ClaimError("the expression is too long (more than \(ClaimExpression.maximumTokens) tokens): split it into several claims", at: tokens[ClaimExpression.maximumTokens].offset)
        }
        var parser = Parser(tokens: tokens)
        guard parser.peek.kind != .end else { throw ClaimError("empty expression", at: 0) }
        self = try parser.orExpression()
        guard parser.peek.kind == .end else {
            throw ClaimError("unexpected \(parser.describe(parser.peek)) after a complete expression", at: parser.peek.offset)
        }
    }

    /// A recursive-descent parser over the tokens.
    struct Parser {
        var tokens: [ClaimToken]
        var index = 0
        /// How many parentheses, calls and unary operators enclose the current position.
        var nesting = 0

        /// Runs `body` one nesting level deeper; throws past ``ClaimExpression/maximumNesting``.
        mutating func nested(at offset: Int, _ body: (inout Parser) throws(ClaimError) -> ClaimExpression) throws(ClaimError) -> ClaimExpression {
            guard nesting < ClaimExpression.maximumNesting else {
                throw ClaimError("nested more than \(ClaimExpression.maximumNesting) levels deep", at: offset)
            }
            nesting += 1
            defer { nesting -= 1 }
            return try body(&self)
        }

        var peek: ClaimToken { tokens[index] }

        mutating func next() -> ClaimToken {
            let token = tokens[index]
            if index < tokens.count - 1 { index += 1 }
            return token
        }

        func describe(_ token: ClaimToken) -> String {
            switch token.kind {
            case .number(let x): return "number \(JSONValue.format(x))"
            case .string(let s): return "string '\(s)'"
            case .name(let n): return "'\(n)'"
            case .symbol(let s): return "'\(s)'"
            case .end: return "end of expression"
            }
        }

        func isName(_ token: ClaimToken, _ name: String) -> Bool { token.kind == .name(name) }
        func isSymbol(_ token: ClaimToken, _ symbol: String) -> Bool { token.kind == .symbol(symbol) }

        mutating func orExpression() throws(ClaimError) -> ClaimExpression {
            var left = try andExpression()
            while isName(peek, "or") {
                let op = next()
                left = .binary("or", left, try andExpression(), offset: op.offset)
            }
            return left
        }

        mutating func andExpression() throws(ClaimError) -> ClaimExpression {
            var left = try notExpression()
            while isName(peek, "and") {
                let op = next()
                left = .binary("and", left, try notExpression(), offset: op.offset)
            }
            return left
        }

        mutating func notExpression() throws(ClaimError) -> ClaimExpression {
            if isName(peek, "not") {
                let op = next()
                return .unary("not", try nested(at: op.offset) { (p: inout Parser) throws(ClaimError) in try p.notExpression() }, offset: op.offset)
            }
            return try comparison()
        }

        mutating func comparison() throws(ClaimError) -> ClaimExpression {
            let left = try additive()
            guard case .symbol(let s) = peek.kind, ["<", "<=", ">", ">=", "==", "!="].contains(s) else { return left }
            let op = next()
            let right = try additive()
            if case .symbol(let t) = peek.kind, ["<", "<=", ">", ">=", "==", "!="].contains(t) {
                throw ClaimError("comparisons do not chain: write 'a < b and b < c'", at: peek.offset)
            }
            return .binary(s, left, right, offset: op.offset)
        }

        mutating func additive() throws(ClaimError) -> ClaimExpression {
            var left = try multiplicative()
            while case .symbol(let s) = peek.kind, s == "+" || s == "-" {
                let op = next()
                left = .binary(s, left, try multiplicative(), offset: op.offset)
            }
            return left
        }

        mutating func multiplicative() throws(ClaimError) -> ClaimExpression {
            var left = try unary()
            while case .symbol(let s) = peek.kind, s == "*" || s == "/" {
                let op = next()
                left = .binary(s, left, try unary(), offset: op.offset)
            }
            return left
        }

        mutating func unary() throws(ClaimError) -> ClaimExpression {
            if isSymbol(peek, "-") {
                let op = next()
                return .unary("-", try nested(at: op.offset) { (p: inout Parser) throws(ClaimError) in try p.unary() }, offset: op.offset)
            }
            return try primary()
        }

        mutating func primary() throws(ClaimError) -> ClaimExpression {
            let token = next()
            switch token.kind {
            case .number(let x): return .literal(.number(x), offset: token.offset)
            case .string(let s): return .literal(.string(s), offset: token.offset)
            case .symbol("("):
                let inner = try nested(at: token.offset) { (p: inout Parser) throws(ClaimError) in try p.orExpression() }
                guard isSymbol(peek, ")") else { throw ClaimError("expected ')' to close the '(' at character \(token.offset + 1)", at: peek.offset) }
                _ = next()
                return inner
            case .name(let name):
                switch name {
                case "true": return .literal(.bool(true), offset: token.offset)
                case "false": return .literal(.bool(false), offset: token.offset)
                case "null": return .literal(.null, offset: token.offset)
                case "and", "or", "not": throw ClaimError("'\(name)' needs a value before it", at: token.offset)
                default: break
                }
                if isSymbol(peek, "(") {
                    guard ClaimExpression.functions.contains(name) else {
                        throw ClaimError("unknown function '\(name)'\(Suggestion.hint(for: name, in: ClaimExpression.functions)); functions: \(ClaimExpression.functions.joined(separator: ", "))", at: token.offset)
                    }
                    _ = next()
                    var arguments: [ClaimExpression] = []
                    if !isSymbol(peek, ")") {
                        let argument = { (p: inout Parser) throws(ClaimError) in try p.orExpression() }
                        arguments.append(try nested(at: token.offset, argument))
                        while isSymbol(peek, ",") { _ = next(); arguments.append(try nested(at: token.offset, argument)) }
                    }
                    guard isSymbol(peek, ")") else { throw ClaimError("expected ',' or ')' in the arguments of \(name)()", at: peek.offset) }
                    _ = next()
                    return .call(name, arguments, offset: token.offset)
                }
                return try path(startingWith: name, at: token.offset)
            default:
                throw ClaimError("expected a value, found \(describe(token))", at: token.offset)
            }
        }

        mutating func path(startingWith head: String, at offset: Int) throws(ClaimError) -> ClaimExpression {
            var components = [head]
            var offsets = [offset]
            while true {
                if isSymbol(peek, ".") {
                    _ = next()
                    let component = next()
                    guard case .name(let name) = component.kind else {
                        throw ClaimError("expected a key after '.', found \(describe(component))", at: component.offset)
                    }
                    components.append(name)
                    offsets.append(component.offset)
                } else if isSymbol(peek, "[") {
                    let open = next()
                    let index = next()
                    guard case .number(let x) = index.kind, x >= 0, x == x.rounded(), x < 1e9 else {
                        throw ClaimError("expected a list index (0, 1, ...) after '['", at: index.offset)
                    }
                    guard isSymbol(peek, "]") else { throw ClaimError("expected ']' to close the '[' at character \(open.offset + 1)", at: peek.offset) }
                    _ = next()
                    components.append(String(Int(x)))
                    offsets.append(index.offset)
                } else {
                    return .path(components, offsets: offsets)
                }
            }
        }
    }
}
