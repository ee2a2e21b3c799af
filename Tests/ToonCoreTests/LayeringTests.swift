import Foundation
import Testing

/// The floor rule of ARCHITECTURE.md ("Floors"), checked against the sources:
/// a module under `Sources/` imports only modules on lower floors — never one on
/// its own floor or above — and only modules its target declares in
/// `Package.swift`; it declares no dependency it never imports; no module
/// re-exports another (`@_exported import`); and every module has a floor.
/// The test reads files only: it imports no project module.
@Suite struct LayeringTests {
    /// The floors of ARCHITECTURE.md. A new module under `Sources/` must be placed here (and there).
    static let floors: [String: Int] = [
        "ToonCore": 1, "CVectorKernels": 1, "CNcursesw": 1, "CReadline": 1, "CSQLite": 1, "CLMDB": 1,
        "ToonStorage": 2, "ToonFormat": 2, "ToonIndex": 2, "ToonCLI": 2,
        "ToonSQL": 3, "ToonEtcd": 3, "ToonBulk": 3,
        "ToonDB": 4,
        "ToonWire": 5, "ToonGRPC": 5, "ToonHTTPAgents": 5, "ToonCommands": 5, "ToonSLT": 5,
        "ToonExplorer": 6, "ToonConsole": 6, "ToonConnect": 6,
        "toondb": 7, "toondb-server": 7, "toondb-grpc-server": 7, "toondb-bulk": 7,
        "toondb-bench": 7, "toondb-slt": 7, "toondb-crash-writer": 7, "toondb-fuzz": 7,
    ]

    /// The floor of the executables: every executable target, and nothing else, is on it.
    static let executableFloor = 7

    /// Modules of the toolchain and the platform, which any module may import undeclared.
    static let systemModules: Set<String> = [
        "Swift", "_Concurrency", "_StringProcessing", "RegexBuilder", "Synchronization", "Observation",
        "Distributed", "Foundation", "FoundationEssentials", "FoundationInternationalization",
        "FoundationNetworking", "FoundationXML", "Dispatch", "Glibc", "SwiftGlibc", "Musl", "Android",
        "Bionic", "WASILibc", "Darwin", "os", "WinSDK", "ucrt", "CRT",
    ]

    static let packageRoot = URL(fileURLWithPath: #filePath)   // …/Tests/ToonCoreTests/LayeringTests.swift
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    // MARK: The parsers themselves

    @Test func importParserReadsEveryFormOfImport() {
        let cases: [(String, String?)] = [
            ("import Foundation", "Foundation"),
            ("  import ToonCore  ", "ToonCore"),
            ("@preconcurrency import CNcursesw", "CNcursesw"),
            ("@_exported import ToonCore", "ToonCore"),
            ("@_exported import struct ToonSQL.SQLQueryResult", "ToonSQL"),
            ("import enum ToonSQL.SQLValue", "ToonSQL"),
            ("internal import ToonStorage", "ToonStorage"),
            ("public import ToonFormat", "ToonFormat"),
            ("package import OrderedCollections", "OrderedCollections"),
            ("@testable import ToonDB", "ToonDB"),
            ("@_spi(Internal) @preconcurrency public import GRPCCore", "GRPCCore"),
            ("@_implementationOnly import CSQLite", "CSQLite"),
            ("import toondb_bench", "toondb_bench"),
            ("// import Foo", nil),
            ("/// import Foo", nil),
            ("let x = 1 // import Foo", nil),
            ("importantThing()", nil),
            ("let imported = true", nil),
            ("#if canImport(Glibc)", nil),
            ("func `import`() {}", nil),
            ("import", nil),
        ]
        for (line, expected) in cases {
            #expect(Layering.importedModule(inLine: line) == expected, "\(line)")
        }
    }

    @Test func importsInCommentsAndStringsAreIgnored() {
        let source = """
            import Foundation
            // import Commented
            /* import Blocked
               import StillBlocked /* nested */
               import StillNested */
            let text = "import InAString"
            let multi = \"\"\"
            import InAMultiLineString
            \"\"\"
            let raw = #"import InARawString"#
            #if canImport(Glibc)
            @preconcurrency import Glibc
            #endif
            import struct ToonSQL.SQLRow; import ToonCore
            """
        let found = Layering.imports(inSource: source).map(\.module)
        #expect(found == ["Foundation", "Glibc", "ToonSQL", "ToonCore"])
        #expect(Layering.imports(inSource: source).map(\.line) == [1, 12, 14, 14])
    }

    @Test func manifestParserReadsTargetsAndDependencies() throws {
        let manifest = """
            let package = Package(
                name: "P",
                products: [.library(name: "A", targets: ["A"]), .executable(name: "e", targets: ["e"])],
                targets: [
                    // .target(name: "Commented", dependencies: ["Nothing"]),
                    .target(name: "A", dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]),
                    .systemLibrary(name: "CLib", path: "Sources/CLib"),
                    .target(
                        name: "B",
                        dependencies: ["A", "CLib", .target(name: "C"), .byName(name: "D"),
                                       .product(name: "GRPCCore", package: "grpc-swift-2"),
                                       .target(name: "E", condition: .when(traits: ["T"]))],
                        exclude: ["FORMAT.md"]),
                    .executableTarget(name: "e", dependencies: ["B"]),
                    .target(name: "Support", dependencies: ["A"], path: "Tests/Support"),
                    .testTarget(name: "ATests", dependencies: ["A", "Support"]),
                ]
            )
            """
        let targets = Layering.targets(inManifest: manifest)
        #expect(targets.map(\.name) == ["A", "CLib", "B", "e", "Support", "ATests"])
        #expect(targets.map(\.directory) == ["Sources/A", "Sources/CLib", "Sources/B", "Sources/e",
                                             "Tests/Support", "Tests/ATests"])
        let b = try #require(targets.first { $0.name == "B" })
        #expect(b.dependencies == ["A", "CLib", "C", "D", "GRPCCore", "E"])
        #expect(b.traitDependencies == ["E"])
        #expect(b.kind == "target")
        #expect(targets.first { $0.name == "A" }?.dependencies == ["OrderedCollections"])
        #expect(targets.first { $0.name == "e" }?.kind == "executableTarget")
    }

    // MARK: The rule, on the sources

    @Test func everyModuleUnderSourcesIsATargetWithAFloor() throws {
        let targets = try Self.sourceTargets()
        let byDirectory = Dictionary(targets.map { ($0.directory, $0) }, uniquingKeysWith: { a, _ in a })
        let directories = try FileManager.default.contentsOfDirectory(
            atPath: Self.packageRoot.appendingPathComponent("Sources").path)
            .filter { !$0.hasPrefix(".") }
            .filter { Self.isDirectory(Self.packageRoot.appendingPathComponent("Sources/\($0)")) }
            .sorted()
        #expect(!directories.isEmpty)
        for directory in directories {
            guard let target = byDirectory["Sources/\(directory)"] else {
                Issue.record("Sources/\(directory) is no target of Package.swift")
                continue
            }
            guard let floor = Self.floors[target.name] else {
                Issue.record("module \(target.name) (Sources/\(directory)) has no floor: place it in LayeringTests.floors and in ARCHITECTURE.md, \"Floors\"")
                continue
            }
            let isExecutable = target.kind == "executableTarget"
            if isExecutable != (floor == Self.executableFloor) {
                Issue.record("module \(target.name) is on floor \(floor), but floor \(Self.executableFloor) holds exactly the executable targets")
            }
        }
        for name in Self.floors.keys.sorted() where !targets.contains(where: { $0.name == name }) {
            Issue.record("LayeringTests.floors places \(name), which is no target under Sources/ in Package.swift")
        }
    }

    @Test func importsGoOnlyDownAndOnlyToDeclaredDependencies() throws {
        let targets = try Self.sourceTargets()
        let projectModules = try Set(Layering.targets(inManifest: Self.manifest()).map(\.name))
        for target in targets {
            guard let floor = Self.floors[target.name] else { continue }   // reported by everyModuleUnderSources…
            let declared = Set(target.dependencies)
            for (file, found) in try Self.imports(of: target) {
                let module = found.module
                let at = "\(file):\(found.line)"
                if Self.systemModules.contains(module) || module == target.name { continue }
                if let importedFloor = Self.floors[module], importedFloor >= floor {
                    Issue.record("\(at): \(target.name) (floor \(floor)) imports \(module) (floor \(importedFloor)): sideways or up")
                }
                if !declared.contains(module) {
                    let what = projectModules.contains(module) ? "project module" : "module"
                    Issue.record("\(at): \(target.name) imports \(what) \(module), which its target does not declare in Package.swift")
                }
            }
        }
    }

    @Test func declaredDependenciesAreImportedAndLower() throws {
        for target in try Self.sourceTargets() {
            guard let floor = Self.floors[target.name] else { continue }
            for dependency in target.dependencies {
                if let dependencyFloor = Self.floors[dependency], dependencyFloor >= floor {
                    Issue.record("Package.swift: \(target.name) (floor \(floor)) declares \(dependency) (floor \(dependencyFloor)): sideways or up")
                }
            }
            let imports = try Self.imports(of: target)
            // A target without Swift sources (C code, a system library's module map) imports nothing we can see.
            if imports.isEmpty && !Self.hasSwiftSources(target) { continue }
            let imported = Set(imports.map { $0.found.module })
            for dependency in target.dependencies where !imported.contains(dependency) {
                Issue.record("Package.swift: \(target.name) declares \(dependency) but no file under \(target.directory) imports it")
            }
        }
    }

    /// ToonDB names the lower modules' types its users need with public
    /// typealiases (`Sources/ToonDB/Exports.swift`); no module hands on another
    /// whole, so each imports, and declares, what it uses.
    @Test func noModuleReExportsAnother() throws {
        let targets = try Layering.targets(inManifest: Self.manifest())
        #expect(targets.count > 10)
        for target in targets {
            for file in Self.swiftFiles(of: target) {
                let text = try String(contentsOf: Self.packageRoot.appendingPathComponent(file), encoding: .utf8)
                for (index, line) in Layering.reExports(inSource: text) {
                    Issue.record("\(file):\(index): `\(line)` re-exports a module: import it where it is used, and name a type users need with a public typealias in Sources/ToonDB/Exports.swift")
                }
            }
        }
    }

    /// What a module uses but must not hand on to its users: imported
    /// `internal` or `package`, never plainly (which is `public` in Swift 6
    /// and makes the imported module visible to every client).
    static let hiddenImports: [String: Set<String>] = [
        "ToonSQL": ["ToonStorage"],
        "ToonIndex": ["CVectorKernels"],
        "ToonEtcd": ["ToonStorage", "GRPCCore", "GRPCNIOTransportHTTP2", "GRPCProtobuf", "SwiftProtobuf", "NIOCore", "NIOHTTP2"],
        "ToonWire": ["ToonStorage"],
        "ToonCommands": ["ToonStorage"],
        "ToonConsole": ["ToonStorage"],
        "ToonExplorer": ["ToonStorage", "TOMLKit"],
        "ToonSLT": ["Crypto", "ToonStorage"],
        "ToonHTTPAgents": ["NIOCore", "NIOPosix", "NIOSSL"],
        "ToonConnect": ["ToonStorage"],
    ]

    @Test func hiddenDependenciesAreImportedInternally() throws {
        let targets = try Self.sourceTargets()
        var checked = 0
        for (name, hidden) in Self.hiddenImports {
            let target = try #require(targets.first { $0.name == name }, "no target \(name)")
            for file in Self.swiftFiles(of: target) {
                let text = try String(contentsOf: Self.packageRoot.appendingPathComponent(file), encoding: .utf8)
                let lines = Layering.stripped(text, keepStrings: false).split(separator: "\n", omittingEmptySubsequences: false)
                for found in Layering.imports(inSource: text) where hidden.contains(found.module) {
                    checked += 1
                    if !lines[found.line - 1].contains(/^\s*(@\w+\s+)*(internal|package|private|fileprivate)\s+import\s/) {
                        Issue.record("\(file):\(found.line): \(name) imports \(found.module) without `internal` or `package`: it would reach every user of \(name)")
                    }
                }
            }
        }
        #expect(checked > 25, "the table names modules that are imported")
    }

    /// Modules only the executables (and tests) use keep everything `package`.
    static let packageOnlyModules = ["ToonExplorer", "ToonBulk", "ToonCLI", "ToonCommands", "ToonConsole", "ToonSLT"]

    @Test func modulesOfTheExecutablesDeclareNothingPublic() throws {
        let targets = try Self.sourceTargets()
        for name in Self.packageOnlyModules {
            let target = try #require(targets.first { $0.name == name }, "no target \(name)")
            for file in Self.swiftFiles(of: target) {
                let text = try String(contentsOf: Self.packageRoot.appendingPathComponent(file), encoding: .utf8)
                for (line, declaration) in Layering.publicDeclarations(inSource: text) {
                    Issue.record("\(file):\(line): `\(declaration)` is public; \(name) is used only inside the package: make it package")
                }
            }
        }
    }

    @Test func publicDeclarationFinderReadsModifiersNotWords() {
        let source = """
            public struct A {}
            @discardableResult public func b() -> Int { 1 }
            package func c() {}
            // public func commented() {}
            let text = "public func inAString()"
            public import ToonCore
            open class D {}
            open(path, 0)
            """
        #expect(Layering.publicDeclarations(inSource: source).map(\.line) == [1, 2, 7])
    }

    @Test func reExportFinderSkipsCommentsAndStrings() {
        let source = """
            import ToonCore
            // @_exported import Commented
            let text = "@_exported import InAString"
            @_exported import struct ToonSQL.SQLRow
            """
        #expect(Layering.reExports(inSource: source).map(\.line) == [4])
    }

    @Test func floorsAgreeWithArchitectureMd() throws {
        let text = try String(contentsOf: Self.packageRoot.appendingPathComponent("ARCHITECTURE.md"), encoding: .utf8)
        let documented = Layering.floors(inArchitecture: text)
        #expect(!documented.isEmpty, "ARCHITECTURE.md has no \"## Floors\" table")
        for name in Set(documented.keys).union(Self.floors.keys).sorted() where documented[name] != Self.floors[name] {
            let doc = documented[name].map { "floor \($0)" } ?? "missing"
            let here = Self.floors[name].map { "floor \($0)" } ?? "missing"
            Issue.record("\(name): ARCHITECTURE.md says \(doc), LayeringTests.floors says \(here)")
        }
    }

    @Test func floorCommentsInPackageSwiftAgree() throws {
        for (line, name, floor) in Layering.floorComments(inManifest: try Self.manifest()) {
            if Self.floors[name] != floor {
                let actual = Self.floors[name].map { "floor \($0)" } ?? "no floor"
                Issue.record("Package.swift:\(line): the comment puts \(name) on floor \(floor); it is on \(actual)")
            }
        }
    }

    /// What `make demo` builds: `toondb` without the default `GRPC` trait must
    /// compile no gRPC, SwiftNIO, AsyncHTTPClient or protobuf module (README,
    /// "Set up"), and so neither the gRPC client nor the etcd client nor the
    /// HTTP transport of remote agents, while the default build still reaches the gRPC client.
    @Test func theLeanToondbLeavesGRPCOut() throws {
        let targets = try Layering.targets(inManifest: Self.manifest())
        let grpcModules: Set<String> = ["ToonGRPC", "ToonEtcd", "GRPCCore", "GRPCNIOTransportHTTP2", "GRPCProtobuf",
                                        "SwiftProtobuf", "NIOCore", "NIOHTTP2", "ToonHTTPAgents", "AsyncHTTPClient",
                                        "NIOPosix", "NIOSSL"]
        let lean = Layering.closure(of: "toondb", in: targets, withTraits: false)
        #expect(lean.contains("ToonConnect") && lean.contains("ToonExplorer"), "\(lean.sorted())")
        #expect(lean.isDisjoint(with: grpcModules),
                "toondb without the GRPC trait reaches \(lean.intersection(grpcModules).sorted())")
        // Outside the package, the lean build compiles these small libraries and nothing more.
        let projectModules = Set(targets.map(\.name))
        #expect(lean.subtracting(projectModules) == ["ArgumentParser", "OrderedCollections", "TOMLKit", "Logging"],
                "toondb without the GRPC trait reaches \(lean.subtracting(projectModules).sorted())")
        let full = Layering.closure(of: "toondb", in: targets, withTraits: true)
        #expect(full.contains("ToonGRPC"), "toondb with the GRPC trait no longer reaches the gRPC client")
    }

    /// The embedded engine links no network stack, whatever the traits: remote
    /// tool agents reach the network only through a `RemoteAgentTransport`
    /// given to the dispatcher (ToonHTTPAgents, above ToonDB).
    @Test func theEngineLinksNoNetworkStack() throws {
        let targets = try Layering.targets(inManifest: Self.manifest())
        let engine = Layering.closure(of: "ToonDB", in: targets, withTraits: true)
        #expect(engine.contains("ToonStorage"), "\(engine.sorted())")
        let network: Set<String> = ["ToonHTTPAgents", "AsyncHTTPClient", "NIOCore", "NIOPosix", "NIOSSL", "NIOHTTP2",
                                    "GRPCCore", "ToonEtcd", "ToonGRPC"]
        #expect(engine.isDisjoint(with: network), "ToonDB reaches \(engine.intersection(network).sorted())")
        let agents = Layering.closure(of: "ToonHTTPAgents", in: targets, withTraits: true)
        #expect(agents.contains("AsyncHTTPClient") && agents.contains("ToonDB"))
    }

    // MARK: Helpers

    static func manifest() throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
    }

    /// The targets whose sources are under `Sources/`.
    static func sourceTargets() throws -> [Layering.Target] {
        let targets = try Layering.targets(inManifest: manifest()).filter { $0.directory.hasPrefix("Sources/") }
        #expect(targets.count > 10, "Package.swift parsed to too few targets: \(targets.map(\.name))")
        return targets
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func swiftFiles(of target: Layering.Target) -> [String] {
        let directory = packageRoot.appendingPathComponent(target.directory).path
        let paths = (try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? []
        return paths.filter { $0.hasSuffix(".swift") }.sorted().map { "\(target.directory)/\($0)" }
    }

    static func hasSwiftSources(_ target: Layering.Target) -> Bool { !swiftFiles(of: target).isEmpty }

    /// Every import of every Swift file of the target, with the file's path relative to the package root.
    static func imports(of target: Layering.Target) throws -> [(file: String, found: Layering.Import)] {
        try swiftFiles(of: target).flatMap { file in
            let text = try String(contentsOf: packageRoot.appendingPathComponent(file), encoding: .utf8)
            return Layering.imports(inSource: text).map { (file: file, found: $0) }
        }
    }
}

/// Line-based readers of Swift sources, `Package.swift` and ARCHITECTURE.md, good enough for this repository.
enum Layering {
    /// Every module `name` depends on, directly or not (itself included), with or without the trait-only dependencies.
    static func closure(of name: String, in targets: [Target], withTraits: Bool) -> Set<String> {
        let byName = Dictionary(targets.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var seen: Set<String> = []
        var pending = [name]
        while let next = pending.popLast() {
            guard seen.insert(next).inserted, let target = byName[next] else { continue }
            pending += target.dependencies.filter { withTraits || !target.traitDependencies.contains($0) }
        }
        return seen
    }

    struct Import: Equatable {
        var line: Int
        var module: String
    }

    struct Target {
        var kind: String           // target, executableTarget, systemLibrary, testTarget, …
        var name: String
        var directory: String      // relative to the package root
        var dependencies: [String] // target names, and product names (taken as module names)
        var traitDependencies: Set<String> = []  // those of them only a package trait brings (`condition: .when(traits:)`)
    }

    static let modifiers: Set<String> = ["public", "internal", "package", "private", "fileprivate", "open"]
    static let importKinds: Set<String> = ["typealias", "struct", "class", "enum", "protocol", "let", "var", "func"]

    /// The module a line imports: attributes and access modifiers, `import`, an optional
    /// declaration kind, then a module path whose first component is returned.
    static func importedModule(inLine line: some StringProtocol) -> String? {
        var tokens = String(line).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)[...]
        while let token = tokens.first {
            if token.hasPrefix("@") {
                tokens = tokens.dropFirst()
                if token.contains("(") && !token.contains(")") {   // an attribute argument with blanks: @_spi( X )
                    while let rest = tokens.first, !rest.contains(")") { tokens = tokens.dropFirst() }
                    tokens = tokens.dropFirst()
                }
            } else if modifiers.contains(token) {
                tokens = tokens.dropFirst()
            } else {
                break
            }
        }
        guard tokens.first == "import" else { return nil }
        tokens = tokens.dropFirst()
        if let kind = tokens.first, importKinds.contains(kind) { tokens = tokens.dropFirst() }
        guard let path = tokens.first, let first = path.split(separator: ".").first else { return nil }
        guard let head = first.first, head == "_" || head.isLetter,
              first.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) else { return nil }
        return String(first)
    }

    /// The imports of a Swift source, comments and string literals left out.
    static func imports(inSource source: String) -> [Import] {
        let code = stripped(source, keepStrings: false)
        var found: [Import] = []
        for (index, line) in code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for statement in line.split(separator: ";") {
                if let module = importedModule(inLine: statement) { found.append(Import(line: index + 1, module: module)) }
            }
        }
        return found
    }

    /// The public or open declarations of a Swift source (numbered from 1), `public import` left out.
    static func publicDeclarations(inSource source: String) -> [(line: Int, text: String)] {
        let declaration = /^\s*(@\w+(\([^)]*\))?\s+)*(public|open)\s/
        return stripped(source, keepStrings: false).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.contains(declaration) && !$0.element.contains(/(public|open)\s+import\s/) }
            .map { (line: $0.offset + 1, text: $0.element.trimmingCharacters(in: .whitespaces)) }
    }

    /// The lines (numbered from 1) of a Swift source that re-export a module, comments and string literals left out.
    static func reExports(inSource source: String) -> [(line: Int, text: String)] {
        stripped(source, keepStrings: false).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.contains("@_exported") }
            .map { (line: $0.offset + 1, text: $0.element.trimmingCharacters(in: .whitespaces)) }
    }

    /// The text with comments (and, unless kept, the contents of string literals) blanked out; line breaks stay.
    static func stripped(_ text: String, keepStrings: Bool) -> String {
        let c = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        func blank(_ s: Unicode.Scalar) { out.append(s == "\n" ? "\n" : " ") }
        func at(_ i: Int, _ s: Unicode.Scalar) -> Bool { i < c.count && c[i] == s }
        var i = 0
        while i < c.count {
            if at(i, "/") && at(i + 1, "/") {
                while i < c.count && c[i] != "\n" { blank(c[i]); i += 1 }
            } else if at(i, "/") && at(i + 1, "*") {
                var depth = 0
                repeat {
                    if at(i, "/") && at(i + 1, "*") { depth += 1; blank(c[i]); blank(c[i + 1]); i += 2 }
                    else if at(i, "*") && at(i + 1, "/") { depth -= 1; blank(c[i]); blank(c[i + 1]); i += 2 }
                    else { blank(c[i]); i += 1 }
                } while depth > 0 && i < c.count
            } else if c[i] == "\"" || c[i] == "#" {
                var j = i, hashes = 0
                while at(j, "#") { hashes += 1; j += 1 }
                guard at(j, "\"") else { out.append(c[i]); i += 1; continue }
                let quotes = at(j + 1, "\"") && at(j + 2, "\"") ? 3 : 1
                while i < j + quotes { out.append(c[i]); i += 1 }
                while i < c.count {
                    if hashes == 0 && c[i] == "\\" {
                        if keepStrings { out.append(c[i]) } else { blank(c[i]) }
                        if i + 1 < c.count { if keepStrings { out.append(c[i + 1]) } else { blank(c[i + 1]) } }
                        i += 2
                        continue
                    }
                    if (i..<(i + quotes)).allSatisfy({ at($0, "\"") })
                        && ((i + quotes)..<(i + quotes + hashes)).allSatisfy({ at($0, "#") }) {
                        for _ in 0..<(quotes + hashes) { out.append(c[i]); i += 1 }
                        break
                    }
                    if quotes == 1 && c[i] == "\n" { break }   // unterminated; give up at the line's end
                    if keepStrings { out.append(c[i]) } else { blank(c[i]) }
                    i += 1
                }
            } else {
                out.append(c[i])
                i += 1
            }
        }
        return String(out)
    }

    static let targetKinds: Set<String> = ["target", "executableTarget", "systemLibrary", "testTarget",
                                           "binaryTarget", "plugin", "macro"]

    /// The targets a manifest declares, in order: `.kind(name: "N", dependencies: [...], path: "...", ...)`.
    static func targets(inManifest manifest: String) -> [Target] {
        let c = Array(stripped(manifest, keepStrings: true))
        var targets: [Target] = []
        var i = 0
        while i < c.count {
            guard c[i] == "." else { i += 1; continue }
            var j = i + 1
            while j < c.count && (c[j].isLetter || c[j].isNumber || c[j] == "_") { j += 1 }
            let kind = String(c[(i + 1)..<j])
            while j < c.count && c[j].isWhitespace { j += 1 }
            guard targetKinds.contains(kind), j < c.count, c[j] == "(", let close = matching(c, j) else {
                i += 1
                continue
            }
            let arguments = labeled(topLevel(c[(j + 1)..<close], separator: ","))
            if let name = arguments["name"].flatMap(stringLiteral) {
                let directory = arguments["path"].flatMap(stringLiteral)
                    ?? (kind == "testTarget" ? "Tests/\(name)" : kind == "plugin" ? "Plugins/\(name)" : "Sources/\(name)")
                var dependencies: [String] = []
                var traitDependencies: Set<String> = []
                if let list = arguments["dependencies"]?.trimmingCharacters(in: .whitespacesAndNewlines),
                   list.hasPrefix("["), list.hasSuffix("]") {
                    let items = topLevel(Array(list.dropFirst().dropLast())[...], separator: ",")
                    for item in items {
                        let item = item.trimmingCharacters(in: .whitespacesAndNewlines)
                        if let plain = stringLiteral(item) {
                            dependencies.append(plain)
                        } else if let open = item.firstIndex(of: "("), item.hasSuffix(")") {
                            let inner = labeled(topLevel(Array(item[item.index(after: open)..<item.index(before: item.endIndex)])[...],
                                                         separator: ","))
                            if let name = inner["name"].flatMap(stringLiteral) {
                                dependencies.append(name)
                                if inner["condition"]?.contains("traits:") == true { traitDependencies.insert(name) }
                            }
                        }
                    }
                }
                targets.append(Target(kind: kind, name: name, directory: directory, dependencies: dependencies,
                                      traitDependencies: traitDependencies))
            }
            i = close + 1
        }
        return targets
    }

    /// The index of the bracket closing the one at `open`, strings skipped.
    static func matching(_ c: [Character], _ open: Int) -> Int? {
        var depth = 0, inString = false, i = open
        while i < c.count {
            let ch = c[i]
            if inString {
                if ch == "\\" { i += 1 } else if ch == "\"" { inString = false }
            } else if ch == "\"" {
                inString = true
            } else if ch == "(" || ch == "[" {
                depth += 1
            } else if ch == ")" || ch == "]" {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return nil
    }

    /// The pieces of `c` between separators outside brackets and strings.
    static func topLevel(_ c: ArraySlice<Character>, separator: Character) -> [String] {
        var pieces: [String] = [], current = "", depth = 0, inString = false
        var i = c.startIndex
        while i < c.endIndex {
            let ch = c[i]
            if inString {
                if ch == "\\", i + 1 < c.endIndex { current.append(ch); i += 1; current.append(c[i]); i += 1; continue }
                if ch == "\"" { inString = false }
            } else if ch == "\"" {
                inString = true
            } else if ch == "(" || ch == "[" {
                depth += 1
            } else if ch == ")" || ch == "]" {
                depth -= 1
            } else if ch == separator && depth == 0 {
                pieces.append(current)
                current = ""
                i += 1
                continue
            }
            current.append(ch)
            i += 1
        }
        if !current.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { pieces.append(current) }
        return pieces
    }

    /// `label: value` arguments by label (unlabeled ones are dropped).
    static func labeled(_ arguments: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for argument in arguments {
            guard let colon = argument.firstIndex(of: ":") else { continue }
            let label = argument[..<colon].trimmingCharacters(in: .whitespacesAndNewlines)
            guard !label.isEmpty, label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { continue }
            if result[label] == nil {
                result[label] = argument[argument.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        return result
    }

    /// The contents of a plain string literal `"…"` without escapes, or nil.
    static func stringLiteral(_ text: String) -> String? {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return nil }
        let inner = text.dropFirst().dropLast()
        guard !inner.contains("\""), !inner.contains("\\") else { return nil }
        return String(inner)
    }

    /// The `// Floor N: …` comments of a manifest, each with the name of the target it stands above.
    static func floorComments(inManifest manifest: String) -> [(line: Int, name: String, floor: Int)] {
        let lines = manifest.split(separator: "\n", omittingEmptySubsequences: false)
        var result: [(line: Int, name: String, floor: Int)] = []
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("// Floor ") else { continue }
            let number = trimmed.dropFirst("// Floor ".count).prefix { $0.isNumber }
            guard let floor = Int(number) else { continue }
            // The name of the next target: the first `name: "…"` below the comment.
            for next in lines[(index + 1)...] {
                if next.trimmingCharacters(in: .whitespaces).hasPrefix("//") { continue }
                guard let range = next.range(of: "name: \"") else { continue }
                let name = next[range.upperBound...].prefix { $0 != "\"" }
                result.append((line: index + 1, name: String(name), floor: floor))
                break
            }
        }
        return result
    }

    /// The floors of ARCHITECTURE.md's "## Floors" table: `| N | A, B | … |`; the row
    /// `executables` names its modules in backticks in the last column.
    static func floors(inArchitecture text: String) -> [String: Int] {
        var result: [String: Int] = [:]
        var inSection = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { inSection = line.trimmingCharacters(in: .whitespaces) == "## Floors"; continue }
            guard inSection, line.hasPrefix("|") else { continue }
            let columns = line.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard columns.count >= 4, let floor = Int(columns[1]) else { continue }
            var names = columns[2].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if names == ["executables"] {
                names = columns[3].split(separator: "`", omittingEmptySubsequences: false)
                    .enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            }
            for name in names where !name.isEmpty { result[name] = floor }
        }
        return result
    }
}
