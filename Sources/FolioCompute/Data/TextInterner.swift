/// Dictionary encoding of byte strings: each distinct string gets the next code, in order
/// of first appearance. Keys are hashed and compared as bytes, so no `String` is made per
/// cell; level bytes are copied once into an arena.
///
/// Open addressing with linear probing, table kept at most half full.
struct TextInterner {
    private(set) var arena: [UInt8] = []
    private(set) var starts: [Int] = []
    private(set) var lengths: [Int] = []
    private var hashes: [UInt64] = []
    private var table: [Int32]
    private var mask: Int
    /// The last code returned, to skip hashing when a cell repeats the previous one.
    private var lastCode: Int32 = -1

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { starts.count }

    /// The code of `bytes[0..<length]`, adding it when new.
    @inline(__always)
    mutating func intern(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> Int32 {
        if lastCode >= 0 && lengths[Int(lastCode)] == length && equalsLevel(Int(lastCode), bytes, length) {
            return lastCode
        }
        let hash = Self.hash(bytes, length)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let code = table[slot]
            if code < 0 { break }
            let k = Int(code)
            if hashes[k] == hash && lengths[k] == length && equalsLevel(k, bytes, length) {
                lastCode = code
                return code
            }
            slot = (slot + 1) & mask
        }
        let code = Int32(starts.count)
        starts.append(arena.count)
        lengths.append(length)
        hashes.append(hash)
        arena.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
        table[slot] = code
        if starts.count * 2 > table.count { grow() }
        lastCode = code
        return code
    }

    /// The bytes of level `code`.
    func withLevel<R>(_ code: Int, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        arena.withUnsafeBufferPointer { arena in
            let base = arena.baseAddress ?? UnsafePointer(bitPattern: 1)!
            return body(base + starts[code], lengths[code])
        }
    }

    /// Every level as a `String` (invalid UTF-8 is repaired with U+FFFD).
    func levelStrings() -> [String] {
        arena.withUnsafeBufferPointer { arena in
            (0..<starts.count).map { k in
                String(decoding: UnsafeBufferPointer(rebasing: arena[starts[k]..<starts[k] + lengths[k]]), as: UTF8.self)
            }
        }
    }

    @inline(__always)
    private func equalsLevel(_ k: Int, _ bytes: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        if length == 0 { return true }
        return arena.withUnsafeBufferPointer { arena in
            memcmp(arena.baseAddress! + starts[k], bytes, length) == 0
        }
    }

    private mutating func grow() {
        let size = table.count * 2
        table = [Int32](repeating: -1, count: size)
        mask = size - 1
        for k in 0..<starts.count {
            var slot = Int(truncatingIfNeeded: hashes[k]) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(k)
        }
    }

    /// 64-bit hash of a short byte string: 8 bytes at a time, multiply-xorshift mixing.
    @inline(__always)
    static func hash(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(length)
        var i = 0
        let raw = UnsafeRawPointer(bytes)
        while i + 8 <= length {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        if i < length {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < length {
                word |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ word) &* 0x94D0_49BB_1331_11EB
            h ^= h >> 31
        }
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
