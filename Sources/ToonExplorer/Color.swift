/// A colour as a theme names it: the terminal's own (`default`), one of the
/// 16 ANSI colours, one of the 256 indexed colours, or 24-bit RGB. The
/// terminal shows what it can: see ``downgraded(to:)``.
package enum Color: Sendable, Hashable {
    /// The terminal's own foreground or background.
    case `default`
    /// An ANSI colour, 0–15 (0–7 normal, 8–15 bright).
    case ansi(Int)
    /// An entry of the 256-colour palette.
    case indexed(Int)
    /// A 24-bit colour.
    case rgb(UInt8, UInt8, UInt8)

    /// The ANSI colour names a theme may use, in index order.
    package static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
                                   "bright-black", "bright-red", "bright-green", "bright-yellow",
                                   "bright-blue", "bright-magenta", "bright-cyan", "bright-white"]

    /// Parses `#RRGGBB`, an ANSI name, `default`; nil if it is none of these.
    package init?(name: String) {
        let s = name.lowercased()
        if s == "default" || s == "reset" { self = .default; return }
        if let i = Self.ansiNames.firstIndex(of: s.replacingOccurrences(of: "_", with: "-")) { self = .ansi(i); return }
        if s == "gray" || s == "grey" { self = .ansi(8); return }
        guard s.hasPrefix("#"), s.count == 7, let v = UInt32(s.dropFirst(), radix: 16) else { return nil }
        self = .rgb(UInt8(v >> 16), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF))
    }

    /// How many colours a terminal shows.
    package enum Depth: Int, Sendable, Comparable {
        /// No colour at all.
        case none = 0
        /// The 8 basic colours.
        case ansi8 = 8
        /// The 16 ANSI colours.
        case ansi16 = 16
        /// The 256-colour palette.
        case indexed256 = 256
        /// 24-bit colour.
        case trueColor = 16_777_216

        package static func < (a: Depth, b: Depth) -> Bool { a.rawValue < b.rawValue }
    }

    /// The nearest colour a terminal of `depth` can show: RGB becomes the nearest
    /// of the 256 palette (6×6×6 cube or grey ramp), that the nearest of the 16
    /// (or 8) ANSI colours. `default` stays.
    package func downgraded(to depth: Depth) -> Color {
        switch (self, depth) {
        case (.default, _): return .default
        case (_, .none): return .default
        case (.rgb, .trueColor): return self
        case (.rgb(let r, let g, let b), .indexed256): return .indexed(Self.nearest256(r, g, b))
        case (.rgb(let r, let g, let b), _): return .ansi(Self.nearestANSI(r, g, b, count: depth == .ansi8 ? 8 : 16))
        case (.indexed(let i), .indexed256), (.indexed(let i), .trueColor): return .indexed(i)
        case (.indexed(let i), _):
            if i < 16 { return .ansi(depth == .ansi8 ? i % 8 : i) }
            let (r, g, b) = Self.rgbOf256(i)
            return .ansi(Self.nearestANSI(r, g, b, count: depth == .ansi8 ? 8 : 16))
        case (.ansi(let i), .ansi8): return .ansi(i % 8)
        case (.ansi, _): return self
        }
    }

    /// The RGB value of a 256-palette entry (xterm's).
    package static func rgbOf256(_ i: Int) -> (UInt8, UInt8, UInt8) {
        if i < 16 { return ansiRGB[i] }
        if i >= 232 { let v = UInt8(8 + (i - 232) * 10); return (v, v, v) }
        let n = i - 16
        let level: (Int) -> UInt8 = { $0 == 0 ? 0 : UInt8(55 + $0 * 40) }
        return (level(n / 36), level((n / 6) % 6), level(n % 6))
    }

    /// The nearest entry of the 256-colour palette (cube or grey ramp; not the first 16, which terminals redefine).
    package static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        var best = 16, bestD = Int.max
        for i in 16..<256 {
            let d = distance(rgbOf256(i), (r, g, b))
            if d < bestD { best = i; bestD = d }
        }
        return best
    }

    static func nearestANSI(_ r: UInt8, _ g: UInt8, _ b: UInt8, count: Int) -> Int {
        var best = 0, bestD = Int.max
        for i in 0..<count {
            let d = distance(ansiRGB[i], (r, g, b))
            if d < bestD { best = i; bestD = d }
        }
        return best
    }

    private static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }

    /// The usual (xterm) values of the 16 ANSI colours.
    static let ansiRGB: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
}
