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

    /// The C types of the functions, each written once.
    enum Function {
        typealias HandleNewFromData = @convention(c) (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> OpaquePointer?
        typealias IntrinsicSizeInPixels = @convention(c) (OpaquePointer?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?) -> Int32
        typealias IntrinsicDimensions = @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?,
                                                        UnsafeMutableRawPointer?, UnsafeMutablePointer<Int32>?, UnsafeMutableRawPointer?) -> Void
        typealias RenderDocument = @convention(c) (OpaquePointer?, OpaquePointer?, UnsafeRawPointer?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32
        /// Every `void f(T *)`: unref, destroy, paint, flush.
        typealias Unref = @convention(c) (OpaquePointer?) -> Void
        typealias ErrorFree = @convention(c) (UnsafeMutableRawPointer?) -> Void
        typealias ImageSurfaceCreate = @convention(c) (Int32, Int32, Int32) -> OpaquePointer?
        typealias Status = @convention(c) (OpaquePointer?) -> Int32
        typealias Create = @convention(c) (OpaquePointer?) -> OpaquePointer?
        typealias StatusToString = @convention(c) (Int32) -> UnsafePointer<CChar>?
        typealias SetSourceRGB = @convention(c) (OpaquePointer?, Double, Double, Double) -> Void
        typealias WriteToPNGStream = @convention(c) (OpaquePointer?, WriteFunction?, UnsafeMutableRawPointer?) -> Int32
    }

    let handleNewFromData: Function.HandleNewFromData
    let intrinsicSizeInPixels: Function.IntrinsicSizeInPixels
    let intrinsicDimensions: Function.IntrinsicDimensions
    let renderDocument: Function.RenderDocument
    let objectUnref: Function.Unref
    let errorFree: Function.ErrorFree
    let imageSurfaceCreate: Function.ImageSurfaceCreate
    let surfaceDestroy: Function.Unref
    let surfaceStatus: Function.Status
    let create: Function.Create
    let destroy: Function.Unref
    let statusToString: Function.StatusToString
    let setSourceRGB: Function.SetSourceRGB
    let paint: Function.Unref
    let surfaceFlush: Function.Unref
    let writeToPNGStream: Function.WriteToPNGStream

    /// The library, opened once per process; the reason when it cannot be.
    static let shared: Result<Rsvg, PNGRasterizer.Failure> = Rsvg.open()

    private static func open() -> Result<Rsvg, PNGRasterizer.Failure> {
        // dlsym on librsvg's handle also searches its dependencies (cairo, gobject, glib).
        guard let library = dlopen("librsvg-2.so.2", RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown error"
            return .failure(PNGRasterizer.Failure(description: "librsvg is not installed (\(reason)); install Debian's librsvg2-2 (scripts/ensure-system-packages does)"))
        }
        var missing: [String] = []
        func symbol<T>(_ name: String, _ type: T.Type) -> T? {
            guard let pointer = dlsym(library, name) else { missing.append(name); return nil }
            return unsafeBitCast(pointer, to: type)
        }
        let handleNewFromData = symbol("rsvg_handle_new_from_data", Function.HandleNewFromData.self)
        let intrinsicSizeInPixels = symbol("rsvg_handle_get_intrinsic_size_in_pixels", Function.IntrinsicSizeInPixels.self)
        let intrinsicDimensions = symbol("rsvg_handle_get_intrinsic_dimensions", Function.IntrinsicDimensions.self)
        let renderDocument = symbol("rsvg_handle_render_document", Function.RenderDocument.self)
        let objectUnref = symbol("g_object_unref", Function.Unref.self)
        let errorFree = symbol("g_error_free", Function.ErrorFree.self)
        let imageSurfaceCreate = symbol("cairo_image_surface_create", Function.ImageSurfaceCreate.self)
        let surfaceDestroy = symbol("cairo_surface_destroy", Function.Unref.self)
        let surfaceStatus = symbol("cairo_surface_status", Function.Status.self)
        let create = symbol("cairo_create", Function.Create.self)
        let destroy = symbol("cairo_destroy", Function.Unref.self)
        let statusToString = symbol("cairo_status_to_string", Function.StatusToString.self)
        let setSourceRGB = symbol("cairo_set_source_rgb", Function.SetSourceRGB.self)
        let paint = symbol("cairo_paint", Function.Unref.self)
        let surfaceFlush = symbol("cairo_surface_flush", Function.Unref.self)
        let writeToPNGStream = symbol("cairo_surface_write_to_png_stream", Function.WriteToPNGStream.self)
        guard let handleNewFromData, let intrinsicSizeInPixels, let intrinsicDimensions, let renderDocument, let objectUnref,
              let errorFree, let imageSurfaceCreate, let surfaceDestroy, let surfaceStatus, let create, let destroy,
              let statusToString, let setSourceRGB, let paint, let surfaceFlush, let writeToPNGStream else {
            return .failure(PNGRasterizer.Failure(description: "the installed librsvg lacks \(missing.joined(separator: ", ")) (folio needs librsvg 2.52 or later)"))
        }
        return .success(Rsvg(handleNewFromData: handleNewFromData, intrinsicSizeInPixels: intrinsicSizeInPixels,
                             intrinsicDimensions: intrinsicDimensions, renderDocument: renderDocument, objectUnref: objectUnref,
                             errorFree: errorFree, imageSurfaceCreate: imageSurfaceCreate, surfaceDestroy: surfaceDestroy,
                             surfaceStatus: surfaceStatus, create: create, destroy: destroy, statusToString: statusToString,
                             setSourceRGB: setSourceRGB, paint: paint, surfaceFlush: surfaceFlush, writeToPNGStream: writeToPNGStream))
    }
}
