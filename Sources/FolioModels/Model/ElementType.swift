/// The element types folio's engine computes with, by their ONNX `TensorProto.DataType`
/// codes. Any other type in a model is a `ModelError.Kind.unsupported` error.
public enum ElementType: Int32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// 32-bit IEEE float (`FLOAT`), the type of every weight and activation.
    case float = 1
    /// 32-bit signed integer (`INT32`).
    case int32 = 6
    /// 64-bit signed integer (`INT64`): shapes, axes, indices.
    case int64 = 7
    /// Boolean (`BOOL`), as Dropout's mask.
    case bool = 9
    /// 64-bit IEEE float (`DOUBLE`).
    case double = 11

    /// The ONNX name: `float`, `int64`, ...
    public var description: String {
        switch self {
        case .float: "float"
        case .int32: "int32"
        case .int64: "int64"
        case .bool: "bool"
        case .double: "double"
        }
    }

    /// The ONNX name of any `TensorProto.DataType` code, for error messages.
    static func onnxName(of code: Int32) -> String {
        let names: [Int32: String] = [
            0: "undefined", 1: "float", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32",
            7: "int64", 8: "string", 9: "bool", 10: "float16", 11: "double", 12: "uint32",
            13: "uint64", 14: "complex64", 15: "complex128", 16: "bfloat16",
        ]
        return names[code] ?? "type \(code)"
    }
}
