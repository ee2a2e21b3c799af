// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "ToonDB",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ToonDB", targets: ["ToonDB"]),
        .executable(name: "toondb", targets: ["toondb"]),
        .executable(name: "toondb-bench", targets: ["toondb-bench"]),
        .executable(name: "toondb-server", targets: ["toondb-server"]),
        .executable(name: "toondb-bulk", targets: ["toondb-bulk"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // Floor 1: bytes, errors, codecs, the file-system seam.
        .target(name: "ToonCore", dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]),
        // Floor 1: GNU readline and history (only ToonConsole's LineReader calls it).
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        // Floor 2: the LSM engine.
        .target(name: "ToonStorage", dependencies: ["ToonCore"], exclude: ["FORMAT.md"]),
        // Floor 2: TOON and JSON text, result-set rendering.
        .target(name: "ToonFormat", dependencies: ["ToonCore"]),
        // Floor 2: vector and text (BM25) indexes, persisted through files and a protocol ToonDB implements.
        .target(name: "ToonIndex", dependencies: ["ToonCore"], exclude: ["Vector/FORMAT.md", "Text/FORMAT.md"]),
        // Floor 3: SQL on the engine's transactions.
        .target(name: "ToonSQL", dependencies: ["ToonCore", "ToonStorage"]),
        // Floor 4: the public face.
        .target(name: "ToonDB", dependencies: ["ToonCore", "ToonStorage", "ToonFormat", "ToonIndex", "ToonSQL"]),
        // Floor 5: the IPC wire protocol (server and client) over a Unix socket.
        .target(name: "ToonWire", dependencies: ["ToonCore", "ToonDB"]),
        // Floor 5: the console's commands on a DataSource (shared with the explorer's `:` line).
        .target(name: "ToonCommands", dependencies: ["ToonCore", "ToonFormat", "ToonDB"]),
        // Floor 5: the readline console.
        .target(name: "ToonConsole", dependencies: ["ToonCommands", "ToonDB", "CReadline"]),
        // Executables: argument parsing and wiring only.
        .executableTarget(
            name: "toondb-server",
            dependencies: ["ToonWire", "ToonDB", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "toondb",
            dependencies: ["ToonDB", "ToonCommands", "ToonConsole", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .executableTarget(
            name: "toondb-bench",
            dependencies: ["ToonDB", "ToonStorage", "ToonIndex", "CSQLite",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "toondb-bulk",
            dependencies: ["ToonIndex", "ToonCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Test helper: writes acknowledged keys until it is killed (crash tests).
        .executableTarget(name: "toondb-crash-writer", dependencies: ["ToonDB"]),
        .target(name: "ToonTestSupport", dependencies: ["ToonCore", "ToonDB", "ToonIndex", "CSQLite"], path: "Tests/ToonTestSupport"),
        .testTarget(name: "ToonCoreTests", dependencies: ["ToonCore", "ToonTestSupport"]),
        .testTarget(name: "ToonStorageTests", dependencies: ["ToonStorage", "ToonCore", "ToonTestSupport"]),
        .testTarget(name: "ToonFormatTests", dependencies: ["ToonFormat", "ToonCore", "ToonTestSupport"]),
        .testTarget(name: "ToonDBTests", dependencies: ["ToonDB", "ToonCore", "ToonTestSupport"]),
        .testTarget(name: "ToonIndexTests", dependencies: ["ToonIndex", "ToonDB", "ToonCore", "ToonTestSupport"]),
        .testTarget(name: "ToonSQLTests", dependencies: ["ToonSQL", "ToonDB", "ToonTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["ToonTestSupport"]),
        .testTarget(name: "ToonCommandsTests", dependencies: ["ToonCommands", "ToonDB", "ToonTestSupport"]),
        .testTarget(name: "ToonConsoleTests", dependencies: ["ToonConsole", "ToonCommands", "CReadline", "ToonDB", "ToonTestSupport"]),
        .testTarget(name: "ToonWireTests", dependencies: ["ToonWire", "ToonDB", "ToonTestSupport"]),
        .target(name: "ToonSLT", dependencies: ["ToonDB"]),
        .executableTarget(name: "toondb-slt", dependencies: ["ToonSLT"]),
        .testTarget(name: "SQLLogicTests", dependencies: ["ToonSLT", "ToonTestSupport"],
                    exclude: ["floors.json"]),
    ],
    swiftLanguageModes: [.v6]
)
