// libFuzzer harness: a format spec (the first line) and numbers (the rest: decimal text,
// and the raw bytes read as IEEE doubles) through `ValueFormat`, as `{{ x | spec }}` does.
import FolioNotebook

private let edgeValues: [Double] = [0, -0.0, 1, -1, 0.5, 1e15, -1e15, 1e300, -1e300, .greatestFiniteMagnitude,
                                    .leastNonzeroMagnitude, .infinity, -.infinity, .nan, 999.9995, 123456789.123]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormat(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)
    let spec = text.prefix(while: { $0 != "\n" })
    guard let format = ValueFormat(String(spec)) else { return 0 }
    var values = edgeValues
    for word in text.dropFirst(spec.count).split(whereSeparator: \.isWhitespace) {
        if let x = Double(word) { values.append(x) }
    }
    var k = 0
    while k + 8 <= size {
        var bits: UInt64 = 0
        for j in 0..<8 { bits |= UInt64(bytes[k + j]) << (8 * j) }
        values.append(Double(bitPattern: bits))
        k += 8
    }
    for x in values {
        let out = format.format(x)
        precondition(!out.isEmpty, "empty output for \(x) with '\(spec)'")
        _ = JSONValue.number(x).inlineText(format: format)
    }
    return 0
}
