/// The 64-bit FNV-1a hash, used to derive element ids from a chart's content so that
/// two charts inlined in one HTML page never share an id, and one chart always gets
/// the same ids.
enum FNV1a {
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// The hash of the UTF-8 bytes of `string`.
    ///
    /// Complexity: O(n) in the UTF-8 length.
    static func hash(_ string: String) -> UInt64 {
        var hash = offsetBasis
        for byte in string.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* prime
        }
        return hash
    }

    /// `hash(string)` as 16 lowercase hexadecimal digits.
    static func hex(_ string: String) -> String {
        let value = String(hash(string), radix: 16)
        return String(repeating: "0", count: 16 - value.count) + value
    }
}
