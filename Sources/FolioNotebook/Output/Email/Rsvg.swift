import Foundation

/// librsvg and cairo, opened with `dlopen` the first time a figure is rasterised.
///
/// Linking them made every folio command map librsvg, cairo, pango, glib, X11 and their
/// dependencies (about 40 libraries) and resolve their symbols at start: measured with
/// `perf stat` on this machine, a Foundation program linking librsvg starts in 14 ms of CPU
/// against 7.5 ms without, and folio itself went from 32 ms to 25 ms for `folio --version`.
/// Only `folio email` draws PNGs, so only it pays for them now.
///
/// The declarations below are the C ABI of the 16 functions and 2 types folio uses, written
/// by hand from librsvg 2.54's `rsvg.h`, glib's `gerror.h` and cairo 1.16's `cairo.h`
/// (stable for a decade: librsvg 2.52 added the two intrinsic-size calls folio needs).
struct Rsvg: @unchecked Sendable {
    /// `RsvgRectangle`: x, y, width, height (four doubles), passed by address.
    typealias Rectangle = (x: Double, y: Double, width: Double, height: Double)

    /// The byte offset of `message` in a `GError` (a 32-bit GQuark, a 32-bit code, then
    /// the message pointer), which folio reads through the raw pointer librsvg returns.
    static let errorMessageOffset = 8

    /// `cairo_status_t` values folio reads.
    static let statusSuccess: Int32 = 0
    static let statusWriteError: Int32 = 11
    /// `CAIRO_FORMAT_ARGB32`.
    static let formatARGB32: Int32 = 0

    typealias WriteFunction = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<UInt8>?, UInt32) -> Int32

    let handleNewFromData: @convention(c) (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> OpaquePointer?
    let intrinsicSizeInPixels: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?) -> Int32
    let intrinsicDimensions: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?,
                                             UnsafeMutableRawPointer?, UnsafeMutablePointer<Int32>?, UnsafeMutableRawPointer?) -> Void
    let renderDocument: @convention(c) (OpaquePointer?, OpaquePointer?, UnsafeRawPointer?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32
    let objectUnref: @convention(c) (OpaquePointer?) -> Void
    let errorFree: @convention(c) (UnsafeMutableRawPointer?) -> Void
    let imageSurfaceCreate: @convention(c) (Int32, Int32, Int32) -> OpaquePointer?
    let surfaceDestroy: @convention(c) (OpaquePointer?) -> Void
    let surfaceStatus: @convention(c) (OpaquePointer?) -> Int32
    let create: @convention(c) (OpaquePointer?) -> OpaquePointer?
    let destroy: @convention(c) (OpaquePointer?) -> Void
    let statusToString: @convention(c) (Int32) -> UnsafePointer<CChar>?
    let setSourceRGB: @convention(c) (OpaquePointer?, Double, Double, Double) -> Void
    let paint: @convention(c) (OpaquePointer?) -> Void
    let surfaceFlush: @convention(c) (OpaquePointer?) -> Void
    let writeToPNGStream: @convention(c) (OpaquePointer?, WriteFunction?, UnsafeMutableRawPointer?) -> Int32

    /// The library, opened once per process; the reason when it cannot be.
    static let shared: Result<Rsvg, PNGRasterizer.Failure> = Rsvg.open()

    private static func open() -> Result<Rsvg, PNGRasterizer.Failure> {
        // dlsym on librsvg's handle also searches its dependencies (cairo, gobject, glib).
        guard let library = dlopen("librsvg-2.so.2", RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown error"
            return .failure(PNGRasterizer.Failure(description: "librsvg is not installed (\(reason)); install Debian's librsvg2-2 (scripts/ensure-system-packages does)"))
        }
        var missing: [String] = []
        func symbol<T>(_ name: String, as type: T.Type) -> T? {
            guard let pointer = dlsym(library, name) else { missing.append(name); return nil }
            return unsafeBitCast(pointer, to: type)
        }
        let table = (
            symbol("rsvg_handle_new_from_data", as: (@convention(c) (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> OpaquePointer?).self),
            symbol("rsvg_handle_get_intrinsic_size_in_pixels", as: (@convention(c) (OpaquePointer?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?) -> Int32).self),
            symbol("rsvg_handle_get_intrinsic_dimensions", as: (@convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?,
                                                                                  UnsafeMutableRawPointer?, UnsafeMutablePointer<Int32>?, UnsafeMutableRawPointer?) -> Void).self),
            symbol("rsvg_handle_render_document", as: (@convention(c) (OpaquePointer?, OpaquePointer?, UnsafeRawPointer?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32).self),
            symbol("g_object_unref", as: (@convention(c) (OpaquePointer?) -> Void).self),
            symbol("g_error_free", as: (@convention(c) (UnsafeMutableRawPointer?) -> Void).self),
            symbol("cairo_image_surface_create", as: (@convention(c) (Int32, Int32, Int32) -> OpaquePointer?).self),
            symbol("cairo_surface_destroy", as: (@convention(c) (OpaquePointer?) -> Void).self),
            symbol("cairo_surface_status", as: (@convention(c) (OpaquePointer?) -> Int32).self),
            symbol("cairo_create", as: (@convention(c) (OpaquePointer?) -> OpaquePointer?).self),
            symbol("cairo_destroy", as: (@convention(c) (OpaquePointer?) -> Void).self),
            symbol("cairo_status_to_string", as: (@convention(c) (Int32) -> UnsafePointer<CChar>?).self),
            symbol("cairo_set_source_rgb", as: (@convention(c) (OpaquePointer?, Double, Double, Double) -> Void).self),
            symbol("cairo_paint", as: (@convention(c) (OpaquePointer?) -> Void).self),
            symbol("cairo_surface_flush", as: (@convention(c) (OpaquePointer?) -> Void).self),
            symbol("cairo_surface_write_to_png_stream", as: (@convention(c) (OpaquePointer?, WriteFunction?, UnsafeMutableRawPointer?) -> Int32).self))
        guard let a = table.0, let b = table.1, let c = table.2, let d = table.3, let e = table.4, let f = table.5,
              let g = table.6, let h = table.7, let i = table.8, let j = table.9, let k = table.10, let l = table.11,
              let m = table.12, let n = table.13, let o = table.14, let p = table.15 else {
            return .failure(PNGRasterizer.Failure(description: "the installed librsvg lacks \(missing.joined(separator: ", ")) (folio needs librsvg 2.52 or later)"))
        }
        return .success(Rsvg(handleNewFromData: a, intrinsicSizeInPixels: b, intrinsicDimensions: c, renderDocument: d,
                             objectUnref: e, errorFree: f, imageSurfaceCreate: g, surfaceDestroy: h, surfaceStatus: i,
                             create: j, destroy: k, statusToString: l, setSourceRGB: m, paint: n, surfaceFlush: o,
                             writeToPNGStream: p))
    }
}
