internal import CRsvg
import Foundation

/// Rasterises an SVG figure to PNG with librsvg and cairo (Debian's `librsvg2-dev`, the
/// `CRsvg` system library), for mail readers that do not show SVG.
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
        let bytes = Array(svg.utf8)
        var error: UnsafeMutablePointer<GError>?
        guard let handle = bytes.withUnsafeBufferPointer({ rsvg_handle_new_from_data($0.baseAddress, gsize($0.count), &error) }) else {
            throw Failure(description: "librsvg cannot read the SVG: \(Self.message(error))")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(handle)) }
        var width = 0.0, height = 0.0
        if rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height) == 0 {
            // Only a viewBox: its size, as browsers do for an image without width and height.
            var hasViewBox: gboolean = 0
            var viewBox = RsvgRectangle()
            rsvg_handle_get_intrinsic_dimensions(handle, nil, nil, nil, nil, &hasViewBox, &viewBox)
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
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(pixelWidth), Int32(pixelHeight)) else {
            throw Failure(description: "cairo cannot create a \(pixelWidth) x \(pixelHeight) image")
        }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let cr = cairo_create(surface) else {
            throw Failure(description: "cairo cannot create a \(pixelWidth) x \(pixelHeight) image: \(String(cString: cairo_status_to_string(cairo_surface_status(surface))))")
        }
        defer { cairo_destroy(cr) }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        var viewport = RsvgRectangle(x: 0, y: 0, width: Double(pixelWidth), height: Double(pixelHeight))
        guard rsvg_handle_render_document(handle, cr, &viewport, &error) != 0 else {
            throw Failure(description: "librsvg cannot draw the SVG: \(Self.message(error))")
        }
        cairo_surface_flush(surface)
        let sink = PNGSink()
        let status = cairo_surface_write_to_png_stream(surface, { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<PNGSink>.fromOpaque(closure).takeUnretainedValue().data.append(data, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else {
            throw Failure(description: "cairo cannot write the PNG: \(String(cString: cairo_status_to_string(status)))")
        }
        return Image(png: sink.data, pixelWidth: pixelWidth, pixelHeight: pixelHeight,
                     width: Int(width.rounded()), height: Int(height.rounded()))
    }

    /// A GError's message, freeing it.
    private static func message(_ error: UnsafeMutablePointer<GError>?) -> String {
        guard let error else { return "unknown error" }
        defer { g_error_free(error) }
        return error.pointee.message.map { String(cString: $0) } ?? "unknown error"
    }
}

/// Collects the bytes cairo's PNG writer hands over.
private final class PNGSink {
    var data = Data()
}
