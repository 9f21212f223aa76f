extension ClaimExpression {
    /// Reads the value at a result path; throws a `ClaimError` (at the component that does
    /// not resolve) when there is none.
    public typealias Resolver = (_ path: [String], _ offsets: [Int]) throws(ClaimError) -> JSONValue

    /// The value of the expression, and every path it read with the value found there (in
    /// order of appearance, each once). Both sides of `and`/`or` are evaluated, so that a
    /// wrong path is reported wherever it is.
    ///
    /// - Throws: `ClaimError` for an unresolvable path, a type mismatch (`'a' + 1`, a number
    ///   compared with a string, `not 3`), a null in arithmetic, or a division by zero.
    public func evaluate(_ resolve: Resolver) throws(ClaimError) -> (value: JSONValue, values: [(path: String, value: JSONValue)]) {
        var read: [(path: String, value: JSONValue)] = []
        let value = try evaluate(resolve, read: &read)
        return (value, read)
    }

    private func evaluate(_ resolve: Resolver, read: inout [(path: String, value: JSONValue)]) throws(ClaimError) -> JSONValue {
        switch self {
        case .literal(let value, _):
            return value
        case .path(let components, let offsets):
            let value = try resolve(components, offsets)
            let name = ClaimExpression.pathText(components)
            if !read.contains(where: { $0.path == name }) { read.append((name, value)) }
            return value
        case .unary(let op, let operand, let offset):
            let value = try operand.evaluate(resolve, read: &read)
            if op == "not" {
                guard case .bool(let b) = value else { throw ClaimExpression.mismatch("'not' needs true or false", value, at: offset) }
                return .bool(!b)
            }
            return .number(-(try ClaimExpression.number(value, for: "'-'", at: operand.offset)))
        case .binary(let op, let left, let right, let offset):
            let a = try left.evaluate(resolve, read: &read)
            let b = try right.evaluate(resolve, read: &read)
            switch op {
            case "and", "or":
                guard case .bool(let x) = a else { throw ClaimExpression.mismatch("'\(op)' needs true or false on its left", a, at: left.offset) }
                guard case .bool(let y) = b else { throw ClaimExpression.mismatch("'\(op)' needs true or false on its right", b, at: right.offset) }
                return .bool(op == "and" ? x && y : x || y)
            case "==": return .bool(ClaimExpression.equal(a, b))
            case "!=": return .bool(!ClaimExpression.equal(a, b))
            case "<", "<=", ">", ">=":
                let order: Int
                switch (a, b) {
                case (.number(let x), .number(let y)): order = x < y ? -1 : (x > y ? 1 : 0)
                case (.string(let x), .string(let y)): order = x < y ? -1 : (x > y ? 1 : 0)
                default:
                    throw ClaimError("'\(op)' compares two numbers or two strings, not \(ClaimExpression.kind(a)) and \(ClaimExpression.kind(b))", at: offset)
                }
                switch op {
                case "<": return .bool(order < 0)
                case "<=": return .bool(order <= 0)
                case ">": return .bool(order > 0)
                default: return .bool(order >= 0)
                }
            default:
                let x = try ClaimExpression.number(a, for: "'\(op)'", at: left.offset)
                let y = try ClaimExpression.number(b, for: "'\(op)'", at: right.offset)
                switch op {
                case "+": return .number(x + y)
                case "-": return .number(x - y)
                case "*": return .number(x * y)
                default:
                    guard y != 0 else { throw ClaimError("division by zero", at: right.offset) }
                    return .number(x / y)
                }
            }
        case .call(let name, let arguments, let offset):
            var values: [JSONValue] = []
            for argument in arguments { values.append(try argument.evaluate(resolve, read: &read)) }
            switch name {
            case "abs":
                guard values.count == 1 else { throw ClaimError("abs() takes one number", at: offset) }
                return .number(abs(try ClaimExpression.number(values[0], for: "abs()", at: arguments[0].offset)))
            case "len":
                guard values.count == 1 else { throw ClaimError("len() takes one list, object or string", at: offset) }
                switch values[0] {
                case .array(let items): return .number(Double(items.count))
                case .object(let object): return .number(Double(object.keys.count))
                case .string(let s): return .number(Double(s.count))
                default: throw ClaimExpression.mismatch("len() takes a list, object or string", values[0], at: arguments[0].offset)
                }
            default:
                // min / max: several numbers, or one list of numbers.
                var numbers: [Double] = []
                if values.count == 1, case .array(let items) = values[0] {
                    for item in items { numbers.append(try ClaimExpression.number(item, for: "\(name)()", at: arguments[0].offset)) }
                } else {
                    for (value, argument) in zip(values, arguments) {
                        numbers.append(try ClaimExpression.number(value, for: "\(name)()", at: argument.offset))
                    }
                }
                guard let result = name == "min" ? numbers.min() : numbers.max() else {
                    throw ClaimError("\(name)() of nothing: give numbers or a non-empty list", at: offset)
                }
                return .number(result)
            }
        }
    }

    /// `a.b[3].c` as written back for messages and tables.
    static func pathText(_ components: [String]) -> String {
        var out = components[0]
        for component in components.dropFirst() {
            out += component.allSatisfy(\.isNumber) ? "[\(component)]" : ".\(component)"
        }
        return out
    }

    static func number(_ value: JSONValue, for what: String, at offset: Int) throws(ClaimError) -> Double {
        if case .number(let x) = value { return x }
        if case .null = value { throw ClaimError("\(what) got null (no value: a metric that could not be computed?)", at: offset) }
        throw mismatch("\(what) needs a number", value, at: offset)
    }

    static func mismatch(_ message: String, _ value: JSONValue, at offset: Int) -> ClaimError {
        ClaimError("\(message), got \(kind(value)) \(value.compact().prefix(40))", at: offset)
    }

    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x == y
        default: return a == b
        }
    }
}
