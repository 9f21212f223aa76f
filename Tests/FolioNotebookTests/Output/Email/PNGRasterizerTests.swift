import Foundation
import Testing
@testable import FolioNotebook

/// librsvg through `CRsvg`: a PNG of the SVG's size times the scale, on white.
@Suite struct PNGRasterizerTests {
    static let svg = """
    <svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" viewBox="0 0 120 80">
      <rect x="10" y="10" width="50" height="30" fill="#0969da"/>
      <text x="10" y="70" font-size="12">ROC 0.61</text>
    </svg>
    """

    /// Width and height from the IHDR chunk, which follows the 8-byte signature.
    static func dimensions(_ png: Data) -> (Int, Int) {
        let bytes = Array(png)
        func be32(_ at: Int) -> Int { bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    @Test(arguments: [1.0, 2.0])
    func writesAPNGOfTheScaledSize(scale: Double) throws {
        let image = try PNGRasterizer(scale: scale).png(fromSVG: Self.svg)
        #expect(Array(image.png.prefix(8)) == Self.signature)
        #expect(String(decoding: image.png[12..<16], as: UTF8.self) == "IHDR")
        let (width, height) = Self.dimensions(image.png)
        #expect(width == Int(120 * scale) && height == Int(80 * scale))
        #expect(image.pixelWidth == width && image.pixelHeight == height)
        #expect(image.width == 120 && image.height == 80)
    }

    @Test func sameSVGSameBytes() throws {
        #expect(try PNGRasterizer().png(fromSVG: Self.svg) == PNGRasterizer().png(fromSVG: Self.svg))
    }

    @Test func aViewBoxAloneGivesTheSize() throws {
        let image = try PNGRasterizer(scale: 1).png(fromSVG: "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 30 20\"><rect width=\"30\" height=\"20\"/></svg>")
        #expect(Self.dimensions(image.png) == (30, 20))
    }

    @Test func refusesWhatIsNotAnSVGOrTooLarge() {
        #expect(throws: PNGRasterizer.Failure.self) { try PNGRasterizer().png(fromSVG: "not svg at all") }
        #expect(throws: PNGRasterizer.Failure.self) {
            try PNGRasterizer(scale: 1, maxPixels: 100).png(fromSVG: Self.svg)
        }
        // A size past Int's range is refused, not trapped on.
        #expect(throws: PNGRasterizer.Failure.self) {
            try PNGRasterizer().png(fromSVG: #"<svg xmlns="http://www.w3.org/2000/svg" width="1e30" height="1e30"></svg>"#)
        }
    }
}
