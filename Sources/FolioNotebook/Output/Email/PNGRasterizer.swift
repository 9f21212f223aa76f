import Foundation

/// Rasterises an SVG figure to PNG with librsvg and cairo (Debian's `librsvg2-2`, opened
/// when first needed: `Rsvg`), for mail readers that do not show SVG.
///
/// The picture is drawn on an opaque white background (a transparent chart would vanish in
/// a dark mail reader) at `scale` device pixels per SVG pixel. librsvg is given the SVG as
/// bytes with no base location, so it loads no other file. The same SVG, fonts and library
/// versions give the same PNG bytes (cairo writes no time stamp).
public struct PNGRasterizer: Sendable {
    /// Device pixels per SVG pixel (2 keeps text sharp on high-density screens).
    public var scale: Double
    /// The largest image drawn, in pixels (width times height); larger figures are refused.
    public var maxPixels: Int

    /// A rasterised figure: PNG bytes and the image's size in pixels, and the size the SVG
    /// asks for (CSS pixels), for `width`/`height` in HTML.
    public struct Image: Sendable, Equatable {
        public var png: Data
        public var pixelWidth: Int
        public var pixelHeight: Int
        public var width: Int
        public var height: Int
    }

    /// Why an SVG could not be rasterised.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(scale: Double = 2, maxPixels: Int = 25_000_000) {
        self.scale = scale
        self.maxPixels = maxPixels
    }

    /// `svg` drawn as a PNG.
    ///
    /// - Throws: `Failure` when librsvg cannot read the SVG, it has no size, the image
    ///   would be larger than `maxPixels`, or cairo fails.
    public func png(fromSVG svg: String) throws(Failure) -> Image {
        let lib = try Rsvg.shared.get()
        let bytes = Array(svg.utf8)
        var error: UnsafeMutableRawPointer?
        guard let handle = bytes.withUnsafeBufferPointer({ lib.handleNewFromData($0.baseAddress, $0.count, &error) }) else {
            throw Failure(description: "librsvg cannot read the SVG: \(Self.message(error, lib))")
        }
        defer { lib.objectUnref(handle) }
        var width = 0.0, height = 0.0
        if lib.intrinsicSizeInPixels(handle, &width, &height) == 0 {
            // Only a viewBox: its size, as browsers do for an image without width and height.
            var hasViewBox: Int32 = 0
            var viewBox: Rsvg.Rectangle = (0, 0, 0, 0)
            withUnsafeMutableBytes(of: &viewBox) { lib.intrinsicDimensions(handle, nil, nil, nil, nil, &hasViewBox, $0.baseAddress) }
            guard hasViewBox != 0 else { throw Failure(description: "the SVG has neither a width and height nor a viewBox") }
            width = viewBox.width
            height = viewBox.height
        }
        guard width.isFinite, height.isFinite, width >= 1, height >= 1 else {
            throw Failure(description: "the SVG's size \(width) x \(height) is empty")
        }
        // Checked in Double first: `Int(1e30)` traps.
        guard (width * scale).rounded(.up) * (height * scale).rounded(.up) <= Double(maxPixels) else {
            throw Failure(description: "the SVG is \(width.rounded()) x \(height.rounded()) pixels, too large to rasterise at scale \(scale)")
        }
        let pixelWidth = Int((width * scale).rounded(.up)), pixelHeight = Int((height * scale).rounded(.up))
        guard let surface = lib.imageSurfaceCreate(Rsvg.formatARGB32, Int32(pixelWidth), Int32(pixelHeight)) else {
            throw Failure(description: "cairo cannot create a \(pixelWidth) x \(pixelHeight) image")
        }
        defer { lib.surfaceDestroy(surface) }
        guard lib.surfaceStatus(surface) == Rsvg.statusSuccess, let cr = lib.create(surface) else {
            throw Failure(description: "cairo cannot create a \(pixelWidth) x \(pixelHeight) image: \(Self.status(lib.surfaceStatus(surface), lib))")
        }
        defer { lib.destroy(cr) }
        lib.setSourceRGB(cr, 1, 1, 1)
        lib.paint(cr)
        let viewport: Rsvg.Rectangle = (0, 0, Double(pixelWidth), Double(pixelHeight))
        let drawn = withUnsafeBytes(of: viewport) { lib.renderDocument(handle, cr, $0.baseAddress, &error) }
        guard drawn != 0 else {
            throw Failure(description: "librsvg cannot draw the SVG: \(Self.message(error, lib))")
        }
        lib.surfaceFlush(surface)
        let sink = PNGSink()
        let status = lib.writeToPNGStream(surface, { closure, data, length in
            guard let closure, let data else { return Rsvg.statusWriteError }
            Unmanaged<PNGSink>.fromOpaque(closure).takeUnretainedValue().data.append(data, count: Int(length))
            return Rsvg.statusSuccess
        }, Unmanaged.passUnretained(sink).toOpaque())
        guard status == Rsvg.statusSuccess else {
            throw Failure(description: "cairo cannot write the PNG: \(Self.status(status, lib))")
        }
        return Image(png: sink.data, pixelWidth: pixelWidth, pixelHeight: pixelHeight,
                     width: Int(width.rounded()), height: Int(height.rounded()))
    }

    /// A GError's message, freeing it.
    private static func message(_ error: UnsafeMutableRawPointer?, _ lib: Rsvg) -> String {
        guard let error else { return "unknown error" }
        defer { lib.errorFree(error) }
        let message = error.load(fromByteOffset: Rsvg.errorMessageOffset, as: UnsafeMutablePointer<CChar>?.self)
        return message.map { String(cString: $0) } ?? "unknown error"
    }

    /// cairo's description of a status.
    private static func status(_ status: Int32, _ lib: Rsvg) -> String {
        lib.statusToString(status).map { String(cString: $0) } ?? "status \(status)"
    }
}

/// Collects the bytes cairo's PNG writer hands over.
private final class PNGSink {
    var data = Data()
}
