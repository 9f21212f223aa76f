import Foundation
import SwiftProtobuf

extension ONNXModel {
    /// The element types listed in messages about unsupported ones.
    static let supportedTypeNames = ElementType.allCases.map(\.description).joined(separator: ", ")

    /// Parses `ModelProto` bytes and copies them into value types.
    static func decode(_ bytes: Data, path: String?) throws(ModelError) -> ONNXModel {
        let proto: Onnx_ModelProto
        do {
            proto = try Onnx_ModelProto(serializedBytes: bytes)
        } catch {
            throw ModelError(.malformed, "not an ONNX model (\(bytes.count) bytes that do not parse as a ModelProto: \(describe(error)))")
        }
        guard proto.hasGraph, proto.irVersion > 0 else {
            throw ModelError(
                .malformed,
                "not an ONNX model (\(bytes.count) bytes; no \(proto.hasGraph ? "ir_version" : "graph") in them)")
        }
        let graph = proto.graph
        guard !graph.node.isEmpty, !graph.output.isEmpty else {
            throw ModelError(.malformed, "the model's graph has \(graph.node.isEmpty ? "no nodes" : "no outputs") (a truncated file?)")
        }
        if !graph.sparseInitializer.isEmpty {
            throw ModelError(.unsupported, "the model has sparse initializers, which folio does not read")
        }

        var initializers: [String: Tensor] = [:]
        for tensor in graph.initializer {
            initializers[tensor.name] = try decodeTensor(tensor, role: "initializer \"\(tensor.name)\"")
        }
        var opsets: [String: Int] = [:]
        for entry in proto.opsetImport { opsets[entry.domain] = Int(entry.version) }

        let inputs = graph.input.filter { initializers[$0.name] == nil }.map(decodeValueInfo)
        let outputs = graph.output.map(decodeValueInfo)
        var nodes: [Node] = []
        for (index, node) in graph.node.enumerated() {
            let name = node.name.isEmpty ? "#\(index)" : node.name
            var attributes: [String: Attribute] = [:]
            for attribute in node.attribute {
                attributes[attribute.name] = try decodeAttribute(attribute, node: name, opType: node.opType)
            }
            nodes.append(
                Node(
                    name: name, opType: node.opType, domain: node.domain, inputs: node.input,
                    outputs: node.output, attributes: attributes))
        }
        var metadata: [String: String] = [:]
        for entry in proto.metadataProps { metadata[entry.key] = entry.value }

        var model = ONNXModel(
            inputs: inputs, outputs: outputs, initializers: initializers, nodes: nodes,
            opsetImports: opsets, metadata: metadata, path: path)
        model.irVersion = Int(proto.irVersion)
        model.producer = [proto.producerName, proto.producerVersion].filter { !$0.isEmpty }.joined(separator: " ")
        return model
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? SwiftProtobuf.BinaryDecodingError {
            switch error {
            case .truncated: return "truncated"
            case .malformedProtobuf: return "malformed protobuf"
            case .invalidUTF8: return "invalid UTF-8 in a string"
            default: return "\(error)"
            }
        }
        return "\(error)"
    }

    static func decodeValueInfo(_ info: Onnx_ValueInfoProto) -> ValueInfo {
        guard case .tensorType(let tensor)? = info.type.value else {
            return ValueInfo(name: info.name, elementTypeCode: 0, shape: nil)
        }
        let shape: [ValueInfo.Dimension]? =
            tensor.hasShape
            ? tensor.shape.dim.map { dim in
                switch dim.value {
                case .dimValue(let size)?: .fixed(Int(size))
                case .dimParam(let name)?: name.isEmpty ? .unknown : .symbolic(name)
                case nil: .unknown
                }
            } : nil
        return ValueInfo(name: info.name, elementTypeCode: tensor.elemType, shape: shape)
    }

    /// Copies a `TensorProto`'s data: `raw_data` (little-endian) or the typed fields.
    static func decodeTensor(_ proto: Onnx_TensorProto, role: String) throws(ModelError) -> Tensor {
        if proto.dataLocation == .external || !proto.externalData.isEmpty {
            let location = proto.externalData.first { $0.key == "location" }?.value ?? "another file"
            throw ModelError(
                .unsupported,
                "\(role) keeps its data in an external file (\(location)); folio reads models whose weights are inside "
                    + "the .onnx file: save it with onnx.save_model(model, path, save_as_external_data=False)")
        }
        if proto.hasSegment {
            throw ModelError(.unsupported, "\(role) is a segment of a larger tensor, which folio does not read")
        }
        var shape: [Int] = []
        for dim in proto.dims {
            guard dim >= 0 else { throw ModelError(.malformed, "\(role) has a negative dimension \(dim)") }
            shape.append(Int(dim))
        }
        guard let count = checkedProduct(shape), count <= 1 << 40 else {
            throw ModelError(.malformed, "\(role) has an impossible shape \(shape)")
        }
        guard let type = ElementType(rawValue: proto.dataType) else {
            throw ModelError(
                .unsupported,
                "\(role) has element type \(ElementType.onnxName(of: proto.dataType)); folio supports \(supportedTypeNames)")
        }
        let raw = proto.rawData
        func check(_ found: Int, _ field: String) throws(ModelError) {
            guard found == count else {
                throw ModelError(.malformed, "\(role) has shape \(shape) (\(count) elements) but \(found) in \(field)")
            }
        }
        let storage: Tensor.Storage
        switch type {
        case .float:
            if proto.hasRawData {
                try check(raw.count / 4, "raw_data")
                storage = .float(littleEndian(raw, count: count, as: UInt32.self).map { Float(bitPattern: $0) })
            } else {
                try check(proto.floatData.count, "float_data")
                storage = .float(proto.floatData)
            }
        case .double:
            if proto.hasRawData {
                try check(raw.count / 8, "raw_data")
                storage = .double(littleEndian(raw, count: count, as: UInt64.self).map { Double(bitPattern: $0) })
            } else {
                try check(proto.doubleData.count, "double_data")
                storage = .double(proto.doubleData)
            }
        case .int64:
            if proto.hasRawData {
                try check(raw.count / 8, "raw_data")
                storage = .int64(littleEndian(raw, count: count, as: UInt64.self).map { Int64(bitPattern: $0) })
            } else {
                try check(proto.int64Data.count, "int64_data")
                storage = .int64(proto.int64Data)
            }
        case .int32:
            if proto.hasRawData {
                try check(raw.count / 4, "raw_data")
                storage = .int32(littleEndian(raw, count: count, as: UInt32.self).map { Int32(bitPattern: $0) })
            } else {
                try check(proto.int32Data.count, "int32_data")
                storage = .int32(proto.int32Data)
            }
        case .bool:
            if proto.hasRawData {
                try check(raw.count, "raw_data")
                storage = .bool(raw.map { $0 != 0 })
            } else {
                try check(proto.int32Data.count, "int32_data")
                storage = .bool(proto.int32Data.map { $0 != 0 })
            }
        }
        return Tensor(shape: shape, storage: storage)
    }

    /// `count` little-endian integers of type `T` from the start of `bytes`.
    private static func littleEndian<T: FixedWidthInteger>(_ bytes: Data, count: Int, as: T.Type) -> [T] {
        bytes.withUnsafeBytes { buffer in
            (0..<count).map { T(littleEndian: buffer.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
        }
    }

    static func decodeAttribute(_ proto: Onnx_AttributeProto, node: String, opType: String) throws(ModelError) -> Attribute {
        var type = proto.type
        if type == .undefined {
            // Old files leave the type out; the field that is set tells it.
            if proto.hasF { type = .float }
            else if proto.hasI { type = .int }
            else if proto.hasS { type = .string }
            else if proto.hasT { type = .tensor }
            else if !proto.floats.isEmpty { type = .floats }
            else if !proto.ints.isEmpty { type = .ints }
            else if !proto.strings.isEmpty { type = .strings }
        }
        switch type {
        case .float: return .float(proto.f)
        case .int: return .int(Int(proto.i))
        case .string: return .string(String(decoding: proto.s, as: UTF8.self))
        case .floats: return .floats(proto.floats)
        case .ints: return .ints(proto.ints.map { Int($0) })
        case .strings: return .strings(proto.strings.map { String(decoding: $0, as: UTF8.self) })
        case .tensor:
            do {
                return .tensor(try decodeTensor(proto.t, role: "attribute \(proto.name)"))
            } catch {
                throw ModelError(error.kind, error.message, node: node, opType: opType)
            }
        default:
            return .unsupported("\(type)")
        }
    }
}
